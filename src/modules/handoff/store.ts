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
}

export interface HandoffStore {
  /** Pauses the bot for the conversation; opening an open one keeps its `since`. */
  open(address: Address, reason: string, at: string): Promise<void>;
  get(key: ConversationKey): Promise<Handoff | undefined>;
  /** Open handoffs, waiting longest first. */
  list(limit?: number): Promise<Handoff[]>;
  /** Records what the shopper wrote while waiting. */
  touch(key: ConversationKey, message: string, at: string): Promise<void>;
  /** Gives the conversation back to the bot; false when it was not handed off. */
  release(key: ConversationKey): Promise<boolean>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Conversations a person has taken over (src/modules/handoff). */
    readonly handoffs: HandoffStore;
  }
}
