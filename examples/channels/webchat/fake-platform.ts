import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeEqual, type RawRequest } from 'kaiwajs/core';
import type { ChannelContractHarness, FakePlatform } from 'kaiwajs/testing';
import { createWebchatChannel, signWebchat, webchatSignatureHeader, type WebchatMessage } from './index.js';

/**
 * A local stand-in for the widget's server, for tests: it takes `POST /messages` (refusing a wrong
 * signature with 401, as the real one must), records what it accepted, and can be told to refuse
 * every send with 429 (Retry-After) or 500.
 */
export async function startFakeWebchat(secret: string) {
  const messages: WebchatMessage[] = [];
  let failing: { status: number; retryAfter?: number } | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const body = Buffer.concat(chunks);
      if (request.method !== 'POST' || request.url !== '/messages') return answer(404, { error: 'not found' });
      const signature = request.headers[webchatSignatureHeader];
      if (typeof signature !== 'string' || !safeEqual(signature, signWebchat(secret, body)))
        return answer(401, { error: 'bad signature' });
      if (failing)
        return answer(
          failing.status,
          { error: failing.status === 429 ? 'slow down' : 'internal error' },
          failing.retryAfter ? { 'retry-after': String(failing.retryAfter) } : {},
        );
      messages.push(JSON.parse(body.toString('utf8')) as WebchatMessage);
      answer(201, { id: `wc-${messages.length}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    fail: (status: number, retryAfter?: number) => void (failing = { status, ...(retryAfter ? { retryAfter } : {}) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A webhook as the widget's server posts it: these bytes, signed. */
export function webchatRequest(secret: string, body: Uint8Array | string): RawRequest {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    method: 'POST',
    url: 'https://shop.test/webhooks/webchat',
    headers: new Headers({ 'content-type': 'application/json', [webchatSignatureHeader]: signWebchat(secret, bytes) }),
    body: bytes,
  };
}

/** The harness `channelContract` runs the web chat with (test/examples/webchat-contract.test.ts). */
export const webchatHarness: ChannelContractHarness = {
  async setUp() {
    const secret = 'contract-webchat-secret-0123';
    const fake = await startFakeWebchat(secret);
    const platform: FakePlatform = {
      signatureHeaders: [webchatSignatureHeader],
      textMessage: (text) =>
        webchatRequest(
          secret,
          JSON.stringify({
            type: 'message',
            id: randomUUID(),
            user: 'visitor-42',
            text,
            sentAt: new Date().toISOString(),
          }),
        ),
      unknownEvent: () =>
        webchatRequest(secret, JSON.stringify({ type: 'typing', id: randomUUID(), user: 'visitor-42' })),
      signed: (body) => webchatRequest(secret, body),
      received: () =>
        fake.messages.map((message) => ({
          text: message.text ?? '',
          buttons: (message.buttons ?? []).map((button) => ({
            label: button.label,
            ...('payload' in button ? { payload: button.payload } : {}),
          })),
        })),
      failSends: (status, retryAfter) => fake.fail(status, retryAfter),
    };
    return { adapter: createWebchatChannel({ secret, apiUrl: fake.url }), platform, tearDown: () => fake.close() };
  },
};
