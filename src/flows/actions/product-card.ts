import {
  canSell,
  formatMoney,
  optionDisplayName,
  optionOffers,
  pickText,
  variantTitle,
  type Choice,
  type Product,
  type ProductCard,
} from '../../core/index.js';
import type { ActionInput } from '../context.js';
import { encodePayload } from '../payload.js';
import { builtInText } from '../render.js';

type CardInput = Pick<ActionInput, 'context' | 'services'>;

/** A card built from catalog rows only: title, price and stock never come from a model. */
export function productCard(product: Product, input: CardInput, reason?: string): ProductCard {
  const { context, services } = input;
  const locale = context.locale;
  const actions: Choice[] = [];
  if (canSell(product)) {
    actions.push({
      label: builtInText('addToCartButton', context, services),
      payload: encodePayload({ kind: 'do', action: 'addToCart', arg: product.id }),
      action: 'addToCart',
    });
  }
  actions.push({
    label: builtInText('detailsButton', context, services),
    payload: encodePayload({ kind: 'do', action: 'showProduct', arg: product.id }),
    action: 'showProduct',
  });
  return {
    id: product.id,
    title: pickText(product.title, locale, services.shop.defaultLocale),
    description: pickText(product.description, locale, services.shop.defaultLocale),
    price: product.price,
    ...(product.continueSelling ? {} : { stock: product.stock }),
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    ...(reason ? { reason } : {}),
    actions,
  };
}

/** The options on sale as one line in the shopper's language, `Size: S, M, L · Color: Black`; undefined when none. */
export function optionsLine(variants: readonly Product[], locale: string): string | undefined {
  const parts = optionOffers(variants)
    .filter((offer) => offer.available.length > 0)
    .map(
      (offer) =>
        `${optionDisplayName(offer.name, locale)}${locale === 'ja' ? '：' : ': '}${offer.available.join(', ')}`,
    );
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * One card for a product with variants (`variants`: all of them, in option order). With `pinned`
 * (the shopper named every option, "the black one in M") the card is that variant's, and Add to
 * cart adds it; otherwise it shows the lowest price on sale ("from $39.00" when prices differ),
 * the options on sale, and a button to choose them (chooseVariant).
 */
export function variantsCard(
  variants: readonly Product[],
  input: CardInput,
  found: { reason?: string; pinned?: Product; image?: string } = {},
): ProductCard {
  const { context, services } = input;
  const first = variants[0];
  if (!first) throw new Error('variantsCard needs at least one variant');
  const options = optionsLine(variants, context.locale);
  if (variants.length === 1 || found.pinned) {
    const product = found.pinned ?? first;
    const card = productCard(product, input, found.reason);
    return {
      ...card,
      title: variantTitle(product, context.locale, services.shop.defaultLocale),
      ...(options && variants.length > 1 ? { options } : {}),
    };
  }
  const key = first.parent ?? first.id;
  const onSale = variants.filter((variant) => canSell(variant));
  const priced = onSale.length > 0 ? onSale : variants;
  const lowest = priced.reduce((low, variant) => (variant.price.amount < low.price.amount ? variant : low));
  const differ = priced.some((variant) => variant.price.amount !== lowest.price.amount);
  const imageUrl = found.image ?? variants.find((variant) => variant.imageUrl)?.imageUrl;
  const actions: Choice[] = [];
  if (onSale.length > 0) {
    actions.push({
      label: builtInText('chooseOptionsButton', context, services),
      payload: encodePayload({ kind: 'do', action: 'chooseVariant', arg: key }),
      action: 'chooseVariant',
    });
  }
  actions.push({
    label: builtInText('detailsButton', context, services),
    payload: encodePayload({ kind: 'do', action: 'showProduct', arg: key }),
    action: 'showProduct',
  });
  return {
    id: key,
    title: pickText(first.title, context.locale, services.shop.defaultLocale),
    description: pickText(first.description, context.locale, services.shop.defaultLocale),
    price: lowest.price,
    ...(differ
      ? {
          priceLabel: builtInText('fromPrice', context, services, { price: formatPrice(lowest.price, context.locale) }),
        }
      : {}),
    ...(variants.some((variant) => variant.continueSelling)
      ? {}
      : { stock: variants.reduce((sum, variant) => sum + Math.max(0, variant.stock), 0) }),
    ...(imageUrl ? { imageUrl } : {}),
    ...(found.reason ? { reason: found.reason } : {}),
    ...(options ? { options } : {}),
    actions,
  };
}

/** Template values describing a product, for messages like "Added “{{product.title}}”" (a variant with its options). */
export function productData(product: Product, input: CardInput): Record<string, unknown> {
  return {
    product: {
      id: product.id,
      title: variantTitle(product, input.context.locale, input.services.shop.defaultLocale),
      price: formatPrice(product.price, input.context.locale),
      stock: product.stock,
    },
  };
}

export function formatPrice(price: Product['price'], locale: string): string {
  return formatMoney(price, locale);
}
