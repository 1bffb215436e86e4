import { hmacSha256, InvalidPayloadError, safeEqual, SignatureError, type RawRequest } from '../../core/index.js';
import { jsonBody } from '../shared/json-body.js';

/** Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export function verifyMetaSignature(request: RawRequest, appSecret: string): void {
  const header = request.headers.get('x-hub-signature-256') ?? '';
  const expected = `sha256=${hmacSha256(appSecret, request.body, 'hex')}`;
  if (!safeEqual(header.toLowerCase(), expected))
    throw new SignatureError('X-Hub-Signature-256 is missing or does not match the body');
}

/** The subscription check: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`. */
export function metaHandshake(request: RawRequest, verifyToken: string): { status: 200 | 403; body: string } {
  const query = new URL(request.url).searchParams;
  const ok = query.get('hub.mode') === 'subscribe' && safeEqual(query.get('hub.verify_token') ?? '', verifyToken);
  return ok ? { status: 200, body: query.get('hub.challenge') ?? '' } : { status: 403, body: 'verify token mismatch' };
}

export function parseMetaJson(request: RawRequest): Record<string, unknown> {
  const body = jsonBody(request)?.value;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new InvalidPayloadError('the body must be a JSON object');
}
