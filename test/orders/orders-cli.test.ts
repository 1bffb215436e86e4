import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeStripe } from '../fakes/stripe-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-orders-cli-'));
const secretKey = 'sk_test_orderscli0123456789';
const webhookSecret = 'whsec_orderscli0123456789';
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let env: Record<string, string>;
const ids = { open: '', demoPaid: '', shipped: '', stripePaid: '' };

const kaiwa = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/kaiwa.js', 'orders', ...args, '--shop', 'examples/shop'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

beforeAll(async () => {
  stripe = await startFakeStripe(secretKey);
  env = {
    DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
    LOG_LEVEL: 'silent',
    DEMO_PAYMENT_SECRET: 'orders-cli-demo-secret-0123',
    STRIPE_API_BASE: stripe.url,
  };
  // Three orders made the way shoppers make them: one left open, one paid on the demo page, one by Stripe.
  const shop = async (extra: Record<string, string>) => {
    const instance = await createKaiwa({ shopDir: 'examples/shop', env: { ...env, ...extra }, log: () => undefined });
    const app = createApp(instance.app);
    const press = async (user: string, payload: string) =>
      (
        (await (
          await app.request('/simulator/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user, payload }),
          })
        ).json()) as { replies: Reply[] }
      ).replies;
    const buy = async (user: string, product: string) => {
      await press(user, `k1:do:addToCart:${product}`);
      return (await press(user, 'k1:do:checkout')).find(
        (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
      )!;
    };
    return { instance, app, buy };
  };
  const demo = await shop({});
  ids.open = (await demo.buy('cli-open', 'tea-mugicha')).orderId;
  const payOnDemoPage = async (paying: Extract<Reply, { type: 'paymentLink' }>) => {
    const url = new URL(paying.url);
    await demo.app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: url.searchParams.get('token')!,
        amount: String(paying.total.amount),
        currency: paying.total.currency,
      }).toString(),
    });
    return paying.orderId;
  };
  ids.demoPaid = await payOnDemoPage(await demo.buy('cli-demo', 'tea-mugicha'));
  ids.shipped = await payOnDemoPage(await demo.buy('cli-ship', 'tea-mugicha'));
  await demo.instance.close();

  const withStripe = await shop({ STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret });
  const link = await withStripe.buy('cli-stripe', 'tea-genmaicha');
  ids.stripePaid = link.orderId;
  const payload = JSON.stringify({
    id: 'evt_cli',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: stripe.pay(/cs_test_\w+/.exec(link.url)![0]) },
  });
  await withStripe.app.request('/payments/stripe/webhook', {
    method: 'POST',
    headers: {
      'stripe-signature': new Stripe(secretKey).webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
    },
    body: payload,
  });
  await withStripe.instance.close();
}, 60_000);
afterAll(async () => {
  await stripe.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kaiwa orders', () => {
  it('lists newest first, filters by status, and refuses a bad filter', () => {
    const all = JSON.parse(kaiwa('list', '--json').stdout) as { id: string; status: string }[];
    expect(all.map((order) => order.id)).toEqual([ids.stripePaid, ids.shipped, ids.demoPaid, ids.open]);
    const paid = kaiwa('list', '--status', 'paid');
    expect(paid.status).toBe(0);
    expect(paid.stdout).toContain(ids.demoPaid);
    expect(paid.stdout).not.toContain(ids.open);
    const bad = kaiwa('list', '--status', 'shipped');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--status must be one of/);
  });

  it('shows an order with its lines, total and history', () => {
    const shown = kaiwa('show', ids.demoPaid);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/1 × /);
    expect(shown.stdout).toMatch(/awaiting_payment → paid +\(payment:demo:/);
    expect(shown.stdout).toMatch(/total .+ {2}payment demo/);
  });

  it('cancels an unpaid order and gives its stock back; refuses to cancel a paid one', async () => {
    const stock = async () => {
      const instance = await createKaiwa({ shopDir: 'examples/shop', env, log: () => undefined });
      const value = (await instance.store.catalog.get('tea-mugicha'))!.stock;
      await instance.close();
      return value;
    };
    const before = await stock();
    const cancelled = kaiwa('cancel', ids.open);
    expect(cancelled.stdout).toContain(`ok: ${ids.open} is cancelled`);
    expect(await stock()).toBe(before + 1);
    const refused = kaiwa('cancel', ids.demoPaid);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is paid: .*refund it instead/);
  });

  it('fulfils a paid order, and says so when the provider cannot refund (demo)', () => {
    expect(kaiwa('refund', ids.demoPaid).stderr).toMatch(/paid with demo, which Kaiwa cannot refund/);
    expect(kaiwa('fulfil', ids.demoPaid).stdout).toContain('is fulfilled');
    expect(kaiwa('fulfil', ids.demoPaid).stderr).toMatch(/only paid orders can be fulfilled/);
  });

  it('fulfils with a carrier and tracking number, stores the tracking link and queues the shopper’s message', async () => {
    const unknown = kaiwa('fulfil', ids.shipped, '--carrier', 'kuroneko', '--tracking', '123456789012');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /unknown carrier "kuroneko": one of yamato, sagawa, japanpost, ups, usps, fedex, dhl/,
    );
    const bad = kaiwa('fulfil', ids.shipped, '--carrier', 'yamato', '--tracking', '1234"><script>');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/must be 4–40 letters, digits and dashes/);
    expect(kaiwa('fulfil', ids.shipped, '--carrier', 'yamato').stderr).toMatch(/--carrier and --tracking together/);
    expect(JSON.parse(kaiwa('show', ids.shipped, '--json').stdout)).toMatchObject({ status: 'paid' });
    const db = new Database(join(dir, 'kaiwa.db'), { readonly: true });
    const queued = () =>
      (db.prepare('SELECT replies FROM outbox ORDER BY id').all() as { replies: string }[]).map(
        (row) => JSON.parse(row.replies) as Reply[],
      );
    const before = queued().length;
    const done = kaiwa('fulfil', ids.shipped, '--carrier', 'yamato', '--tracking', '1234-5678-9012');
    expect(done.stdout).toContain(
      `ok: ${ids.shipped} is fulfilled (yamato 1234-5678-9012: https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=1234-5678-9012)`,
    );
    const told = queued().slice(before);
    expect(told).toEqual([
      [
        {
          type: 'text',
          text: expect.stringContaining(
            `ご注文 ${ids.shipped} を発送しました。ヤマト運輸のお問い合わせ番号は 1234-5678-9012`,
          ),
          purpose: 'order_update',
        },
      ],
    ]);
    expect(kaiwa('show', ids.shipped).stdout).toMatch(/shipped yamato 1234-5678-9012 {2}https:\/\/toi\.kuronekoyamato/);
    const again = kaiwa('fulfil', ids.shipped, '--carrier', 'yamato', '--tracking', '1234-5678-9012');
    expect(again.stderr).toMatch(/is fulfilled: only paid orders can be fulfilled \(it was fulfilled already\)/);
    expect(queued().length).toBe(before + 1);
    db.close();
  });

  it('refunds a Stripe order through the Refunds API', async () => {
    // Not spawnSync: the fake Stripe API answers from this process, so it must keep running.
    const child = spawn(
      process.execPath,
      ['bin/kaiwa.js', 'orders', 'refund', ids.stripePaid, '--shop', 'examples/shop'],
      { env: { ...process.env, ...env, STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stdout).toContain(`ok: ${ids.stripePaid} is refunded`);
    expect(stripe.requests.filter((request) => request.path === '/v1/refunds')).toHaveLength(1);
    // The shopper hears of it, in their language, as an order update.
    const db = new Database(join(dir, 'kaiwa.db'), { readonly: true });
    const last = db.prepare('SELECT replies FROM outbox ORDER BY id DESC LIMIT 1').get() as { replies: string };
    db.close();
    expect(JSON.parse(last.replies)).toEqual([
      { type: 'text', text: expect.stringContaining(`ご注文 ${ids.stripePaid} の代金`), purpose: 'order_update' },
    ]);
    expect(kaiwa('show', 'KW-NOPE-NOPE').stderr).toMatch(/no order "KW-NOPE-NOPE"/);
  });
});
