import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-privacy-'));
const env = {
  DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
  LOG_LEVEL: 'silent',
  DEMO_PAYMENT_SECRET: 'privacy-demo-secret-0123456',
};
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let orderId = '';

const message = (user: string, body: Record<string, string>) =>
  app.request('/simulator/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, ...body }),
  });

beforeAll(async () => {
  kaiwa = await createKaiwa({ shopDir: 'examples/shop', env, log: () => undefined });
  app = createApp(kaiwa.app);
  for (const user of ['aiko', 'kenji']) {
    await message(user, { text: 'こんにちは、090-1234-5678 の田中です' });
    await message(user, { payload: 'k1:do:addToCart:tea-mugicha' });
    const replies = ((await (await message(user, { payload: 'k1:do:checkout' })).json()) as { replies: Reply[] })
      .replies;
    if (user === 'aiko')
      orderId = replies.find(
        (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
      )!.orderId;
  }
});
afterAll(async () => {
  await kaiwa.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a shopper's data", () => {
  it('exports everything stored about the shopper as JSON (admin API)', async () => {
    const data = (await (await app.request('/admin/api/privacy/simulator/aiko')).json()) as {
      transcript: { event?: { text?: string } }[];
      orders: { id: string; history: unknown[] }[];
      session: unknown;
    };
    expect(data.transcript.some((entry) => entry.event?.text?.includes('090-1234-5678'))).toBe(true);
    expect(data.orders.map((order) => order.id)).toEqual([orderId]);
    expect(data.orders[0]?.history.length).toBeGreaterThan(0);
    expect(data.session).not.toBeNull();
    expect(data).toHaveProperty('consent', null);
    expect((await app.request('/admin/api/privacy/fax/aiko')).status).toBe(400);
  });

  it('erases it from the CLI, keeping the order for the accounts without the identity; a second run finds nothing', async () => {
    await kaiwa.close();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/kaiwa.js', 'privacy', ...args, '--shop', 'examples/shop'], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
    const file = join(dir, 'aiko.json');
    expect(run('export', 'simulator', 'aiko', '--out', file).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('090-1234-5678');
    const first = run('delete', 'simulator', 'aiko');
    expect(first.stdout).toMatch(/erased [1-9]\d* messages, 1 session, [1-9]\d* outgoing, 0 handoff; 1 orders kept/);
    expect(first.stdout).toMatch(/identity; 0 consent and [1-9]\d* delivery ids erased\n/);
    const second = run('delete', 'simulator', 'aiko').stdout;
    expect(second).toContain('erased 0 messages, 0 session, 0 outgoing, 0 handoff; 0 orders kept');
    expect(second).toContain('; 0 consent and 0 delivery ids erased');

    kaiwa = await createKaiwa({ shopDir: 'examples/shop', env, log: () => undefined });
    app = createApp(kaiwa.app);
    const after = (await (await app.request('/admin/api/privacy/simulator/aiko')).json()) as {
      transcript: unknown[];
      orders: unknown[];
      session: unknown;
    };
    expect(after).toMatchObject({ transcript: [], orders: [], session: null });
    const order = await kaiwa.store.orders.get(orderId);
    expect(order?.address.userId).toMatch(/^erased-/);
    // ¥600 of tea and the example shop's ¥500 shipping.
    expect(order?.total).toEqual({ amount: 1100, currency: 'JPY' });
    // Another shopper is untouched.
    const kenji = (await (await app.request('/admin/api/privacy/simulator/kenji')).json()) as { transcript: unknown[] };
    expect(kenji.transcript.length).toBeGreaterThan(0);
  });

  it('erases through the admin API too, refusing another site', async () => {
    expect(
      (
        await app.request('/admin/api/privacy/simulator/kenji', {
          method: 'DELETE',
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    const response = await app.request('/admin/api/privacy/simulator/kenji', { method: 'DELETE' });
    expect(((await response.json()) as { erased: { ordersAnonymised: number } }).erased.ordersAnonymised).toBe(1);
  });
});
