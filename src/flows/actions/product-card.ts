import { canSell, formatMoney, pickText, type Choice, type Product, type ProductCard } from '../../core/index.js';
import type { ActionInput } from '../context.js';
import { encodePayload } from '../payload.js';
import { builtInText } from '../render.js';

/** A card built from catalog rows only: title, price and stock never come from a model. */
export function productCard(
  product: Product,
  input: Pick<ActionInput, 'context' | 'services'>,
  reason?: string,
): ProductCard {
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
    stock: product.stock,
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    ...(reason ? { reason } : {}),
    actions,
  };
}

/** Template values describing a product, for messages like "Added “{{product.title}}”". */
export function productData(
  product: Product,
  input: Pick<ActionInput, 'context' | 'services'>,
): Record<string, unknown> {
  return {
    product: {
      id: product.id,
      title: pickText(product.title, input.context.locale, input.services.shop.defaultLocale),
      price: formatPrice(product.price, input.context.locale),
      stock: product.stock,
    },
  };
}

export function formatPrice(price: Product['price'], locale: string): string {
  return formatMoney(price, locale);
}
