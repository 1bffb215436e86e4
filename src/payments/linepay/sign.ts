import { createHmac } from 'node:crypto';

/**
 * LINE Pay v3's request signature: Base64(HMAC-SHA256(channelSecret, channelSecret + path + body + nonce)),
 * where body is the JSON body of a POST and the query string (without `?`) of a GET.
 */
export function linePaySignature(channelSecret: string, path: string, body: string, nonce: string): string {
  return createHmac('sha256', channelSecret)
    .update(channelSecret + path + body + nonce)
    .digest('base64');
}
