import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';
import { productData } from './product-card.js';

/** `do: removeFromCart`: drops a product's line from the cart (a no-op if it is not there). */
export const removeFromCart: FlowAction = async ({ context, args, services, tx }) => {
  const id = String(args.arg ?? args.product ?? '');
  const product = await tx.catalog.get(id);
  const cart = context.cart.filter((line) => line.productId !== id);
  const data = product ? productData(product, { context, services }) : { product: { title: id } };
  return { replies: [{ type: 'text', text: builtInText('removed', context, services, data) }], context: { cart } };
};
