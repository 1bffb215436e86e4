import { CouponError, KaiwaError, NotInCatalogError, OutOfStockError, type Reply } from '../../core/index.js';
import { ActionFailure, type FlowAction } from '../context.js';
import { messages } from '../messages.js';
import { orderSummary } from '../order-summary.js';
import { localText } from '../render.js';
import { couponFailure } from './apply-coupon.js';

/**
 * `do: checkout`: the order service prices the cart from the catalog, reserves stock and creates
 * the payment; the shopper gets the payment link. Failures become ActionFailure so the flow's
 * `onError` decides what happens next.
 */
export const checkout: FlowAction = async ({ context, address, services, tx }) => {
  if (context.cart.length === 0) throw new ActionFailure(messages.cartEmpty);
  try {
    const { order, payment } = await services.orders.checkout(tx, {
      address,
      lines: context.cart,
      locale: context.locale,
      ...(context.coupon ? { coupon: context.coupon } : {}),
    });
    const expires = new Intl.DateTimeFormat(context.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: services.shop.timeZone,
    }).format(new Date(order.expiresAt));
    const summary = orderSummary(order, context.locale);
    const withOrder = { ...context, order: summary };
    const text = localText(messages.checkoutLink, withOrder, services, { order: { ...summary, expires } });
    // A native invoice (Telegram Payments) travels as the payment link's rendering on the provider's channel.
    const link: Reply =
      payment.kind === 'link'
        ? {
            type: 'paymentLink',
            orderId: order.id,
            url: payment.url,
            total: order.total,
            ...(payment.expiresAt ? { expiresAt: payment.expiresAt } : {}),
          }
        : {
            type: 'paymentLink',
            orderId: order.id,
            url: payment.url ?? '',
            total: order.total,
            channelOptions: { [payment.channel]: { method: payment.method, payload: payment.payload } },
          };
    return {
      replies: [{ type: 'text', text }, link],
      context: { order: summary, cart: [], coupon: undefined },
    };
  } catch (error) {
    // The code ran out (or its time did) since the cart was shown: no order; the cart (onError) shows the full price.
    if (error instanceof CouponError)
      throw couponFailure(
        { code: error.couponCode, refused: error.reason, ...(error.minSpend ? { minSpend: error.minSpend } : {}) },
        context,
        services,
        error,
      );
    if (error instanceof OutOfStockError || error instanceof NotInCatalogError) {
      const product = await tx.catalog.get(error.productId);
      const title = product ? (product.title[context.locale] ?? Object.values(product.title)[0]) : error.productId;
      const available = error instanceof OutOfStockError ? error.available : 0;
      const text = available > 0 ? messages.notEnoughStock : messages.outOfStock;
      throw new ActionFailure(
        Object.fromEntries(
          Object.keys(text).map((locale) => [
            locale,
            localText(text, { ...context, locale }, services, { product: { title, stock: available } }),
          ]),
        ),
        { cause: error },
      );
    }
    if (error instanceof KaiwaError && error.code === 'payload_invalid')
      throw new ActionFailure(messages.cartEmpty, { cause: error });
    throw error;
  }
};
