import { createHash } from 'node:crypto';
import type { Address } from '../../core/index.js';
import type { LineMessage } from './render.js';

// A fixed namespace for Kaiwa's name-based UUIDs (RFC 9562 §5.5), so keys never collide with other apps'.
const namespace = Buffer.from('6f1c2a4e9b7d4e3a8c5f0d2b1a9e8c7d', 'hex');

/**
 * The `X-Line-Retry-Key` of one push: a UUIDv5 of the address, the reply token it answers (if any),
 * the batch's position and its messages. The outbox retries a failed send with the same address and
 * replies, even after a crash, so the key comes out the same and LINE refuses the duplicate with 409
 * instead of delivering it twice. The reply token makes answers to different events distinct; two
 * identical proactive pushes (no token) to one chat within LINE's 24-hour key window collapse into one.
 */
export function lineRetryKey(to: Address, batchIndex: number, messages: readonly LineMessage[]): string {
  const name = JSON.stringify([to.conversationId, to.replyToken?.token ?? null, batchIndex, messages]);
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
