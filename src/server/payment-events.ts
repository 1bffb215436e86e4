import type { InboundEvent, Order, PaymentEvent } from '../core/index.js';
import type { AppContext } from './app-context.js';

/**
 * Feeds verified provider events to the engine as `payment` events in each order's conversation.
 * Deduplicated by the provider's event id like any webhook, so a replayed callback changes nothing;
 * resolves once stored (safe to acknowledge). Events for unknown orders are skipped.
 */
export async function receivePayments(app: AppContext, payments: readonly PaymentEvent[]): Promise<Order[]> {
  const orders: Order[] = [];
  for (const payment of payments) {
    const order = await app.store.orders.get(payment.orderId);
    if (!order) {
      app.log('payment for an unknown order ignored', { provider: payment.provider, orderId: payment.orderId, providerEventId: payment.providerEventId });
      continue;
    }
    const event: InboundEvent = { id: payment.providerEventId, address: order.address, receivedAt: app.clock.now().toISOString(), type: 'payment', payment };
    await app.engine.receive([event]);
    orders.push(order);
  }
  void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
  return orders;
}
