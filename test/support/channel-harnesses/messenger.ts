import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMessengerChannel } from '../../../src/channels/messenger/index.js';
import type { RawRequest } from '../../../src/core/index.js';
import type { ChannelContractHarness, FakePlatform, ReceivedMessage } from '../../../src/testing/index.js';
import { startFakeGraph } from '../../fakes/meta-graph-api.js';

export const appSecret = 'contract-meta-app-secret';

/** A webhook as Meta posts it: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, signed with node:crypto directly. */
export const metaWebhook = (channel: string, body: Uint8Array | string): RawRequest => {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  return {
    method: 'POST',
    url: `https://shop.test/webhooks/${channel}`,
    headers: new Headers({
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(bytes).digest('hex')}`,
    }),
    body: bytes,
  };
};

type Graph = Awaited<ReturnType<typeof startFakeGraph>>;

/** Graph error answers as Meta gives them: code 4 (application request limit) for 429, code 2 (service unavailable) for 500. */
export const failGraphSends = (graph: Graph, status: 429 | 500, retryAfter?: number) =>
  graph.failNext(
    ...Array.from({ length: 50 }, () =>
      status === 429
        ? { status, code: 4, message: 'Application request limit reached', ...(retryAfter ? { retryAfter } : {}) }
        : { status, code: 2, message: 'Service temporarily unavailable', ...(retryAfter ? { retryAfter } : {}) },
    ),
  );

interface SendApiMessage {
  text?: string;
  quick_replies?: { title: string; payload?: string }[];
}

/** What reached `/me/messages` (Messenger and Instagram), in plain terms. */
export const receivedOnMe = (graph: Graph): ReceivedMessage[] =>
  graph.calls
    .filter((call) => call.path.endsWith('/me/messages'))
    .map((call) => call.body.message as SendApiMessage)
    .map((message) => ({
      text: message.text ?? '',
      buttons: (message.quick_replies ?? []).map((reply) => ({
        label: reply.title,
        ...(reply.payload !== undefined ? { payload: reply.payload } : {}),
      })),
    }));

/** Messaging webhooks (`entry[].messaging[]`) for Messenger (`object: page`) and Instagram (`object: instagram`). */
export function messagingPlatform(channel: 'messenger' | 'instagram'): Omit<FakePlatform, 'received' | 'failSends'> {
  const body = readFileSync('test/fixtures/meta/messenger-multi.json', 'utf8');
  const fixture = JSON.parse(body) as { entry: { id: string; messaging: Record<string, unknown>[] }[] };
  const [entry] = fixture.entry;
  const item = (kind: 'message' | 'delivery') => entry!.messaging.find((candidate) => kind in candidate)!;
  const page = channel === 'messenger' ? 'page' : 'instagram';
  const post = (messaging: Record<string, unknown>) =>
    metaWebhook(
      channel,
      JSON.stringify({ object: page, entry: [{ id: entry!.id, time: Date.now(), messaging: [messaging] }] }),
    );
  return {
    signatureHeaders: ['x-hub-signature-256'],
    textMessage: (text) =>
      post({ ...item('message'), timestamp: Date.now(), message: { mid: `m_${randomUUID()}`, text } }),
    // A delivery receipt for a message the bot sent: nothing to answer.
    unknownEvent: () => post({ ...item('delivery'), timestamp: Date.now() }),
    signed: (bytes) => metaWebhook(channel, bytes),
  };
}

/** Messenger against the local Graph API of test/fakes/meta-graph-api.ts, webhooks from test/fixtures/meta. */
export const messengerHarness: ChannelContractHarness = {
  async setUp() {
    const graph = await startFakeGraph();
    const adapter = createMessengerChannel({
      appSecret,
      pageAccessToken: 'CONTRACT_PAGE_TOKEN',
      verifyToken: 'contract-verify',
      graphApiUrl: graph.url,
    });
    return {
      adapter,
      platform: {
        ...messagingPlatform('messenger'),
        received: () => receivedOnMe(graph),
        failSends: (status, retryAfter) => failGraphSends(graph, status, retryAfter),
      },
      tearDown: () => graph.close(),
    };
  },
};
