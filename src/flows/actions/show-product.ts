import { ActionFailure, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { productCard } from './product-card.js';

/** `do: showProduct` (the "Details" button): one product, its image and full description. */
export const showProduct: FlowAction = async ({ context, args, services, tx }) => {
  const id = String(args.arg ?? args.product ?? '');
  const product = id ? await tx.catalog.get(id) : undefined;
  if (!product) throw new ActionFailure(messages.noLongerAvailable);
  const card = productCard(product, { context, services });
  return {
    replies: [{ type: 'products', products: [card] }],
    context: { seen: [...context.seen.filter((seen) => seen !== id), id].slice(-50) },
  };
};
