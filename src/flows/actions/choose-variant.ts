import { optionDisplayName, optionNames, optionOffers, pickText, type Choice, type Product } from '../../core/index.js';
import { ActionFailure, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { encodePayload } from '../payload.js';
import { builtInText, localText } from '../render.js';
import { addToCart } from './add-to-cart.js';
import { productData } from './product-card.js';

/**
 * `do: chooseVariant` (the card's "Choose options" button): asks for a product's options one at a
 * time — buttons for the values on sale, sold-out values named in the text — and adds the variant
 * when the last one is chosen. The argument is the product (`trail-tee`), or a variant and how many
 * of its options are chosen so far (`tee-m-black|1`: its size), which keeps buttons within
 * Telegram's 64 bytes. An option with one value is chosen without asking.
 */
export const chooseVariant: FlowAction = async (input) => {
  const { context, args, services, tx } = input;
  const [id = '', count] = String(args.arg ?? args.product ?? '').split('|');
  const variant = id ? await tx.catalog.get(id) : undefined;
  const key = variant?.parent ?? id;
  const variants = key ? await tx.catalog.variants(key) : [];
  if (variants.length === 0) {
    // A product sold as it is: choosing is adding it.
    if (variant) return addToCart({ ...input, args: { arg: variant.id } });
    // A button from an older message: its variant (`…|n`) or its product is gone from the catalog.
    throw new ActionFailure(count === undefined ? messages.noLongerAvailable : messages.optionNoLongerAvailable);
  }
  const names = optionNames(variants);
  const fixed = count === undefined ? 0 : Number(count);
  if (!Number.isInteger(fixed) || fixed < 0 || fixed > names.length || (fixed > 0 && !variant?.parent))
    throw new ActionFailure(messages.optionNoLongerAvailable);
  const chosen: Record<string, string> = {};
  for (const name of names.slice(0, fixed)) {
    const value = variant?.options?.[name];
    if (value === undefined) throw new ActionFailure(messages.optionNoLongerAvailable);
    chosen[name] = value;
  }
  const data = productData(variants[0]!, input) as { product: Record<string, unknown> };
  const title = pickText(variants[0]!.title, context.locale, services.shop.defaultLocale);
  for (let step = fixed; step < names.length; step += 1) {
    const name = names[step]!;
    const offer = optionOffers(variants, chosen)[step]!;
    if (offer.available.length === 0) {
      if (offer.soldOut.length === 0) throw new ActionFailure(messages.optionNoLongerAvailable);
      throw new ActionFailure(soldOutText(input, { ...data.product, title }));
    }
    // Nothing to ask when there is one value and it is on sale.
    if (offer.available.length === 1 && offer.soldOut.length === 0 && step < names.length - 1) {
      chosen[name] = offer.available[0]!;
      continue;
    }
    const last = step === names.length - 1;
    const choices: Choice[] = [];
    for (const value of offer.available) {
      const picked = { ...chosen, [name]: value };
      const match = variants.find((candidate) =>
        Object.entries(picked).every(([option, wanted]) => candidate.options?.[option] === wanted),
      )!;
      choices.push(
        last
          ? {
              label: value,
              value,
              payload: encodePayload({ kind: 'do', action: 'addToCart', arg: match.id }),
              action: 'addToCart',
            }
          : {
              label: value,
              value,
              payload: encodePayload({ kind: 'do', action: 'chooseVariant', arg: `${match.id}|${step + 1}` }),
              action: 'chooseVariant',
            },
      );
    }
    const option = optionDisplayName(name, context.locale);
    const lines = [builtInText('chooseOption', context, services, { product: { ...data.product, title }, option })];
    if (offer.soldOut.length > 0)
      lines.push(builtInText('soldOutValues', context, services, { values: offer.soldOut.join(', ') }));
    return { replies: [{ type: 'choices', text: lines.join('\n'), choices }] };
  }
  // Every option is chosen (each had one value): add that variant.
  const complete = variants.find((candidate: Product) =>
    names.every((name) => candidate.options?.[name] === chosen[name]),
  );
  if (!complete) throw new ActionFailure(messages.optionNoLongerAvailable);
  return addToCart({ ...input, args: { arg: complete.id } });
};

function soldOutText(input: Parameters<FlowAction>[0], product: Record<string, unknown>) {
  const { context, services } = input;
  return Object.fromEntries(
    Object.keys(messages.outOfStock).map((locale) => [
      locale,
      localText(messages.outOfStock, { ...context, locale }, services, { product }),
    ]),
  );
}
