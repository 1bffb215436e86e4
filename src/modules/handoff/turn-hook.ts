import type { InboundEvent, TurnHook } from '../../core/index.js';

/**
 * Handoff to a person: a `handoff` reply opens the conversation in the console's queue; while a
 * person has it, what the shopper says is kept for them and the bot stays quiet. Payments still run
 * the flow, so the shopper is told the money landed.
 */
export const handoffHook: TurnHook = {
  name: 'handoff',
  async intercept({ tx, event, key, at, opened }) {
    if (event.type === 'payment') return false;
    const held = opened ? opened.handoff === true : (await tx.handoffs.get(key)) !== undefined;
    if (held) await tx.handoffs.touch(key, describeInbound(event), at);
    return held;
  },
  async shouldPrepare({ store, event, key }) {
    return event.type === 'payment' || (await store.handoffs.get(key)) === undefined;
  },
  async after({ tx, event, result, at }) {
    const handingOff = result.replies.find((reply) => reply.type === 'handoff');
    if (handingOff?.type === 'handoff') await tx.handoffs.open(event.address, handingOff.reason, at);
  },
};

/** What the shopper did, in a few words, for a person's queue. */
function describeInbound(event: InboundEvent): string {
  switch (event.type) {
    case 'text':
      return event.text;
    case 'postback':
      return event.text ?? `[button ${event.payload}]`;
    default:
      return `[${event.type}]`;
  }
}
