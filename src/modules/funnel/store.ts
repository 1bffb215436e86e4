import type { Address, Money } from '../../core/index.js';

/** The steps of the sales funnel, in order. */
export const funnelSteps = [
  'conversation_started',
  'recommendations_shown',
  'added_to_cart',
  'checkout_started',
  'paid',
] as const;
export type FunnelStep = (typeof funnelSteps)[number];

/** Something a turn did that the merchant counts; recorded in the turn's own transaction. */
export interface FunnelEvent {
  step: FunnelStep;
  orderId?: string;
  /** For `paid` (and `checkout_started`): the order total. */
  amount?: Money;
}

export interface FunnelDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  channel: string;
  counts: Record<FunnelStep, number>;
  /** Sum of paid totals per currency, in minor units. */
  revenue: Record<string, number>;
}

export interface FunnelStore {
  record(address: Address, events: readonly FunnelEvent[], at: string): Promise<void>;
  /** Per day and channel, `from` inclusive and `to` exclusive (ISO). Conversations count once per step per day. */
  summary(from: string, to: string): Promise<FunnelDay[]>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Funnel events per day and channel (src/modules/funnel). */
    readonly funnel: FunnelStore;
  }
}
