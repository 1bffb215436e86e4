import { builtInCarriers, orderStatusMessage, type Order } from '../../core/index.js';
import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';
import { answerFaq } from './answer-faq.js';

/** Orders a shopper asks after: not those that lapsed unpaid or were cancelled before payment. */
const worthTelling = (order: Order) => order.status !== 'expired' && order.status !== 'cancelled';

/** How many of the shopper's latest orders one answer names. */
const shown = 3;

/**
 * `do: orderStatus`: "where is my order?" answered from the shopper's own orders in this
 * conversation, newest first: status, and for a shipped one the carrier, tracking number and
 * tracking link. A shopper without such orders gets the FAQ answer the message matched (or
 * `noOrders`). With `with: { faq: order-tracking }` it stands in for `answerFaq` in a flow's FAQ
 * state: only those FAQ entries (comma-separated ids) are answered from the orders, every other
 * one as answerFaq answers it.
 */
export const orderStatus: FlowAction = async (input) => {
  const { args, event, address, tx, context, services } = input;
  const entries = typeof args.faq === 'string' ? args.faq.split(/[\s,]+/).filter(Boolean) : [];
  if (event.faq && entries.length > 0 && !entries.includes(event.faq.entryId)) return answerFaq(input);
  const orders = (await tx.orders.listByConversation(address)).filter(worthTelling).reverse().slice(0, shown);
  if (orders.length === 0) {
    if (event.faq || event.text) return answerFaq(input);
    return { replies: [{ type: 'text', text: builtInText('noOrders', context, services) }] };
  }
  const carriers = services.carriers ?? builtInCarriers;
  const text = orders
    .map((order) => orderStatusMessage(order, context.locale, carriers, services.shop.timeZone))
    .join('\n\n');
  return { replies: [{ type: 'text', text }] };
};
