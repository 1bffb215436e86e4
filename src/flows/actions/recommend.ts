import { pickText, productKey, type Choice, type Product, type Recommendation, type Reply } from '../../core/index.js';
import { namedOptionValues, optionVocabulary } from '../../catalog/option-words.js';
import type { ActionInput, FlowAction } from '../context.js';
import { encodePayload } from '../payload.js';
import { builtInText } from '../render.js';
import { productCard, variantsCard } from './product-card.js';

/** Rounds of asking the recommender for more when variants of a few products fill its picks. */
const maxRounds = 3;
/** Categories offered when a request finds nothing; fewer than two, and popular products are shown instead. */
const maxCategories = 4;
/** Telegram's callback_data limit, which every button payload keeps to. */
const maxPayloadBytes = 64;

/**
 * `do: recommend`: picks from the catalog for what the shopper wrote (`with: { query, limit }` to
 * fix it). Products rank, not variants: the variants picked for one product make one card. When
 * no product matches the words (the picks are stand-ins, `insteadOf`), it says so — "We don't
 * carry “tents”. Here is what we have:" — with the catalog's most common tags as buttons that run
 * `recommend` for the tag (`k1:do:recommend:<tag>`), or, in a catalog without them, popular products.
 */
export const recommend: FlowAction = async (input) => {
  const { context, event, args, services, tx, address } = input;
  // A category button carries its tag; any other button's argument (a product id) is no request.
  const text = String(args.query ?? (event.type === 'recommend' ? args.arg : undefined) ?? event.text ?? '');
  const limit = Number(args.limit ?? 3);
  // What this shopper paid for before, newest first: the recommender favours what goes with it.
  const orders = await tx.orders.listByConversation(address);
  const bought = orders
    .filter((order) => order.status === 'paid' || order.status === 'fulfilled')
    .reverse()
    .flatMap((order) => order.lines.map((line) => line.productId));
  const groups = new Map<string, { picks: Product[]; reason: string }>();
  const exclude: string[] = [];
  let insteadOf: readonly string[] | undefined;
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
    if (round === 0 && picks.every((pick) => pick.insteadOf?.length)) {
      insteadOf = picks[0]!.insteadOf!;
      const categories = categoryChoices(input);
      if (categories.length >= 2) return { replies: [notCarried(input, insteadOf, categories)] };
    }
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
    replies: [...(insteadOf ? [notCarried(input, insteadOf, [])] : []), { type: 'products', products: cards }],
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

/**
 * Buttons that recommend from a category: kaiwa.yaml `categories` in order, labelled in the
 * conversation's language, else the catalog's most common tags as written. A tag too long for a
 * button's payload is left out.
 */
function categoryChoices({ services, context }: ActionInput): Choice[] {
  const configured = services.shop.categories ?? [];
  const offers =
    configured.length > 0
      ? configured.map((category) => ({
          tag: category.tag,
          label: pickText(category.label, context.locale, services.shop.defaultLocale),
        }))
      : (services.recommender.categories?.(maxCategories * 2) ?? []).map((tag) => ({
          tag,
          label: tag.replace(/[-_]+/g, ' '),
        }));
  const choices: Choice[] = [];
  for (const { tag, label } of offers) {
    const payload = encodePayload({ kind: 'do', action: 'recommend', arg: tag });
    if (Buffer.byteLength(payload) > maxPayloadBytes) continue;
    choices.push({ label, payload, action: 'recommend' });
    if (choices.length === maxCategories) break;
  }
  return choices;
}

/** "We don't carry “tents”. Here is what we have:", with category buttons when there are any. */
function notCarried(input: ActionInput, words: readonly string[], categories: Choice[]): Reply {
  const { context, services } = input;
  const ja = context.locale.toLowerCase().startsWith('ja');
  const quoted = words.map((word) => (ja ? `「${word}」` : `“${word}”`));
  const list = ja
    ? quoted.join('')
    : quoted.length > 1
      ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
      : quoted[0];
  const text = builtInText('notCarried', context, services, { words: list });
  return categories.length > 0 ? { type: 'choices', text, choices: categories } : { type: 'text', text };
}
