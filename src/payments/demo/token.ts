import { hmacSha256, safeEqual } from '../../core/index.js';

/**
 * The token in a demo checkout link: HMAC-SHA256(secret, orderId), base64url. It proves the
 * link came from this server for this order, so nobody can pay (or view) an order by guessing
 * its number. The secret signs nothing else, so the order id alone is the message.
 */
export function signOrderToken(secret: string, orderId: string): string {
  return hmacSha256(secret, orderId, 'base64url');
}

/** Constant-time check of a token from a link or form against the order it claims. */
export function verifyOrderToken(secret: string, orderId: string, token: string): boolean {
  return safeEqual(signOrderToken(secret, orderId), token);
}
