import { hmacSha256, safeEqual, SignatureError, type RawRequest } from '../../core/index.js';

/**
 * LINE signs every webhook: `X-Line-Signature` = Base64(HMAC-SHA256(channel secret, raw body)).
 * Computed over the bytes as received (re-serialised JSON would differ) and compared in constant
 * time, so a forger learns nothing from how long a wrong guess takes.
 */
export function verifyLineRequest(request: RawRequest, channelSecret: string): void {
  const given = request.headers.get('x-line-signature');
  if (!given) throw new SignatureError('X-Line-Signature is missing: is this request from LINE?');
  if (!safeEqual(given, hmacSha256(channelSecret, request.body, 'base64'))) {
    throw new SignatureError(
      'X-Line-Signature does not match the body: check LINE_CHANNEL_SECRET (Basic settings of the Messaging API channel)',
    );
  }
}
