import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-expiry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stock reservations', () => {
  it('are held at checkout and given back when the order expires unpaid', async () => {
    let now = new Date('2026-11-22T09:00:00Z');
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      clock: { now: () => now },
      env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
    const app = createApp(kaiwa.app);
    const post = async (body: object) =>
      (
        (await (
          await app.request('/simulator/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: 'expiring', ...body }),
          })
        ).json()) as { replies: Reply[] }
      ).replies;
    const stockOf = async (id: string) =>
      ((await (await app.request(`/api/products/${id}`)).json()) as { stock: number }).stock;

    await post({ text: 'hello' });
    const cards = (await post({ text: 'recommend tea' })).flatMap((reply) =>
      reply.type === 'products' ? reply.products : [],
    );
    const card = cards.find((item) => (item.stock ?? 0) > 0)!;
    const initial = await stockOf(card.id);
    await post({ payload: card.actions.find((action) => action.action === 'addToCart')!.payload });
    const link = (await post({ text: 'checkout' })).find((reply) => reply.type === 'paymentLink');
    expect(link?.type).toBe('paymentLink');
    expect(await stockOf(card.id)).toBe(initial - 1);

    now = new Date(now.getTime() + 29 * 60_000);
    expect(await kaiwa.expireOrders()).toBe(0);
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await kaiwa.expireOrders()).toBe(1);
    expect(await stockOf(card.id)).toBe(initial);
    const order = (await (
      await app.request(`/api/orders/${link?.type === 'paymentLink' ? link.orderId : ''}`)
    ).json()) as { status: string; history: { from: string | null; to: string; cause: string }[] };
    expect(order.status).toBe('expired');
    expect(order.history.map((step) => `${step.from}->${step.to}:${step.cause}`)).toEqual([
      'null->awaiting_payment:checkout',
      'awaiting_payment->expired:expired',
    ]);
    await kaiwa.close();
  });
});
