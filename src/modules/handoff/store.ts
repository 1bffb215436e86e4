import type { Address, ConversationKey } from '../../core/index.js';

/** A conversation a person has taken over: the bot stays quiet in it until it is released. */
export interface Handoff {
  key: ConversationKey;
  address: Address;
  reason: string;
  /** When the bot stepped aside. */
  since: string;
  /** The shopper's latest message while waiting, for the queue. */
  lastMessage?: string;
  lastMessageAt?: string;
  /**
   * When the bot takes the conversation back by itself: set while the business answers from the
   * platform's own app (an owner reply), moved on by each further one. Absent: only a person
   * returns it (the console's release).
   */
  resumesAt?: string;
}

export interface HandoffStore {
  /**
   * Pauses the bot for the conversation until a person returns it; opening an open one keeps its
   * `since` (and makes an owner reply's pause one a person ends).
   */
  open(address: Address, reason: string, at: string): Promise<void>;
  /**
   * Pauses the bot because the business answered from the platform's app, until `resumesAt`
   * (absent: until a person returns it). Moves an owner pause's `resumesAt` on; a handoff a person
   * holds (opened with `open`) stays theirs.
   */
  pauseForOwner(address: Address, reason: string, at: string, resumesAt?: string): Promise<void>;
  get(key: ConversationKey): Promise<Handoff | undefined>;
  /** Open handoffs, waiting longest first. */
  list(limit?: number): Promise<Handoff[]>;
  /** Records what the shopper wrote while waiting. */
  touch(key: ConversationKey, message: string, at: string): Promise<void>;
  /** Gives the conversation back to the bot; false when it was not handed off. */
  release(key: ConversationKey): Promise<boolean>;
  /** Gives the conversation back if its owner pause is over at `at` (`resumesAt` ≤ `at`); true when it did. */
  resumeIfQuiet(key: ConversationKey, at: string): Promise<boolean>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Conversations a person has taken over (src/modules/handoff). */
    readonly handoffs: HandoffStore;
  }
}
