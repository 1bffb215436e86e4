import { canSell } from '../../core/index.js';
import { ActionFailure, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { encodePayload } from '../payload.js';
import { builtInText, localText } from '../render.js';
import { productData } from './product-card.js';

/** `do: addToCart` (the card's button): one more of a product, if the catalog has it in stock. */
export const addToCart: FlowAction = async ({ context, args, services, tx }) => {
  const id = String(args.arg ?? args.product ?? '');
  const product = id ? await tx.catalog.get(id) : undefined;
  if (!product) throw new ActionFailure(messages.noLongerAvailable);
  const data = productData(product, { context, services });
  const inCart = context.cart.find((line) => line.productId === id)?.quantity ?? 0;
  if (!canSell(product, inCart)) {
    const failure = product.stock === 0 ? messages.outOfStock : messages.notEnoughStock;
    // A sold-out option of a product with others on sale offers the product's options again.
    const siblings = product.parent ? await tx.catalog.variants(product.parent) : [];
    const others = siblings.some((variant) => variant.id !== id && canSell(variant));
    throw new ActionFailure(
      Object.fromEntries(
        Object.keys(failure).map((locale) => [locale, localText(failure, { ...context, locale }, services, data)]),
      ),
      others
        ? {
            choices: [
              {
                label: builtInText('chooseOptionsButton', context, services),
                payload: encodePayload({ kind: 'do', action: 'chooseVariant', arg: product.parent! }),
                action: 'chooseVariant',
              },
            ],
          }
        : {},
    );
  }
  const cart =
    inCart > 0
      ? context.cart.map((line) => (line.productId === id ? { ...line, quantity: line.quantity + 1 } : line))
      : [...context.cart, { productId: id, quantity: 1 }];
  return {
    replies: [{ type: 'text', text: builtInText('added', context, services, data) }],
    context: { cart, seen: [...context.seen.filter((seen) => seen !== id), id].slice(-50) },
  };
};
