import { productKey, type Product, type Recommendation } from '../../core/index.js';
import { namedOptionValues, optionVocabulary } from '../../catalog/option-words.js';
import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';
import { productCard, variantsCard } from './product-card.js';

/** Rounds of asking the recommender for more when variants of a few products fill its picks. */
const maxRounds = 3;

/**
 * `do: recommend`: picks from the catalog for what the shopper wrote (`with: { query, limit }` to
 * fix it). Products rank, not variants: the variants picked for one product make one card.
 */
export const recommend: FlowAction = async ({ context, event, args, services, tx, address }) => {
  const text = String(args.query ?? event.text ?? '');
  const limit = Number(args.limit ?? 3);
  // What this shopper paid for before, newest first: the recommender favours what goes with it.
  const orders = await tx.orders.listByConversation(address);
  const bought = orders
    .filter((order) => order.status === 'paid' || order.status === 'fulfilled')
    .reverse()
    .flatMap((order) => order.lines.map((line) => line.productId));
  const groups = new Map<string, { picks: Product[]; reason: string }>();
  const exclude: string[] = [];
  for (let round = 0; round < maxRounds && groups.size < limit; round += 1) {
    const picks: Recommendation[] = await services.recommender.recommend({
      text,
      locale: context.locale,
      limit: limit * 2,
      seen: context.seen,
      ...(exclude.length > 0 ? { exclude } : {}),
      ...(bought.length > 0 ? { bought } : {}),
    });
    if (picks.length === 0) break;
    const products = await tx.catalog.getMany(picks.map((pick) => pick.productId));
    const reasons = new Map(picks.map((pick) => [pick.productId, pick.reason]));
    for (const product of products) {
      exclude.push(product.id);
      const key = productKey(product);
      const group = groups.get(key);
      if (group) group.picks.push(product);
      else if (groups.size < limit) groups.set(key, { picks: [product], reason: reasons.get(product.id) ?? '' });
    }
    // A product whose variants came up once is complete: none of its other variants is asked for again.
    for (const key of groups.keys())
      if (key !== groups.get(key)!.picks[0]!.id) exclude.push(...(await tx.catalog.variants(key)).map((v) => v.id));
    if (picks.length < limit * 2) break;
  }
  if (groups.size === 0)
    return { replies: [{ type: 'text', text: builtInText('noRecommendations', context, services) }] };
  const cards = [];
  const shown: string[] = [];
  for (const [key, group] of groups) {
    const first = group.picks[0]!;
    const variants = first.parent ? await tx.catalog.variants(key) : [];
    cards.push(
      variants.length > 1
        ? variantsCard(variants, { context, services }, found(text, variants, group))
        : productCard(first, { context, services }, group.reason || undefined),
    );
    shown.push(...group.picks.map((pick) => pick.id));
  }
  const ids = cards.map((card) => card.id);
  return {
    replies: [{ type: 'products', products: cards }],
    context: {
      lastRecommendations: ids,
      seen: [...context.seen.filter((id) => !shown.includes(id)), ...shown].slice(-50),
    },
  };
};

/** What the shopper's words say about one product's variants: the one they pinned ("black, size M"), the picked variant's image. */
function found(
  text: string,
  variants: readonly Product[],
  group: { picks: Product[]; reason: string },
): Parameters<typeof variantsCard>[2] {
  const named = namedOptionValues(text, optionVocabulary(variants));
  const names = Object.keys(optionVocabulary(variants));
  const matching = variants.filter((variant) =>
    Object.entries(named).every(([name, values]) => values.includes(variant.options?.[name] ?? '')),
  );
  const pinned = names.every((name) => named[name]) && matching.length === 1 ? matching[0] : undefined;
  const image = group.picks.find((pick) => pick.imageUrl)?.imageUrl;
  return {
    ...(group.reason ? { reason: group.reason } : {}),
    ...(pinned ? { pinned } : {}),
    ...(image ? { image } : {}),
  };
}
