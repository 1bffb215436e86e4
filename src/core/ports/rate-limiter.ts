import type { ChannelName } from '../message.js';

/** A platform's outbound pace: messages per second for the whole bot and for one chat. */
export interface SendRate {
  perSecond: number;
  perChatPerSecond?: number;
  /** How many messages may go at once before the pace applies (default 1). */
  burst?: number;
  chatBurst?: number;
}

/**
 * Paces outbound sends. `reserve` books `count` messages for the channel and the chat and answers
 * how long to wait before sending them (0: now). Several instances must share one limiter
 * (REDIS_URL) for the platform's limit to hold across them.
 */
export interface RateLimiter {
  reserve(channel: ChannelName, chatId: string, count: number, rate: SendRate): Promise<number>;
  close?(): Promise<void>;
}
