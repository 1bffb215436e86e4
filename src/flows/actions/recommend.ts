import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';
import { productCard } from './product-card.js';

/** `do: recommend`: picks from the catalog for what the shopper wrote (`with: { query, limit }` to fix it). */
export const recommend: FlowAction = async ({ context, event, args, services, tx, address }) => {
  const text = String(args.query ?? event.text ?? '');
  const limit = Number(args.limit ?? 3);
  // What this shopper paid for before, newest first: the recommender favours what goes with it.
  const orders = await tx.orders.listByConversation(address);
  const bought = orders
    .filter((order) => order.status === 'paid' || order.status === 'fulfilled')
    .reverse()
    .flatMap((order) => order.lines.map((line) => line.productId));
  const picks = await services.recommender.recommend({
    text,
    locale: context.locale,
    limit,
    seen: context.seen,
    ...(bought.length > 0 ? { bought } : {}),
  });
  const products = await tx.catalog.getMany(picks.map((pick) => pick.productId));
  if (products.length === 0)
    return { replies: [{ type: 'text', text: builtInText('noRecommendations', context, services) }] };
  const reasons = new Map(picks.map((pick) => [pick.productId, pick.reason]));
  const ids = products.map((product) => product.id);
  return {
    replies: [
      {
        type: 'products',
        products: products.map((product) => productCard(product, { context, services }, reasons.get(product.id))),
      },
    ],
    context: { lastRecommendations: ids, seen: [...context.seen.filter((id) => !ids.includes(id)), ...ids].slice(-50) },
  };
};
