import type { TurnHook } from '../../core/index.js';

/** A payment can land long after the shopper's last message: its replies are order updates, for channels with a reply window. */
export const orderUpdatesHook: TurnHook = {
  name: 'order-updates',
  replies(event, replies) {
    return event.type === 'payment'
      ? replies.map((reply) => ({ ...reply, purpose: reply.purpose ?? ('order_update' as const) }))
      : replies;
  },
};
