import type { Clock, Engine, InboundEvent, Order, PaymentEvent, PaymentProvider, Store } from '../../core/index.js';

/** What payment intake needs of the shop: its orders, the engine that runs each order's conversation, time and a log. */
export interface PaymentIntake {
  store: Store;
  engine: Engine;
  clock: Clock;
  log: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Feeds verified provider events to the engine as `payment` events in each order's conversation.
 * Deduplicated by the provider's event id like any webhook, so a replayed callback changes nothing;
 * resolves once stored (safe to acknowledge). Events for unknown orders are skipped.
 */
export async function receivePayments(app: PaymentIntake, payments: readonly PaymentEvent[]): Promise<Order[]> {
  const orders: Order[] = [];
  for (const payment of payments) {
    const order = await app.store.orders.get(payment.orderId);
    if (!order) {
      app.log('payment for an unknown order ignored', {
        provider: payment.provider,
        orderId: payment.orderId,
        providerEventId: payment.providerEventId,
      });
      continue;
    }
    const event: InboundEvent = {
      id: payment.providerEventId,
      address: order.address,
      receivedAt: app.clock.now().toISOString(),
      type: 'payment',
      payment,
    };
    await app.engine.receive([event]);
    orders.push(order);
  }
  void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
  return orders;
}

/**
 * Asks each provider that can tell (`status`) where its unpaid orders stand, oldest first, and
 * feeds what it reports through `receivePayments`. Orders younger than `minAgeMs` are left to the
 * webhook. Returns how many orders changed hands to the engine.
 */
export async function pollPayments(
  app: PaymentIntake & { payments: ReadonlyMap<string, PaymentProvider> },
  options: { minAgeMs?: number; limit?: number } = {},
): Promise<number> {
  const pollable = [...app.payments.values()].filter((provider) => provider.status);
  if (pollable.length === 0) return 0;
  const cutoff = app.clock.now().getTime() - (options.minAgeMs ?? 15_000);
  const waiting = (await app.store.orders.list({ status: 'awaiting_payment', limit: options.limit ?? 200 }))
    .filter((order) => Date.parse(order.createdAt) <= cutoff)
    .reverse();
  let reported = 0;
  for (const order of waiting) {
    const provider = pollable.find((candidate) => candidate.name === order.provider);
    if (!provider?.status) continue;
    try {
      const events = await provider.status(order);
      if (events.length > 0) reported += (await receivePayments(app, events)).length;
    } catch (error) {
      app.log('payment status poll failed', { provider: provider.name, orderId: order.id, error: String(error) });
    }
  }
  return reported;
}
