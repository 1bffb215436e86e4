import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { dayStart } from '../../src/server/routes/console.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-order-desk-'));
// 2026-11-22 23:30 in Tokyo is 14:30 UTC: the day differs between the two.
const clock: Clock = { now: () => new Date('2026-11-22T14:30:00Z') };
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    clock,
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
}, 60_000);
afterAll(async () => {
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = async (user: string, message: { text?: string; payload?: string }) =>
  (
    (await (
      await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, ...message }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;
const texts = (replies: Reply[]) => replies.map((reply) => ('text' in reply ? reply.text : '')).join('\n');

/** An order the shopper checks out in the simulator, paid on the demo page unless `pay` is false. */
async function order(user: string, pay = true): Promise<string> {
  await send(user, { payload: 'k1:do:addToCart:tea-mugicha' });
  const link = (await send(user, { payload: 'k1:do:checkout' })).find(
    (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
  )!;
  if (pay) {
    const url = new URL(link.url);
    await app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: url.searchParams.get('token')!,
        amount: String(link.total.amount),
        currency: link.total.currency,
      }).toString(),
    });
  }
  return link.orderId;
}

const post = async (path: string, body: unknown = {}) => {
  const response = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const transcript = async (user: string) =>
  (
    (await (await app.request(`/admin/api/conversations/simulator/${user}`)).json()) as {
      transcript: { direction: string; reply?: Reply }[];
    }
  ).transcript
    .filter((entry) => entry.direction === 'out')
    .map((entry) => (entry.reply && 'text' in entry.reply ? entry.reply.text : ''));

describe('the order desk: fulfil, cancel and refund from the console, told to the shopper', () => {
  it('fulfils a paid order with tracking; the shopper is told, and "where is my order?" answers with the link', async () => {
    const id = await order('desk-ship');
    const page = await (await app.request(`/console/orders/${id}?lang=en`)).text();
    expect(page).toContain('data-opens="fulfil"');
    expect(page).toMatch(/<form class="confirm" id="fulfil"[^>]* hidden>/);
    expect(page).not.toContain('data-opens="cancel"');
    // The demo provider cannot refund: said on the page instead of a button.
    expect(page).toContain('which Kaiwa cannot refund');

    expect(
      await post(`/admin/api/orders/${id}/fulfil`, { carrier: 'kuroneko', tracking: '123456789012' }),
    ).toMatchObject({
      status: 400,
      body: {
        error: { code: 'payload_invalid', field: 'carrier', message: expect.stringMatching(/one of yamato, sagawa/) },
      },
    });
    expect(await post(`/admin/api/orders/${id}/fulfil`, { carrier: 'yamato' })).toMatchObject({ status: 400 });
    const done = await post(`/admin/api/orders/${id}/fulfil`, { carrier: 'japanpost', tracking: '1234-5678-9012' });
    expect(done).toMatchObject({
      status: 200,
      body: {
        order: {
          status: 'fulfilled',
          shipment: {
            carrier: 'japanpost',
            trackingUrl:
              'https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S002&locale=ja&reqCodeNo1=1234-5678-9012',
          },
        },
      },
    });
    await kaiwa.engine.drain();
    expect((await transcript('desk-ship')).at(-1)).toContain(
      `ご注文 ${id} を発送しました。日本郵便のお問い合わせ番号は 1234-5678-9012`,
    );
    const shown = await (await app.request(`/console/orders/${id}?lang=en`)).text();
    expect(shown).toContain('shipped with Japan Post');
    expect(shown).not.toContain('data-opens="fulfil"');

    const again = await post(`/admin/api/orders/${id}/fulfil`, { carrier: 'yamato', tracking: '999999999999' });
    expect(again).toMatchObject({
      status: 409,
      body: { error: { code: 'order_state', message: expect.stringMatching(/fulfilled already/) } },
    });
    expect((await kaiwa.store.orders.get(id))!.shipment!.carrier).toBe('japanpost');

    const answer = texts(await send('desk-ship', { text: '荷物は今どこですか' }));
    expect(answer).toContain(`ご注文 ${id}（2026/11/22）は発送済みです。`);
    expect(answer).toContain('日本郵便 お問い合わせ番号 1234-5678-9012');
    expect(answer).toContain('reqCodeNo1=1234-5678-9012');
  });

  it('cancels an unpaid order and tells the shopper; refuses a paid one and a demo refund, changing nothing', async () => {
    const unpaid = await order('desk-cancel', false);
    const paid = await order('desk-paid');
    expect(await (await app.request(`/console/orders/${unpaid}`)).text()).toContain('data-opens="cancel"');
    expect(await post(`/admin/api/orders/${paid}/cancel`)).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/refund it instead/) } },
    });
    expect(await post(`/admin/api/orders/${paid}/refund`)).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/paid with demo, which Kaiwa cannot refund/) } },
    });
    expect(await post(`/admin/api/orders/${unpaid}/fulfil`)).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/is awaiting_payment: only paid orders can be fulfilled/) } },
    });
    expect((await kaiwa.store.orders.get(paid))!.status).toBe('paid');
    const before = (await transcript('desk-paid')).length;
    expect(await post(`/admin/api/orders/${unpaid}/cancel`)).toMatchObject({
      status: 200,
      body: { order: { status: 'cancelled' } },
    });
    await kaiwa.engine.drain();
    expect((await transcript('desk-cancel')).at(-1)).toBe(
      `ご注文 ${unpaid} をキャンセルしました。ご不明な点はこのチャットでお知らせください。`,
    );
    expect((await transcript('desk-paid')).length).toBe(before);
    expect(await post('/admin/api/orders/KW-NONE-NONE/cancel')).toMatchObject({ status: 409 });
  });

  it('lists orders in the shop’s time zone, by day (midnight to midnight there) and by words', async () => {
    const list = await (await app.request('/console/orders?lang=en')).text();
    expect(list).toContain('created (Asia/Tokyo)');
    expect(list).toContain('2026-11-22 23:30');
    expect(list).not.toContain('2026-11-22T14:30');
    // The orders were made on 22 November in Tokyo (14:30 UTC), so "from the 22nd" finds them and "the 23rd" does not.
    const rows = (html: string) => html.match(/<tr><td><a href="\/console\/orders\//g)?.length ?? 0;
    expect(rows(await (await app.request('/console/orders?since=2026-11-22&until=2026-11-22')).text())).toBe(3);
    const next = await (await app.request('/console/orders?since=2026-11-23&lang=en')).text();
    expect(next).toContain('No orders match.');
    const found = await (await app.request('/console/orders?q=desk-cancel')).text();
    expect(rows(found)).toBe(1);
    expect(found).toContain('cancelled');
    expect(dayStart('2026-11-22', 'Asia/Tokyo')).toBe('2026-11-21T15:00:00.000Z');
    expect(dayStart('2026-03-08', 'America/Los_Angeles', 1)).toBe('2026-03-09T07:00:00.000Z');
    expect(dayStart('22/11/2026', 'Asia/Tokyo')).toBeUndefined();
  });
});
