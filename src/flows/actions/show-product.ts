import type { ProductCard } from '../../core/index.js';
import { ActionFailure, type ActionInput, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { builtInText } from '../render.js';
import { productCard, variantsCard } from './product-card.js';

/**
 * `do: showProduct` (the "Details" button): one product (or a product with variants) as a detail
 * view (`detail: true`): its image, full description, options and stock, with the card's actions
 * but not the Details button itself.
 */
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
    replies: [{ type: 'products', products: [detailCard(card, input)], detail: true }],
    context: { seen: [...context.seen.filter((seen) => !shown.includes(seen)), ...shown].slice(-50) },
  };
};

/** The card as its detail view shows it: the stock in the shopper's language, no Details button. */
function detailCard(card: ProductCard, { context, services }: Pick<ActionInput, 'context' | 'services'>): ProductCard {
  const stockLabel =
    card.stock === undefined
      ? undefined
      : card.stock > 0
        ? builtInText('inStock', context, services, { product: { stock: card.stock } })
        : builtInText('soldOut', context, services);
  return {
    ...card,
    ...(stockLabel ? { stockLabel } : {}),
    actions: card.actions.filter((action) => action.action !== 'showProduct'),
  };
}
