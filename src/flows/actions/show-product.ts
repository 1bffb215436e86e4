import { ActionFailure, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { productCard, variantsCard } from './product-card.js';

/** `do: showProduct` (the "Details" button): one product (or a product with variants), its image and full description. */
export const showProduct: FlowAction = async ({ context, args, services, tx }) => {
  const id = String(args.arg ?? args.product ?? '');
  const product = id ? await tx.catalog.get(id) : undefined;
  const variants = id && !product ? await tx.catalog.variants(id) : [];
  if (!product && variants.length === 0) throw new ActionFailure(messages.noLongerAvailable);
  const input = { context, services };
  const siblings = product?.parent ? await tx.catalog.variants(product.parent) : [];
  const card = product
    ? siblings.length > 1
      ? variantsCard(siblings, input, { pinned: product })
      : productCard(product, input)
    : variantsCard(variants, input);
  const shown = product ? [id] : variants.map((variant) => variant.id);
  return {
    replies: [{ type: 'products', products: [card] }],
    context: { seen: [...context.seen.filter((seen) => !shown.includes(seen)), ...shown].slice(-50) },
  };
};
