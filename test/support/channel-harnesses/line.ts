import { randomUUID } from 'node:crypto';
import { createLineChannel } from '../../../src/channels/line/index.js';
import type { RawRequest } from '../../../src/core/index.js';
import type { ChannelContractHarness, ReceivedMessage } from '../../../src/testing/index.js';
import { channelAccessToken, channelSecret, fixture, sign } from '../../channels/line/helpers.js';
import { startFakeLineApi } from '../../fakes/line-api.js';

const webhook = (body: Uint8Array | string): RawRequest => ({
  method: 'POST',
  url: 'https://shop.test/webhooks/line',
  headers: new Headers({ 'content-type': 'application/json', 'x-line-signature': sign(body) }),
  body: typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body),
});

/** A webhook body around one event, as LINE posts it, from test/fixtures/line. */
const envelope = (event: Record<string, unknown>) =>
  JSON.stringify({
    destination: (JSON.parse(fixture('text-ja-emoji').toString()) as { destination: string }).destination,
    events: [event],
  });

interface LineMessageJson {
  type: string;
  text?: string;
  altText?: string;
  quickReply?: { items: { action: { label: string; data?: string; text?: string } }[] };
}

/** LINE against the local Messaging API of test/fakes/line-api.ts (reply and push, single-use reply tokens). */
export const lineHarness: ChannelContractHarness = {
  async setUp() {
    const fake = await startFakeLineApi(channelAccessToken);
    const adapter = createLineChannel({ channelSecret, channelAccessToken, apiBaseUrl: fake.url });
    // The fake records refused requests too: the first refused one is remembered, so received() stops there.
    let failingFrom: number | undefined;
    return {
      adapter,
      platform: {
        signatureHeaders: ['x-line-signature'],
        textMessage(text) {
          const body = JSON.parse(fixture('text-ja-emoji').toString()) as { events: Record<string, unknown>[] };
          const event = body.events[0]!;
          const { emojis: _emojis, ...message } = event.message as Record<string, unknown>;
          return webhook(
            envelope({
              ...event,
              message: { ...message, id: String(Date.now()) + String(Math.floor(Math.random() * 1e6)), text },
              timestamp: Date.now(),
              replyToken: randomUUID().replaceAll('-', ''),
              webhookEventId: `01CONTRACT${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`,
            }),
          );
        },
        // A membership event (a shopper joined a membership plan): Kaiwa ignores it.
        unknownEvent() {
          const body = JSON.parse(fixture('multi-event').toString()) as { events: Record<string, unknown>[] };
          return webhook(
            envelope({ ...body.events.find((event) => event.type === 'membership')!, timestamp: Date.now() }),
          );
        },
        signed: webhook,
        received() {
          const usedTokens = new Set<string>();
          return fake.requests
            .slice(0, failingFrom)
            .filter((request) => {
              if (!request.path.endsWith('/reply')) return request.path.endsWith('/push');
              // A reused reply token is refused by LINE (400): that request delivered nothing.
              const token = String(request.body.replyToken);
              if (usedTokens.has(token)) return false;
              usedTokens.add(token);
              return true;
            })
            .flatMap((request) => (request.body.messages as LineMessageJson[]) ?? [])
            .map((message): ReceivedMessage => ({
              text: message.text ?? message.altText ?? '',
              buttons: (message.quickReply?.items ?? []).map(({ action }) => ({
                label: action.label,
                ...(action.data !== undefined ? { payload: action.data } : {}),
              })),
            }));
        },
        failSends(status, retryAfter) {
          failingFrom ??= fake.requests.length;
          fake.failNext(
            ...Array.from({ length: 50 }, () => ({
              status,
              message:
                status === 429 ? 'The API rate limit has been exceeded. Try again later.' : 'Internal server error',
              ...(retryAfter ? { retryAfter: String(retryAfter) } : {}),
            })),
          );
        },
      },
      tearDown: () => fake.close(),
    };
  },
};
