import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/app-context.js';
import { shopIdentity } from '../../src/server/shop-identity.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const work = mkdtempSync(join(tmpdir(), 'kaiwa-chat-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const shop = resolve('examples/shop');
const echoShop = resolve('test/fixtures/echo-shop');
const database = `sqlite://${join(work, 'kaiwa.db')}`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `kaiwa …` as a child process without a terminal (so JSON lines), fed `input`. Asynchronous: servers in this process must go on answering. */
function kaiwa(args: string[], input = '', env: Record<string, string | undefined> = {}, cwd = work): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('bin/kaiwa.js'), ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: database, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Reply);

/** What the shop's database holds of a simulator shopper, read the merchant's way. */
async function exported(user: string, dir = shop, env: Record<string, string> = {}) {
  const run = await kaiwa(['privacy', 'export', 'simulator', user, dir], '', env);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { transcript: { direction: string; event?: { text?: string } }[] };
}
const saidIn = (data: Awaited<ReturnType<typeof exported>>) =>
  data.transcript.flatMap((entry) => (entry.direction === 'in' && entry.event?.text ? [entry.event.text] : []));

/** A running server of a shop, on a free port of this machine, as a test can start one. */
async function startServer(
  dir: string,
  identify: (app: AppContext, kaiwa: Kaiwa) => AppContext = (app, kaiwa) => ({
    ...app,
    shopId: shopIdentity(kaiwa.config.shop.shop).id,
  }),
) {
  const kaiwa = await createKaiwa({
    shopDir: dir,
    env: { DATABASE_URL: `sqlite://${join(work, `server-${Math.random().toString(36).slice(2)}.db`)}` },
    log: () => undefined,
  });
  const app = createApp(identify(kaiwa.app, kaiwa));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((listening) => server.once('listening', listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const said = async (user: string) => {
    const view = (await (await app.request(`/simulator/api/conversations/${user}`)).json()) as {
      messages: { direction: string; event?: { text?: string } }[];
    };
    return view.messages.flatMap((message) => (message.direction === 'in' ? [message.event?.text] : []));
  };
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
    await kaiwa.close();
  };
  servers.push(stop);
  return { url, said };
}
const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of servers.splice(0)) await stop();
});

describe('kaiwa chat runs the shop in process', () => {
  it('answers a greeting from examples/shop with no server running, as JSON lines, and keeps the conversation in DATABASE_URL', async () => {
    const run = await kaiwa(['chat', shop, '--user', 'in-process'], 'hello\nhow much is shipping?\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const replies = jsonLines(run.stdout);
    expect(replies[0]).toMatchObject({ type: 'choices' });
    expect(replies.some((reply) => reply.type === 'text' && reply.text.includes('500 yen'))).toBe(true);
    expect(saidIn(await exported('in-process'))).toEqual(['hello', 'how much is shipping?']);
  });

  it('does not talk to whatever answers on PORT: another shop served there hears nothing', async () => {
    const echo = await startServer(echoShop);
    const run = await kaiwa(['chat', shop, '--user', 'beside-echo'], 'hello\n', { PORT: new URL(echo.url).port });
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ type: 'choices' });
    expect(run.stdout).not.toContain('echo:');
    expect(await echo.said('beside-echo')).toEqual([]);
  });

  it('leaves the replies of channels it has no adapter for to the server that has them (shared database)', async () => {
    const path = join(work, 'shared.db');
    // A reply a `kaiwa start` with LINE configured queued and has not sent yet.
    const store = createSqliteStore({ path, slices: builtInStoreSlices });
    const line = { channel: 'line', conversationId: 'U-shared', userId: 'U-shared' };
    const queued = await store.outbox.enqueue(
      line,
      [{ type: 'text', text: 'お待たせしました' }],
      new Date(0).toISOString(),
    );
    await store.close();
    const run = await kaiwa(['chat', shop, '--user', 'sharing'], 'hello\n', { DATABASE_URL: `sqlite://${path}` });
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ type: 'choices' });
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT status, attempts, last_error FROM outbox WHERE id = ?').get(queued);
    db.close();
    expect(row).toEqual({ status: 'pending', attempts: 0, last_error: null });
  });

  it('without DATABASE_URL uses ./data/kaiwa.db of the current folder, as kaiwa start does', async () => {
    const project = mkdtempSync(join(work, 'project-'));
    const run = await kaiwa(['chat', shop, '--user', 'default-db'], 'hello\n', { DATABASE_URL: undefined }, project);
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ type: 'choices' });
    expect(existsSync(join(project, 'data', 'kaiwa.db'))).toBe(true);
    const data = JSON.parse(
      (await kaiwa(['privacy', 'export', 'simulator', 'default-db', shop], '', { DATABASE_URL: undefined }, project))
        .stdout,
    ) as Awaited<ReturnType<typeof exported>>;
    expect(saidIn(data)).toEqual(['hello']);
  });

  it("serves its payment links while it runs: the demo checkout pays the order in the shop's database", async () => {
    // A cart filled beforehand in the same database (a terminal without a TTY cannot press buttons).
    const before = await createKaiwa({ shopDir: shop, env: { DATABASE_URL: database }, log: () => undefined });
    await createApp(before.app).request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'paying', payload: 'k1:do:addToCart:tea-mugicha' }),
    });
    await before.close();
    const child = spawn(process.execPath, [resolve('bin/kaiwa.js'), 'chat', shop, '--user', 'paying'], {
      cwd: work,
      env: { ...process.env, DATABASE_URL: database, LOG_LEVEL: 'silent', PUBLIC_URL: '' },
    });
    const closed = new Promise<number | null>((done) => child.on('close', done));
    let stdout = '';
    const link = await new Promise<Extract<Reply, { type: 'paymentLink' }>>((found, fail) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const reply = jsonLines(stdout.slice(0, stdout.lastIndexOf('\n') + 1)).find(
          (one) => one.type === 'paymentLink',
        );
        if (reply?.type === 'paymentLink') found(reply);
      });
      void closed.then(() => fail(new Error(`chat ended without a payment link: ${stdout}`)));
      child.stdin.write('checkout\n');
    });
    const url = new URL(link.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect((await fetch(link.url)).status).toBe(200);
    const paid = await fetch(`${url.origin}${url.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: url.searchParams.get('token') ?? '',
        amount: String(link.total.amount),
        currency: link.total.currency,
      }).toString(),
    });
    expect(paid.status).toBe(200);
    // Only the payment pages: the simulator and console are not served on that port.
    expect((await fetch(`${url.origin}/simulator`)).status).toBe(404);
    child.stdin.end();
    expect(await closed).toBe(0);
    const order = await kaiwa(['orders', 'show', link.orderId, shop, '--json']);
    expect(JSON.parse(order.stdout)).toMatchObject({ id: link.orderId, status: 'paid' });
  });

  it('/reset starts the conversation over: what came before is erased, what follows is kept; stdout stays JSON lines', async () => {
    const run = await kaiwa(['chat', shop, '--user', 'resetting'], 'hello\n/reset\nhow much is shipping?\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('reset: "resetting" starts over as a new conversation\n');
    const replies = jsonLines(run.stdout);
    expect(replies[0]).toMatchObject({ type: 'choices' });
    expect(replies.some((reply) => reply.type === 'text' && reply.text.includes('500 yen'))).toBe(true);
    expect(saidIn(await exported('resetting'))).toEqual(['how much is shipping?']);
  });

  it('/help lists the commands on stderr and sends nothing to the shop', async () => {
    const run = await kaiwa(['chat', shop, '--user', 'helped'], '/help\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('/reset');
    expect(run.stderr).toContain('/help');
    expect(saidIn(await exported('helped'))).toEqual([]);
  });
});

describe('kaiwa chat --url attaches to a running server of the shop', () => {
  it('chats through the server that serves this shop', async () => {
    const server = await startServer(shop);
    const run = await kaiwa(['chat', shop, '--url', `${server.url}/`, '--user', 'attached'], 'hello\n/reset\nhi\n');
    expect(run.stderr).toBe('reset: "attached" starts over as a new conversation\n');
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout).filter((reply) => reply.type === 'choices')).toHaveLength(2);
    // The server has the conversation (after the reset), this process's own database does not.
    expect(await server.said('attached')).toEqual(['hi']);
    expect(saidIn(await exported('attached'))).toEqual([]);
  });

  it('refuses a server of another shop, naming both, and says nothing to it', async () => {
    const echo = await startServer(echoShop);
    const run = await kaiwa(['chat', shop, '--url', echo.url, '--user', 'wrong-shop'], 'hello\n');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      `kaiwa: ${echo.url} serves the shop "Echo", not "茶話 Sawa Tea" (${shop}): point --url at a server of ${shop}, or leave --url out to run it in this process`,
    );
    expect(await echo.said('wrong-shop')).toEqual([]);
  });

  it('refuses a server of a shop with the same name whose kaiwa.yaml differs', async () => {
    const other = await startServer(shop, (app) => ({ ...app, shopId: 'another-kaiwa-yaml' }));
    const run = await kaiwa(['chat', shop, '--url', other.url, '--user', 'same-name'], 'hello\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`serves another shop named "茶話 Sawa Tea"`);
    expect(await other.said('same-name')).toEqual([]);
  });

  it("tells a server that does not know its shop's id by its name", async () => {
    const plainRight = await startServer(shop, (app) => app);
    const right = await kaiwa(['chat', shop, '--url', plainRight.url, '--user', 'by-name'], 'hello\n');
    expect(right.status).toBe(0);
    expect(await plainRight.said('by-name')).toEqual(['hello']);
    const plainWrong = await startServer(echoShop, (app) => app);
    const wrong = await kaiwa(['chat', shop, '--url', plainWrong.url, '--user', 'by-name'], 'hello\n');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('serves the shop "Echo", not "茶話 Sawa Tea"');
  });

  it('says so when nothing answers at the address', async () => {
    const gone = await startServer(echoShop);
    for (const stop of servers.splice(0)) await stop();
    const run = await kaiwa(['chat', shop, '--url', gone.url], 'hello\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^kaiwa: nothing answers at ${gone.url} \\(ECONNREFUSED\\)`));
  });
});
