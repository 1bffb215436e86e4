import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison: the time taken does not reveal how many leading characters matched. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare equal-length buffers so the length check itself is the only early exit, and it leaks only the length.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export function hmacSha256(
  secret: string,
  body: Uint8Array | string,
  encoding: 'hex' | 'base64' | 'base64url',
): string {
  return createHmac('sha256', secret).update(body).digest(encoding);
}
