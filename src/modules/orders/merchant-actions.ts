import {
  cancelledMessage,
  carrierName,
  conversationKey,
  formatMoney,
  refundedMessage,
  shipmentFor,
  shippedMessage,
  type Carriers,
  type Clock,
  type Engine,
  type Order,
  type OrderShipment,
  type OrderStatus,
  type PaymentProvider,
  type Reply,
  type Store,
} from '../../core/index.js';
import { holdsStock } from './apply-payment.js';
import { OrderStateError } from './errors.js';
import { releaseCoupon } from './coupon-uses.js';
import { releaseAll } from './stock.js';

async function load(tx: Store, id: string): Promise<Order> {
  const order = await tx.orders.get(id);
  if (!order) throw new OrderStateError(id, 'missing', `no order "${id}" (kaiwa orders list shows the order numbers)`);
  return order;
}

async function move(
  tx: Store,
  order: Order,
  from: readonly OrderStatus[],
  to: OrderStatus,
  cause: string,
  clock: Clock,
): Promise<Order> {
  const updated = await tx.orders.transition(order.id, from, to, cause, clock.now().toISOString());
  if (!updated)
    throw new OrderStateError(
      order.id,
      order.status,
      `order ${order.id} changed while it was being moved to ${to}; look at it again`,
    );
  return updated;
}

/**
 * Cancels an unpaid order (awaiting payment, or stopped at a mismatched payment) and gives its
 * reserved stock back. A paid order is refunded instead.
 */
export async function cancelOrder(tx: Store, id: string, cause: string, clock: Clock): Promise<Order> {
  const order = await load(tx, id);
  if (order.status !== 'awaiting_payment' && order.status !== 'payment_mismatch') {
    throw new OrderStateError(
      id,
      order.status,
      `order ${id} is ${order.status}: only orders awaiting payment (or with a mismatched payment) can be cancelled${order.status === 'paid' ? '; refund it instead' : ''}`,
    );
  }
  const held = await holdsStock(tx.orders, order);
  const updated = await move(tx, order, [order.status], 'cancelled', cause, clock);
  if (held) await releaseAll(tx.catalog, order.lines);
  await releaseCoupon(tx, id, updated.updatedAt);
  // In the same transaction: the shopper hears of it exactly when the order is cancelled.
  await tellShopper(tx, updated, [{ type: 'text', text: cancelledMessage(updated) }], clock);
  return updated;
}

/** The approved WhatsApp template a shipping notice uses outside the 24-hour window (kaiwa.yaml `whatsapp.templates.shipped`). */
export interface WhatsAppShippedTemplate {
  name: string;
  /** One code (`ja`), or one per shopper language (`{ ja: ja, en: en_US }`). */
  language: string | Readonly<Record<string, string>>;
  /** The body's {{1}}, {{2}}… in order. */
  parameters: readonly ('order' | 'carrier' | 'tracking' | 'url')[];
}

/** What telling the shopper about a fulfilment needs from kaiwa.yaml. */
export interface FulfilOptions {
  /** The carrier id and tracking number the merchant gave (`--carrier yamato --tracking 1234-5678-9012`). */
  tracking?: { carrier: string; number: string };
  /** Built-in and kaiwa.yaml carriers (carriersWith). */
  carriers: Carriers;
  whatsappShipped?: WhatsAppShippedTemplate;
}

/** A fulfilled order and how its shopper was told (a note for the merchant when they may not hear of it). */
export interface Fulfilment {
  order: Order;
  /** The outbox item carrying the shopper's message. */
  outboxId: number;
  /** Set when the message may not get through (WhatsApp outside the 24-hour window without a template). */
  warning?: string;
}

const whatsappWindowMs = 24 * 60 * 60 * 1000;

/**
 * Marks a paid order as shipped or handed over, with its carrier and tracking number when given,
 * and queues the shopper's message (their language, the carrier's tracking link) in the same
 * transaction: a refused fulfilment changes nothing and tells no one. An unknown carrier or a bad
 * tracking number is refused before anything is read.
 */
export async function fulfilOrder(
  tx: Store,
  id: string,
  cause: string,
  clock: Clock,
  options: FulfilOptions = { carriers: {} },
): Promise<Fulfilment> {
  const order = await load(tx, id);
  const shipment = options.tracking
    ? shipmentFor(options.carriers, options.tracking.carrier, options.tracking.number, order.locale)
    : undefined;
  if (order.status !== 'paid')
    throw new OrderStateError(
      id,
      order.status,
      `order ${id} is ${order.status}: only paid orders can be fulfilled${order.status === 'fulfilled' ? ' (it was fulfilled already)' : ''}`,
    );
  const moved = await move(tx, order, ['paid'], 'fulfilled', cause, clock);
  if (shipment) await tx.orders.setShipment(id, shipment);
  const updated: Order = shipment ? { ...moved, shipment } : moved;
  const text = shippedMessage(updated, shipment, options.carriers);
  const reply: Reply = { type: 'text', text };
  const { reply: sent, warning } = await withinWhatsAppWindow(tx, updated, reply, shipment, options, clock);
  const outboxId = await tellShopper(tx, updated, [sent], clock);
  return { order: updated, outboxId, ...(warning ? { warning } : {}) };
}

/**
 * WhatsApp answers freely only within 24 hours of the shopper's last message; after that only an
 * approved template goes through. Outside the window the reply carries the template as its
 * WhatsApp rendering (the text stays for the transcript and the console).
 */
async function withinWhatsAppWindow(
  tx: Store,
  order: Order,
  reply: Reply,
  shipment: OrderShipment | undefined,
  options: FulfilOptions,
  clock: Clock,
): Promise<{ reply: Reply; warning?: string }> {
  if (order.address.channel !== 'whatsapp') return { reply };
  const transcript = await tx.transcript.list(conversationKey(order.address), 100);
  const last = transcript.findLast(
    (entry) => entry.direction === 'in' && entry.event !== undefined && entry.event.type !== 'payment',
  );
  if (last && clock.now().getTime() - Date.parse(last.at) < whatsappWindowMs) return { reply };
  const template = options.whatsappShipped;
  if (!template)
    return {
      reply,
      warning:
        'the shopper last wrote on WhatsApp over 24 hours ago: WhatsApp refuses a free-form message then; set kaiwa.yaml whatsapp.templates.shipped to an approved utility template',
    };
  if (!shipment)
    return {
      reply,
      warning:
        'the shopper last wrote on WhatsApp over 24 hours ago and the shipping template needs a carrier and tracking number (--carrier, --tracking)',
    };
  const values = {
    order: order.id,
    carrier: carrierName(options.carriers, shipment.carrier, order.locale),
    tracking: shipment.trackingNumber,
    url: shipment.trackingUrl,
  };
  const language =
    typeof template.language === 'string'
      ? template.language
      : (template.language[order.locale] ?? Object.values(template.language)[0] ?? 'en');
  const message = {
    type: 'template',
    template: {
      name: template.name,
      language: { code: language },
      components: [
        { type: 'body', parameters: template.parameters.map((name) => ({ type: 'text', text: values[name] })) },
      ],
    },
  };
  return { reply: { ...reply, channelOptions: { ...reply.channelOptions, whatsapp: { message } } } };
}

/**
 * Queues a message about the shopper's order in their conversation, sent as an order update
 * (pushed on LINE, tagged POST_PURCHASE_UPDATE on Messenger), inside the caller's transaction.
 */
export async function tellShopper(tx: Store, order: Order, replies: readonly Reply[], clock: Clock): Promise<number> {
  // The reply token of the order's checkout turn has long lapsed: a proactive message is pushed.
  const { replyToken: _, ...address } = order.address;
  return tx.outbox.enqueue(
    address,
    replies.map((reply) => ({ ...reply, purpose: reply.purpose ?? ('order_update' as const) })),
    clock.now().toISOString(),
  );
}

/** What refunding needs: the store, the shop's payment providers by name, the engine that applies the event. */
export interface RefundDeps {
  store: Store;
  payments: ReadonlyMap<string, PaymentProvider>;
  engine: Engine;
  clock: Clock;
}

/**
 * A full refund through the provider that took the money. The provider's `refunded` event goes
 * through the engine like any payment event (recorded once); when it refunded the order, the
 * shopper is told in their language.
 */
export async function refundOrder({ store, payments, engine, clock }: RefundDeps, id: string): Promise<Order> {
  const order = await store.orders.get(id);
  if (!order) throw new OrderStateError(id, 'missing', `no order "${id}"`);
  if (order.status !== 'paid' && order.status !== 'fulfilled')
    throw new OrderStateError(
      id,
      order.status,
      `order ${id} is ${order.status}: only paid or fulfilled orders can be refunded`,
    );
  const provider = payments.get(order.provider ?? '');
  if (!provider?.refund)
    throw new OrderStateError(
      id,
      order.status,
      `order ${id} was paid with ${order.provider ?? 'an unknown provider'}, which Kaiwa cannot refund${provider ? '' : ' (is it configured here?)'}: refund it in the provider's dashboard`,
    );
  const event = await provider.refund(order);
  if (event)
    await engine.receive([
      {
        id: event.providerEventId,
        address: order.address,
        receivedAt: clock.now().toISOString(),
        type: 'payment',
        payment: event,
      },
    ]);
  const updated = (await store.orders.get(id))!;
  const cause = event ? `payment:${event.provider}:${event.providerEventId}` : undefined;
  const refundedNow = (await store.orders.history(id)).some((step) => step.to === 'refunded' && step.cause === cause);
  if (refundedNow)
    await store.transaction((tx) =>
      tellShopper(
        tx,
        updated,
        [{ type: 'text', text: refundedMessage(updated, formatMoney(updated.total, updated.locale)) }],
        clock,
      ),
    );
  return updated;
}
