import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';

/** `do: handoff`: tells the shopper a person will answer and emits a `handoff` reply for the merchant's inbox. */
export const handoff: FlowAction = async ({ context, event, args, services }) => ({
  replies: [
    { type: 'text', text: builtInText('handoff', context, services) },
    { type: 'handoff', reason: String(args.reason ?? event.text ?? 'the shopper asked for a person') },
  ],
});
