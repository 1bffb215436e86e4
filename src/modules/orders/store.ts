import type { Address, Order, OrderShipTo, OrderShipment, OrderStatus, PaymentEvent } from '../../core/index.js';

export interface OrderTransition {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  /** Why: `checkout`, `payment:demo:…`, `expired`, … */
  cause: string;
  at: string;
}

export interface OrderStore {
  create(order: Order, cause: string): Promise<void>;
  get(id: string): Promise<Order | undefined>;
  /**
   * Compare-and-set: moves the order to `to` only if its status is one of `from`, records the
   * transition with its cause, and returns the updated order; undefined when the status did not match.
   */
  transition(
    id: string,
    from: readonly OrderStatus[],
    to: OrderStatus,
    cause: string,
    at: string,
  ): Promise<Order | undefined>;
  setPayment(id: string, payment: { provider: string; url?: string; reference?: string }): Promise<void>;
  /** Records how a fulfilled order travels (carrier, tracking number and page); called with its move to `fulfilled`. */
  setShipment(id: string, shipment: OrderShipment): Promise<void>;
  /** Records the delivery address the shopper gave (a provider's page, the demo checkout page). */
  setShipTo(id: string, shipTo: OrderShipTo): Promise<void>;
  history(id: string): Promise<OrderTransition[]>;
  /** Orders still awaiting payment whose `expiresAt` is before `now`. */
  listExpired(now: string, limit: number): Promise<Order[]>;
  listByConversation(address: Address): Promise<Order[]>;
  /** Newest first, for the merchant: by status, channel and creation time (`from` inclusive, `to` exclusive, ISO). */
  list(filter: OrderFilter): Promise<Order[]>;
}

export interface OrderFilter {
  status?: OrderStatus;
  channel?: string;
  from?: string;
  to?: string;
  /** Default 50, at most 1000. */
  limit?: number;
}

/** Provider events already applied, keyed by `providerEventId`: a redelivered webhook changes nothing. */
export interface PaymentLedger {
  /** Records a provider event once; false if that `providerEventId` was recorded before. */
  record(event: PaymentEvent, outcome: string, at: string): Promise<boolean>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Orders and their status history (src/modules/orders). */
    readonly orders: OrderStore;
    /** Payment events already applied (src/modules/orders). */
    readonly payments: PaymentLedger;
  }
}
