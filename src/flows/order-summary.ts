import { formatMoney, orderReceipt, taxNote, type Order } from '../core/index.js';
import type { OrderSummary } from './context.js';

/** What `{{order.…}}` templates read of an order, in the shopper's language (FlowContext.order). */
export function orderSummary(order: Order, locale: string): OrderSummary {
  return {
    id: order.id,
    total: formatMoney(order.total, locale),
    status: order.status,
    ...(order.tax ? { tax: formatMoney(order.tax.total, locale), taxNote: taxNote(order.tax, locale) } : {}),
    receipt: orderReceipt(order, locale),
  };
}
