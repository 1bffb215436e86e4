import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { channelAccessToken, channelSecret, sign } from '../channels/line/helpers.js';
import { startFakeLineApi } from '../fakes/line-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-line-'));
let line: Awaited<ReturnType<typeof startFakeLineApi>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  line = await startFakeLineApi(channelAccessToken);
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: channelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
      LINE_API_BASE_URL: line.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await line.close();
  rmSync(dir, { recursive: true, force: true });
});

const textEvent = (eventId: string, text: string) => ({
  destination: 'Ubot',
  events: [
    {
      type: 'message',
      mode: 'active',
      timestamp: Date.now(),
      webhookEventId: eventId,
      deliveryContext: { isRedelivery: false },
      replyToken: `rt-${eventId}`,
      source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
      message: { id: `m-${eventId}`, type: 'text', quoteToken: 'q', text },
    },
  ],
});
const post = (body: unknown, signature?: string) => {
  const raw = JSON.stringify(body);
  return app.request('/webhooks/line', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature ?? sign(raw) },
    body: raw,
  });
};

describe('LINE enabled from the environment', () => {
  it('answers a signed greeting once by reply token, even when LINE redelivers it', async () => {
    expect((await post(textEvent('01HLINEE2E1', 'こんにちは'))).status).toBe(200);
    expect((await post(textEvent('01HLINEE2E1', 'こんにちは'))).status).toBe(200);
    await kaiwa.engine.drain();
    expect(line.requests).toHaveLength(1);
    expect(line.requests[0]).toMatchObject({ path: '/v2/bot/message/reply', body: { replyToken: 'rt-01HLINEE2E1' } });
    expect(JSON.stringify(line.requests[0]?.body)).toContain('いらっしゃいませ');
  });

  it('refuses a body signed with another secret and stores nothing', async () => {
    const body = textEvent('01HLINEE2E2', 'hello');
    expect((await post(body, sign(JSON.stringify(body), '0'.repeat(32)))).status).toBe(401);
    await kaiwa.engine.drain();
    expect(line.requests).toHaveLength(1);
  });

  it("starts a new conversation in the language of the shopper's LINE profile, looking it up once", async () => {
    const englishUser = 'U' + 'e'.repeat(32);
    line.profiles.set(englishUser, 'en');
    const follow = {
      destination: 'Ubot',
      events: [
        {
          type: 'follow',
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: '01HLINEFOLLOW1',
          deliveryContext: { isRedelivery: false },
          replyToken: 'rt-follow',
          source: { type: 'user', userId: englishUser },
          follow: { isUnblocked: false },
        },
      ],
    };
    expect((await post(follow)).status).toBe(200);
    await kaiwa.engine.drain();
    const welcome = JSON.stringify(line.requests.find((request) => request.body.replyToken === 'rt-follow')?.body);
    expect(welcome).toContain('Welcome to');
    const sticker = {
      destination: 'Ubot',
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: '01HLINESTICK1',
          deliveryContext: { isRedelivery: false },
          replyToken: 'rt-sticker',
          source: { type: 'user', userId: englishUser },
          message: { id: 'm-st', type: 'sticker', packageId: '1', stickerId: '1', quoteToken: 'q' },
        },
      ],
    };
    expect((await post(sticker)).status).toBe(200);
    expect(line.profileLookups.filter((user) => user === englishUser)).toHaveLength(1);
  });

  it('answers even when the profile lookup fails (unknown profile: the shop default)', async () => {
    const unknownUser = 'U' + 'a'.repeat(32);
    const follow = {
      destination: 'Ubot',
      events: [
        {
          type: 'follow',
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: '01HLINEFOLLOW2',
          deliveryContext: { isRedelivery: false },
          replyToken: 'rt-follow-2',
          source: { type: 'user', userId: unknownUser },
          follow: { isUnblocked: false },
        },
      ],
    };
    expect((await post(follow)).status).toBe(200);
    await kaiwa.engine.drain();
    expect(JSON.stringify(line.requests.find((request) => request.body.replyToken === 'rt-follow-2')?.body)).toContain(
      'いらっしゃいませ',
    );
  });

  it('names what is missing when only half of LINE is configured', async () => {
    await expect(
      createKaiwa({
        shopDir: 'examples/shop',
        env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent', LINE_CHANNEL_SECRET: channelSecret },
        log: () => undefined,
      }),
    ).rejects.toThrow(/LINE needs LINE_CHANNEL_ACCESS_TOKEN/);
  });
});
