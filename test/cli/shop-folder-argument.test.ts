import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

// `kaiwa orders …` and `kaiwa privacy …` take the shop folder as every command does: a trailing [dir],
// default ".". They run here from a folder with no kaiwa.yaml, so only the folder they are given can work.
const work = mkdtempSync(join(tmpdir(), 'kaiwa-shop-folder-'));
const shop = resolve('examples/shop');
const env = {
  ...process.env,
  DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`,
  DEMO_PAYMENT_SECRET: 'shop-folder-demo-secret-0123',
  LOG_LEVEL: 'silent',
};
let orderId = '';

const kaiwa = (args: string[], cwd = work) =>
  spawnSync(process.execPath, [resolve('bin/kaiwa.js'), ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });

beforeAll(async () => {
  // One shopper who said something and left an order unpaid, the way the simulator makes them.
  const instance = await createKaiwa({ shopDir: shop, env, log: () => undefined });
  try {
    const app = createApp(instance.app);
    const post = async (body: Record<string, string>) =>
      (
        (await (
          await app.request('/simulator/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: 'folder-shopper', ...body }),
          })
        ).json()) as { replies: Reply[] }
      ).replies;
    await post({ text: 'hello' });
    await post({ payload: 'k1:do:addToCart:tea-mugicha' });
    const link = (await post({ payload: 'k1:do:checkout' })).find((reply) => reply.type === 'paymentLink');
    if (link?.type !== 'paymentLink') throw new Error('the example shop gave no payment link');
    orderId = link.orderId;
  } finally {
    await instance.close();
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('kaiwa orders with the shop folder', () => {
  it('needs one: run outside a shop folder without it, it says kaiwa.yaml is not found', () => {
    const run = kaiwa(['orders', 'list']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/kaiwa\.yaml: not found/);
  });

  it('list [dir] lists the order; --shop <dir> (deprecated) prints the very same lines', () => {
    const run = kaiwa(['orders', 'list', shop]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^order\s+status\s+channel\s+total\s+created \(UTC\)$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${orderId}\\s+awaiting_payment\\s+simulator`))]);
    const old = kaiwa(['orders', 'list', '--shop', shop]);
    expect(old.status).toBe(0);
    expect(old.stdout).toBe(run.stdout);
    // Flags go anywhere around it, as before.
    expect(kaiwa(['orders', 'list', '--status', 'paid', shop]).stdout).toBe('no orders\n');
  });

  it('defaults to the current folder', () => {
    const run = kaiwa(['orders', 'show', orderId], shop);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${orderId}  awaiting_payment  simulator:folder-shopper`));
  });

  it('show <order> [dir] and show <order> --shop <dir> print the same order', () => {
    const run = kaiwa(['orders', 'show', orderId, shop, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: orderId, status: 'awaiting_payment' });
    expect(kaiwa(['orders', 'show', orderId, '--json', '--shop', shop]).stdout).toBe(run.stdout);
  });

  it('refuses two different folders, and accepts the same one given both ways', () => {
    const both = kaiwa(['orders', 'show', orderId, shop, '--shop', resolve('test/fixtures/echo-shop')]);
    expect(both.status).toBe(1);
    expect(both.stderr.trim()).toBe(
      `kaiwa: two shop folders given: "${shop}" and --shop "${resolve('test/fixtures/echo-shop')}"; give it once, as the [dir] argument (--shop is deprecated)`,
    );
    expect(both.stdout).toBe('');
    const same = kaiwa(['orders', 'show', orderId, 'examples/shop', '--shop', `${shop}/`], resolve('.'));
    expect(same.status).toBe(0);
    expect(same.stdout).toContain(orderId);
  });

  it('cancel <order> [dir] changes the order and prints its new status as before', () => {
    const run = kaiwa(['orders', 'cancel', orderId, shop]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`ok: ${orderId} is cancelled\n`);
    expect(kaiwa(['orders', 'list', shop, '--status', 'cancelled']).stdout).toContain(orderId);
  });

  it('shows [dir] in its help, and --shop as deprecated', () => {
    const help = kaiwa(['orders', 'show', '--help']).stdout;
    expect(help).toMatch(/Usage: kaiwa orders show \[options\] <order> \[dir\]/);
    expect(help).toMatch(/--shop <dir>\s+deprecated: the shop folder, now the \[dir\] argument/);
  });
});

describe('kaiwa privacy with the shop folder', () => {
  it('export <channel> <userId> [dir] and the deprecated --shop write the same data', () => {
    const run = kaiwa(['privacy', 'export', 'simulator', 'folder-shopper', shop]);
    expect(run.status).toBe(0);
    const data = JSON.parse(run.stdout) as { transcript: { event?: { text?: string } }[]; orders: { id: string }[] };
    expect(data.transcript.some((entry) => entry.event?.text === 'hello')).toBe(true);
    expect(data.orders.map((order) => order.id)).toEqual([orderId]);
    const old = kaiwa(['privacy', 'export', 'simulator', 'folder-shopper', '--shop', shop]);
    expect(old.status).toBe(0);
    // The same data; only the export's own timestamp may differ between two runs.
    const withoutTime = (json: string) => ({ ...(JSON.parse(json) as object), exportedAt: undefined });
    expect(withoutTime(old.stdout)).toEqual(withoutTime(run.stdout));
  });

  it('refuses two different folders before touching anything', () => {
    const run = kaiwa(['privacy', 'delete', 'simulator', 'folder-shopper', shop, '--shop', work]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`two shop folders given: "${shop}" and --shop "${work}"`);
    expect(kaiwa(['privacy', 'export', 'simulator', 'folder-shopper', shop]).stdout).toContain('"hello"');
  });

  it('purge [dir] and purge --shop <dir> both run, with the same output line', () => {
    const run = kaiwa(['privacy', 'purge', shop, '--days', '30']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^ok: deleted 0 messages, 0 idle sessions, 0 sent replies, 0 delivery ids, 0 funnel events\n$/,
    );
    expect(kaiwa(['privacy', 'purge', '--days', '30', '--shop', shop]).stdout).toBe(run.stdout);
  });

  it('delete <channel> <userId> [dir] erases the shopper, keeping the order anonymised', () => {
    const run = kaiwa(['privacy', 'delete', 'simulator', 'folder-shopper', shop]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: erased [1-9]\d* messages, 1 session, [1-9]\d* outgoing, 0 handoff; 1 orders kept/);
    const after = JSON.parse(kaiwa(['privacy', 'export', 'simulator', 'folder-shopper', shop]).stdout) as {
      transcript: unknown[];
      orders: unknown[];
    };
    expect(after.transcript).toEqual([]);
    expect(after.orders).toEqual([]);
  });
});
