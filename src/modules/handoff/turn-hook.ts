import type { InboundEvent, TurnHook } from '../../core/index.js';

export interface HandoffHookOptions {
  /**
   * Minutes of quiet after the business last answered from the platform's own app (an `ownerReply`)
   * before the bot takes the conversation back, at the shopper's next message (kaiwa.yaml
   * `handoff.ownerQuietMinutes`). 0: only a person returns it, from the console. Default 30.
   */
  ownerQuietMinutes?: number;
}

/** The default quiet period after an owner reply: 30 minutes. */
export const defaultOwnerQuietMinutes = 30;

/**
 * Handoff to a person: a `handoff` reply opens the conversation in the console's queue; while a
 * person has it, what the shopper says is kept for them and the bot stays quiet. Payments still run
 * the flow, so the shopper is told the money landed. An owner reply (the business answering from
 * the Messenger Page inbox or the WhatsApp Business app) opens one too, which ends by itself after
 * `ownerQuietMinutes` without another owner reply, or when a person returns it.
 */
export function createHandoffHook(options: HandoffHookOptions = {}): TurnHook {
  const quietMs = (options.ownerQuietMinutes ?? defaultOwnerQuietMinutes) * 60_000;
  return {
    name: 'handoff',
    async intercept({ tx, event, key, at, opened }) {
      if (event.type === 'payment') return false;
      if (event.type === 'ownerReply') {
        const resumesAt = quietMs > 0 ? new Date(Date.parse(at) + quietMs).toISOString() : undefined;
        await tx.handoffs.pauseForOwner(event.address, ownerReason(event.address.channel), at, resumesAt);
        return true;
      }
      const held = opened ? opened.handoff === true : (await tx.handoffs.get(key)) !== undefined;
      // An owner's pause that has run its quiet period out: the bot answers again.
      if (!held || (await tx.handoffs.resumeIfQuiet(key, at))) return false;
      await tx.handoffs.touch(key, describeInbound(event), at);
      return true;
    },
    async shouldPrepare({ store, event, key }) {
      if (event.type === 'ownerReply') return false;
      return event.type === 'payment' || (await store.handoffs.get(key)) === undefined;
    },
    async after({ tx, event, result, at }) {
      const handingOff = result.replies.find((reply) => reply.type === 'handoff');
      if (handingOff?.type === 'handoff') await tx.handoffs.open(event.address, handingOff.reason, at);
    },
  };
}

/** The handoff hook with the default quiet period after an owner reply. */
export const handoffHook: TurnHook = createHandoffHook();

/** Why the queue holds a conversation the business answered in from the platform's app. */
function ownerReason(channel: string): string {
  const app =
    { whatsapp: 'the WhatsApp Business app', messenger: 'the Page inbox', instagram: 'the Instagram app' }[channel] ??
    `the ${channel} app`;
  return `the shop answered from ${app}`;
}

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
