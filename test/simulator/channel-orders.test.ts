import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createKaiwa, type Address, type Kaiwa, type Reply } from 'kaiwajs';
import { channelAccessToken, channelSecret } from '../channels/line/helpers.js';
import { startFakeLineApi } from '../fakes/line-api.js';

// The example shop with LINE configured (against the fake LINE API) and Telegram not configured.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-sim-channel-'));
let line: Awaited<ReturnType<typeof startFakeLineApi>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
const delivered: Address[] = [];

beforeAll(async () => {
  line = await startFakeLineApi(channelAccessToken);
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      PUBLIC_URL: 'http://kaiwa.test',
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: channelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
      LINE_API_BASE_URL: line.url,
    },
    log: () => undefined,
  });
  kaiwa.simulator.onDelivery((address) => void delivered.push(address));
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa?.close();
  await line?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A shopper in a simulator pane, in `channel`'s skin (none: the plain simulator). */
function pane(user: string, channel?: string) {
  let last: Reply[] = [];
  const post = async (body: Record<string, string>) => {
    const response = await app.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, ...(channel ? { channel } : {}), ...body }),
    });
    expect(response.status).toBe(200);
    last = ((await response.json()) as { replies: Reply[] }).replies;
  };
  const buttons = () =>
    last.flatMap((reply) =>
      reply.type === 'choices'
        ? reply.choices
        : reply.type === 'products'
          ? reply.products.flatMap((c) => c.actions)
          : [],
    );
  return {
    say: (text: string) => post({ text }),
    press: async (label: string) => {
      const button = buttons().find((choice) => choice.label === label);
      if (!button) throw new Error(`no button "${label}" among ${buttons().map((choice) => choice.label)}`);
      await post({ payload: button.payload, text: button.label });
    },
    /** Buys the first recommendation and pays on the demo checkout; the order's id. */
    buy: async function () {
      await this.say('こんにちは');
      await this.press('おすすめを見る');
      await this.press('カートに入れる');
      await this.press('ご購入手続きへ');
      const link = [...last].reverse().find((reply) => reply.type === 'paymentLink');
      if (link?.type !== 'paymentLink') throw new Error('no payment link');
      const url = new URL(link.url);
      const paid = await app.request(url.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: url.searchParams.get('token') ?? '',
          amount: String(link.total.amount),
          currency: link.total.currency,
        }).toString(),
      });
      expect(paid.status).toBe(200);
      await kaiwa.engine.drain();
      return link.orderId;
    },
  };
}

const conversation = async (user: string, channel?: string) =>
  (await (await app.request(`/simulator/api/conversations/${user}${channel ? `?channel=${channel}` : ''}`)).json()) as {
    state: unknown;
    messages: { direction: string; reply?: Reply; native?: unknown[] }[];
  };

describe('simulator skins: the simulated channel is the skin’s channel', () => {
  it('an order placed in the LINE skin carries channel line, and nothing is sent to LINE', async () => {
    const orderId = await pane('line-buyer', 'line').buy();
    const order = await kaiwa.store.orders.get(orderId);
    expect(order?.address.channel).toBe('line');
    expect(order?.address.conversationId).toBe('simulator:line-buyer');
    expect(order?.status).toBe('paid');
    // The confirmation arrived in the simulator's LINE conversation, with LINE's rendering.
    const shown = await conversation('line-buyer', 'line');
    expect(JSON.stringify(shown.messages.map((message) => message.reply))).toContain('お支払いを確認しました');
    expect(shown.messages.find((message) => message.direction === 'out')?.native?.length).toBeGreaterThan(0);
    expect(delivered.some((address) => address.channel === 'line')).toBe(true);
    expect(line.requests).toEqual([]);
    // The plain simulator's conversation of that name is another one.
    expect((await conversation('line-buyer')).messages).toEqual([]);
  });

  it('a channel that is not configured (Telegram) is simulated too; its webhook stays disabled', async () => {
    const orderId = await pane('tg-buyer', 'telegram').buy();
    expect((await kaiwa.store.orders.get(orderId))?.address.channel).toBe('telegram');
    expect(delivered.some((address) => address.channel === 'telegram')).toBe(true);
    expect((await app.request('/webhooks/telegram', { method: 'POST', body: '{}' })).status).toBe(404);
    // The console cannot message a real Telegram user through the stand-in; a simulated one it can.
    const send = (userId: string) =>
      app.request('/admin/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'telegram', userId, text: 'hello', purpose: 'transactional' }),
      });
    expect((await send('12345')).status).toBe(400);
    expect((await send('simulator:tg-buyer')).status).toBe(202);
  });

  it('the plain simulator keeps channel simulator; reset erases the skin’s conversation', async () => {
    const orderId = await pane('plain-buyer').buy();
    expect((await kaiwa.store.orders.get(orderId))?.address.channel).toBe('simulator');
    const reset = await app.request('/simulator/api/conversations/line-buyer?channel=line', { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect((await conversation('line-buyer', 'line')).messages).toEqual([]);
    expect((await app.request('/simulator/api/conversations/x?channel=fax', { method: 'DELETE' })).status).toBe(400);
  });
});
