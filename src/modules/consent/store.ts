import type { Address } from '../../core/index.js';

/** A shopper's marketing consent on one channel, with when and how it was given or withdrawn. */
export interface Consent {
  channel: string;
  userId: string;
  optedIn: boolean;
  at: string;
  /** Where it came from: `flow:optIn`, `admin-api`, … */
  source: string;
}

export interface ConsentStore {
  /** Records the latest choice (the newest wins). */
  set(address: Address, optedIn: boolean, source: string, at: string): Promise<void>;
  get(channel: string, userId: string): Promise<Consent | undefined>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Marketing consent per shopper and channel (src/modules/consent). */
    readonly consents: ConsentStore;
  }
}
