import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';

// A real `kaiwa start` on a SQLite file, SIGKILLed while payments are landing, then restarted.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-pay-crash-'));
const port = 32_000 + (process.pid % 2000);
const base = `http://127.0.0.1:${port}`;
const buyers = 30;
const product = 'tea-mugicha'; // 50 in stock in the example catalog
let child: ChildProcess | undefined;

async function start(): Promise<void> {
  child = spawn(process.execPath, ['bin/kaiwa.js', 'start', 'examples/shop'], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      DEMO_PAYMENT_SECRET: 'pay-crash-secret-0123456789',
      LOG_LEVEL: 'silent',
      SEND_RATE_LIMITS: '0',
      OUTBOX_LEASE_SECONDS: '2',
      KAIWA_WATCH: '0',
    },
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    if (
      await fetch(`${base}/healthz`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('kaiwa did not start');
}

const press = async (user: string, payload: string): Promise<Reply[]> => {
  const response = await fetch(`${base}/simulator/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, payload }),
  });
  return ((await response.json()) as { replies: Reply[] }).replies;
};
const json = async <T>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T;

beforeAll(start, 30_000);
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('crash during payment callbacks', () => {
  it('SIGKILL while 30 payments land: after a restart and the shoppers paying again, each order is paid once, stock taken once, one confirmation each', async () => {
    const links: { user: string; orderId: string; url: URL; total: { amount: number; currency: string } }[] = [];
    for (let index = 0; index < buyers; index++) {
      const user = `payer-${index}`;
      await press(user, `k1:do:addToCart:${product}`);
      const link = (await press(user, 'k1:do:checkout')).find(
        (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
      );
      expect(link, `a payment link for ${user}`).toBeDefined();
      links.push({ user, orderId: link!.orderId, url: new URL(link!.url), total: link!.total });
    }
    expect((await json<{ stock: number }>(`/api/products/${product}`)).stock).toBe(50 - buyers);

    const pay = (link: (typeof links)[number]) =>
      fetch(`${base}${link.url.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: link.url.searchParams.get('token')!,
          amount: String(link.total.amount),
          currency: link.total.currency,
        }).toString(),
        signal: AbortSignal.timeout(5000),
      }).then(
        (response) => response.status,
        () => 0,
      );
    let answered = 0;
    const first = Promise.all(
      links.map(async (link) => {
        const status = await pay(link);
        if (status === 200) answered++;
        return status;
      }),
    );
    while (answered < buyers / 3) await new Promise((resolve) => setTimeout(resolve, 2));
    child!.kill('SIGKILL');
    const statuses = await first;
    expect(statuses.filter((status) => status === 200).length).toBeLessThan(buyers); // the kill cut some off

    await start();
    // Shoppers whose page failed press Pay again; some who saw "paid" reload and press it too.
    expect(await Promise.all(links.map(pay))).toEqual(links.map(() => 200));
    // Replies the dead process had claimed come back when its 2 s lease lapses; the restarted engine sends them.
    const confirmed = async (link: (typeof links)[number]) => {
      const conversation = await json<{ messages: { reply?: Reply }[] }>(`/simulator/api/conversations/${link.user}`);
      return conversation.messages.some(
        (message) =>
          message.reply !== undefined &&
          'text' in message.reply &&
          message.reply.text.includes(link.orderId) &&
          message.reply.text.includes('お支払いを確認しました'),
      );
    };
    for (let wait = 0; wait < 100 && !(await Promise.all(links.map(confirmed))).every(Boolean); wait++)
      await new Promise((resolve) => setTimeout(resolve, 100));

    for (const link of links) {
      const order = await json<{ status: string; history: { to: string }[] }>(`/api/orders/${link.orderId}`);
      expect(order.status, link.orderId).toBe('paid');
      expect(
        order.history.filter((step) => step.to === 'paid'),
        link.orderId,
      ).toHaveLength(1);
      const conversation = await json<{ messages: { direction: string; reply?: Reply }[] }>(
        `/simulator/api/conversations/${link.user}`,
      );
      const confirmations = conversation.messages.filter(
        (message) =>
          message.reply !== undefined &&
          'text' in message.reply &&
          message.reply.text.includes(link.orderId) &&
          message.reply.text.includes('お支払いを確認しました'),
      );
      expect(confirmations, `${link.user}: ${JSON.stringify(conversation.messages.slice(-4))}`).toHaveLength(1);
    }
    expect((await json<{ stock: number }>(`/api/products/${product}`)).stock).toBe(50 - buyers);
  }, 120_000);
});
