// Custom actions and guards for the example shop (kaiwa.yaml: `actions: actions.ts`).
// They sit beside the built-ins: flows name them with `do:` and `guard:`.
import { formatMoney, multiplyMoney, sumMoney } from 'kaiwajs/core';
import type { FlowAction, FlowGuard } from 'kaiwajs/flows';

const freeShippingFrom = 5000; // in the shop currency's minor units (yen), as faq.yaml says

/** Tells the shopper how far the cart is from free shipping, priced from the catalog. */
const freeShippingHint: FlowAction = async ({ context, tx, services }) => {
  const currency = services.shop.currency;
  const products = await tx.catalog.getMany(context.cart.map((line) => line.productId));
  const prices = new Map(products.map((product) => [product.id, product.price]));
  const lines = context.cart.flatMap((line) => {
    const price = prices.get(line.productId);
    return price ? [multiplyMoney(price, line.quantity)] : [];
  });
  if (lines.length === 0) return {};
  const total = sumMoney(lines, currency);
  const missing = { amount: freeShippingFrom - total.amount, currency };
  const ja = context.locale === 'ja';
  const text =
    missing.amount <= 0
      ? ja
        ? '送料無料の対象です🚚'
        : 'Your order ships free 🚚'
      : ja
        ? `あと${formatMoney(missing, 'ja')}で送料無料です。`
        : `Add ${formatMoney(missing, 'en')} more for free shipping.`;
  return { replies: [{ type: 'text', text }] };
};

/** True once the cart holds three or more items. */
const bigCart: FlowGuard = ({ context }) => context.cart.reduce((sum, line) => sum + line.quantity, 0) >= 3;

export default { actions: { freeShippingHint }, guards: { bigCart } };
