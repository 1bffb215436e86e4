import { formatMoney, multiplyMoney, sumMoney, taxNote, variantTitle, type Choice } from '../../core/index.js';
import type { FlowAction } from '../context.js';
import { encodePayload } from '../payload.js';
import { messages } from '../messages.js';
import { builtInText, localText } from '../render.js';

/**
 * `do: showCart`: the cart priced from the catalog now, with its discounts (the applied coupon's and
 * any automatic offer's; a coupon that no longer applies is removed, saying so), the shipping line, tax (exclusive: a
 * line per rate; inclusive: the tax the total contains, `（内消費税 ¥813）`) and the total the payment
 * link will charge (the order service's quote), and buttons to check out or remove a line.
 */
export const showCart: FlowAction = async ({ context, services, tx, address }) => {
  const products = new Map(
    (await tx.catalog.getMany(context.cart.map((line) => line.productId))).map((product) => [product.id, product]),
  );
  const cart = context.cart.filter((line) => products.has(line.productId));
  if (cart.length === 0)
    return { replies: [{ type: 'text', text: builtInText('cartEmpty', context, services) }], context: { cart } };
  const locale = context.locale;
  const lines = cart.map((line) => {
    const product = products.get(line.productId)!;
    const title = variantTitle(product, locale, services.shop.defaultLocale);
    return { title, total: multiplyMoney(product.price, line.quantity), line };
  });
  const coupon = context.coupon;
  const quoted = services.orders.quote
    ? await services.orders.quote(tx, { address, lines: cart, locale, ...(coupon ? { coupon } : {}) })
    : undefined;
  // A coupon the cart no longer meets (fewer goods, its time is over, used up meanwhile) is dropped, saying so.
  const dropped = coupon && (!quoted || quoted.coupon?.refused) ? coupon : undefined;
  const note = dropped
    ? [
        {
          type: 'text' as const,
          text: localText(messages.couponRemoved, context, services, { coupon: { code: dropped } }),
        },
      ]
    : [];
  const charges = (quoted?.charges ?? []).map((charge) => `・${charge.label}  ${formatMoney(charge.amount, locale)}`);
  const total =
    quoted?.total ??
    sumMoney(
      lines.map((line) => line.total),
      lines[0]!.total.currency,
    );
  const text = builtInText('cartSummary', { ...context, cart }, services, {
    cart: {
      count: cart.reduce((sum, line) => sum + line.quantity, 0),
      lines: [
        ...lines.map((line) => `・${line.title} × ${line.line.quantity}  ${formatMoney(line.total, locale)}`),
        ...charges,
      ].join('\n'),
      total: formatMoney(total, locale),
      // Exclusive tax is among the lines above; inclusive tax is only in the total, so it is said there.
      taxNote: quoted?.tax?.prices === 'inclusive' ? taxNote(quoted.tax, locale) : '',
    },
  });
  const choices: Choice[] = [
    {
      label: builtInText('checkoutButton', context, services),
      payload: encodePayload({ kind: 'do', action: 'checkout' }),
      action: 'checkout',
    },
    {
      label: builtInText('continueButton', context, services),
      payload: encodePayload({ kind: 'do', action: 'recommend' }),
      action: 'recommend',
    },
    ...lines.map((line) => ({
      label: `${builtInText('removeButton', context, services)}: ${line.title}`,
      payload: encodePayload({ kind: 'do', action: 'removeFromCart', arg: line.line.productId }),
      action: 'removeFromCart',
    })),
  ];
  return {
    replies: [...note, { type: 'choices', text, choices }],
    context: { cart, ...(dropped ? { coupon: undefined } : {}) },
  };
};
