import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';

/** `do: optIn`: the shopper agrees to marketing messages on this channel; stored with time and source. */
export const optIn: FlowAction = async ({ context, services, address, tx, now }) => {
  await tx.consents.set(address, true, 'flow:optIn', now.toISOString());
  return { replies: [{ type: 'text', text: builtInText('optedIn', context, services) }] };
};

/** `do: optOut`: withdraws it; no marketing message reaches the shopper after this. */
export const optOut: FlowAction = async ({ context, services, address, tx, now }) => {
  await tx.consents.set(address, false, 'flow:optOut', now.toISOString());
  return { replies: [{ type: 'text', text: builtInText('optedOut', context, services) }] };
};
