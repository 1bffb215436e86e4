import {
  InvalidPayloadError,
  NotInCatalogError,
  OutOfStockError,
  pickText,
  sumMoney,
  systemClock,
  type Address,
  type CartLine,
  type Clock,
  type Order,
  type OrderLine,
  type OrderService,
  type PaymentProvider,
} from '../core/index.js';
import { EmptyCartError } from './errors.js';
import { newOrderId } from './order-id.js';

export interface OrderServiceOptions {
  /** The provider for a conversation and currency (kaiwa.yaml chooses; the demo provider by default). */
  payments: (address: Address, currency: string) => PaymentProvider;
  publicUrl: string;
  /** How long stock stays reserved for an unpaid order (and its payment link lives). */
  reservationMinutes?: number;
  clock?: Clock;
  newOrderId?: () => string;
}

/** Orders as docs/orders.md describes them: prices from the catalog, stock reserved, payments applied once. */
export function createOrderService(options: OrderServiceOptions): OrderService {
  const clock = options.clock ?? systemClock;
  const reservationMs = (options.reservationMinutes ?? 30) * 60_000;
  const makeId = options.newOrderId ?? newOrderId;

  return {
    async checkout(tx, { address, lines, locale }) {
      const merged = mergeLines(lines);
      if (merged.length === 0) throw new EmptyCartError();
      const products = await tx.catalog.getMany(merged.map((line) => line.productId));
      const byId = new Map(products.map((product) => [product.id, product]));
      const reserved: CartLine[] = [];
      try {
        const orderLines: OrderLine[] = [];
        for (const line of merged) {
          const product = byId.get(line.productId);
          if (!product) throw new NotInCatalogError(line.productId);
          if (!(await tx.catalog.reserve(line.productId, line.quantity))) throw new OutOfStockError(line.productId, product.stock);
          reserved.push(line);
          orderLines.push({ productId: product.id, title: pickText(product.title, locale, locale), quantity: line.quantity, unitPrice: product.price });
        }
        const currency = orderLines[0]!.unitPrice.currency;
        if (orderLines.some((line) => line.unitPrice.currency !== currency)) throw new InvalidPayloadError('the cart mixes currencies; one order has one currency', 'cart');
        const now = clock.now();
        const order: Order = {
          id: makeId(),
          address,
          locale,
          status: 'awaiting_payment',
          lines: orderLines,
          total: sumMoney(orderLines.map((line) => ({ amount: line.unitPrice.amount * line.quantity, currency })), currency),
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + reservationMs).toISOString(),
          updatedAt: now.toISOString(),
        };
        await tx.orders.create(order, 'checkout');
        const provider = options.payments(address, currency);
        const payment = await provider.createPayment(order, { publicUrl: options.publicUrl, locale, address });
        await tx.orders.setPayment(order.id, { provider: provider.name, ...(payment.kind === 'link' ? { url: payment.url } : {}) });
        return { order: (await tx.orders.get(order.id))!, payment };
      } catch (error) {
        // The transaction rolls back too; releasing keeps this correct for callers that catch and commit.
        for (const line of reserved) await tx.catalog.release(line.productId, line.quantity);
        throw error;
      }
    },

    async applyPayment(tx, event) {
      const at = clock.now().toISOString();
      const order = await tx.orders.get(event.orderId);
      const outcome = !order ? 'unknown_order'
        : event.status !== 'paid' ? event.status
        : order.status === 'paid' || order.status === 'fulfilled' ? 'already_paid'
        : event.amount.amount !== order.total.amount || event.amount.currency !== order.total.currency ? 'mismatch'
        : 'paid';
      // The ledger row is the idempotency key: a redelivered event stops here and changes nothing.
      if (!(await tx.payments.record(event, outcome, at))) return { kind: 'duplicate' };
      if (!order) return { kind: 'ignored', reason: `no order ${event.orderId}` };
      const cause = `payment:${event.provider}:${event.providerEventId}`;
      switch (outcome) {
        case 'already_paid':
          return { kind: 'ignored', reason: `order ${order.id} is already paid` };
        case 'mismatch': {
          const updated = await tx.orders.transition(order.id, ['awaiting_payment', 'expired'], 'payment_mismatch', cause, at);
          return { kind: 'mismatch', order: updated ?? order };
        }
        case 'paid': {
          if (order.status === 'expired') {
            // Its stock went back at expiry; take it again. A sale we cannot fill still stands as paid: the merchant refunds or restocks.
            for (const line of order.lines) await tx.catalog.reserve(line.productId, line.quantity);
          }
          const updated = await tx.orders.transition(order.id, ['awaiting_payment', 'expired', 'payment_mismatch'], 'paid', cause, at);
          return updated ? { kind: 'paid', order: updated } : { kind: 'ignored', reason: `order ${order.id} is ${order.status}` };
        }
        case 'failed':
          return { kind: 'failed', order };
        case 'expired': {
          const updated = await tx.orders.transition(order.id, ['awaiting_payment'], 'expired', cause, at);
          if (updated) for (const line of order.lines) await tx.catalog.release(line.productId, line.quantity);
          return { kind: 'ignored', reason: 'payment session expired' };
        }
        default: {
          const updated = await tx.orders.transition(order.id, ['paid', 'fulfilled'], 'refunded', cause, at);
          return { kind: 'ignored', reason: updated ? 'refunded' : `cannot refund an order that is ${order.status}` };
        }
      }
    },

    async expireDue(tx) {
      const now = clock.now().toISOString();
      const expired: Order[] = [];
      for (const order of await tx.orders.listExpired(now, 500)) {
        const updated = await tx.orders.transition(order.id, ['awaiting_payment'], 'expired', 'expired', now);
        if (!updated) continue;
        for (const line of order.lines) await tx.catalog.release(line.productId, line.quantity);
        expired.push(updated);
      }
      return expired;
    },
  };
}

function mergeLines(lines: readonly CartLine[]): CartLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > 99) throw new InvalidPayloadError(`quantity of ${line.productId} must be a whole number from 1 to 99`, 'quantity');
    merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}
