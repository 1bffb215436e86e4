import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBotFrameworkChannel } from '../../../src/channels/botframework/index.js';
import type { RawRequest } from '../../../src/core/index.js';
import type { ChannelContractHarness, ReceivedMessage } from '../../../src/testing/index.js';
import { startFakeBotFramework } from '../../fakes/botframework.js';

const app = { appId: '00000000-1111-2222-3333-444444444444', appPassword: 'contract-client-secret' };

/**
 * The activities' serviceUrl: a pass-through to the fake's connector that can refuse sends with any
 * status and Retry-After (test/fakes/botframework.ts queues statuses only, always with Retry-After: 1).
 */
async function startConnectorGate(target: string) {
  let failing: { status: number; retryAfter?: number } | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failing) {
        response.writeHead(failing.status, {
          'content-type': 'application/json',
          ...(failing.retryAfter ? { 'retry-after': String(failing.retryAfter) } : {}),
        });
        return response.end(JSON.stringify({ error: { code: 'ServiceError', message: `status ${failing.status}` } }));
      }
      void fetch(`${target}${request.url ?? ''}`, {
        method: request.method ?? 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/json',
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        },
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      }).then(
        async (answer) => {
          response.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          response.end(Buffer.from(await answer.arrayBuffer()));
        },
        () => {
          response.statusCode = 502;
          response.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fail: (status: number, retryAfter?: number) => void (failing = { status, ...(retryAfter ? { retryAfter } : {}) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface SuggestedAction {
  title: string;
  value?: { kaiwa?: string };
}

/**
 * Bot Framework with its signed path: every request carries a channel JWT (RS256) signed by
 * test/fakes/botframework.ts, whose OpenID metadata and keys the SDK's own validation fetches;
 * replies take a client-credentials token from the fake's login service.
 */
export const botframeworkHarness: ChannelContractHarness = {
  expectedFailures: {
    // Not an adapter bug: the Bot Connector's JWT authenticates the sender (issuer, audience, the
    // serviceurl claim), not the body; Bot Framework has no body signature. A changed text with a
    // valid token is authentic by its scheme (src/channels/botframework/verify.ts). A changed
    // serviceUrl, the one field the token binds, is refused (test/channels/botframework).
    'tampered-body': 'the Bot Connector JWT does not sign the body',
  },
  async setUp() {
    const fake = await startFakeBotFramework(app);
    const gate = await startConnectorGate(fake.url);
    const adapter = createBotFrameworkChannel({
      ...app,
      loginUrl: fake.loginUrl,
      openIdMetadataUrl: fake.openIdMetadataUrl,
    });
    const webhook = (body: Uint8Array | string): RawRequest => ({
      method: 'POST',
      url: 'https://shop.test/webhooks/botframework',
      headers: new Headers({
        'content-type': 'application/json',
        authorization: `Bearer ${fake.channelToken(gate.url)}`,
      }),
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    });
    const activity = (extra: Record<string, unknown>) =>
      JSON.stringify({
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        channelId: 'webchat',
        serviceUrl: gate.url,
        locale: 'en-US',
        from: { id: 'user-1', name: 'Aiko' },
        recipient: { id: app.appId, name: 'Sawa Tea' },
        conversation: { id: 'conv-1|livechat' },
        ...extra,
      });
    return {
      adapter,
      platform: {
        signatureHeaders: ['authorization'],
        textMessage: (text) => webhook(activity({ type: 'message', text })),
        // The shopper is typing: nothing to answer.
        unknownEvent: () => webhook(activity({ type: 'typing' })),
        signed: webhook,
        received: () =>
          fake.calls.map((call): ReceivedMessage => {
            const actions = (call.body.suggestedActions as { actions?: SuggestedAction[] } | undefined)?.actions;
            return {
              text: typeof call.body.text === 'string' ? call.body.text : '',
              buttons: (actions ?? []).map((action) => ({
                label: action.title,
                ...(action.value?.kaiwa !== undefined ? { payload: action.value.kaiwa } : {}),
              })),
            };
          }),
        failSends: (status, retryAfter) => gate.fail(status, retryAfter),
      },
      async tearDown() {
        await gate.close();
        await fake.close();
      },
    };
  },
};
