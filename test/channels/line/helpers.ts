import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RawRequest } from '../../../src/core/index.js';

/** A made-up channel secret: 32 hex characters, like LINE's. */
export const channelSecret = '8c570fa5a1d9b5b4a4f3c9e1d2b7a6f0';
export const channelAccessToken = 'test-access-token/abcdefghijklmnopqrstuvwxyz0123456789+=';

export const fixture = (name: string): Buffer => readFileSync(`test/fixtures/line/${name}.json`);

/** Signs independently of the adapter (node:crypto directly), so a shared bug cannot make both agree. */
export const sign = (body: Uint8Array | string, secret = channelSecret): string =>
  createHmac('sha256', secret).update(body).digest('base64');

export const webhook = (
  body: Uint8Array | string,
  headers: Record<string, string> = { 'x-line-signature': sign(body) },
): RawRequest => ({
  method: 'POST',
  url: 'https://shop.test/webhooks/line',
  headers: new Headers(headers),
  body: typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body),
});
