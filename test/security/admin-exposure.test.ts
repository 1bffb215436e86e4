import { spawnSync } from 'node:child_process';
import { request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

// The outside tester's findings: admin surfaces open behind a same-host proxy, to DNS rebinding,
// and to cross-site requests (Origin: null answered 500; text/plain created an order).
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-exposure-'));
let kaiwa: Kaiwa;
let server: Server;
let port = 0;

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent', HOST: '127.0.0.1' },
    log: () => undefined,
  });
  server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await kaiwa.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request, so Host and proxy headers are exactly what a proxy or a rebinding page sends. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `localhost:${port}`, ...headers } },
      (response) => {
        let text = '';
        response
          .setEncoding('utf8')
          .on('data', (chunk: string) => (text += chunk))
          .on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const guarded = [
  '/console',
  '/simulator',
  '/simulator/api/conversations/aiko',
  '/admin/api/handoffs',
  '/admin/api/privacy/simulator/aiko',
];
const json = { 'content-type': 'application/json' };

describe('admin surfaces with no ADMIN_TOKEN on a loopback bind', () => {
  it('serve genuine local development: Host localhost, 127.0.0.1 or [::1], with the port, and no proxy header', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      for (const path of guarded) expect((await send('GET', path, { host })).status, `${host} ${path}`).toBe(200);
    }
  });

  it('refuse a request through a reverse proxy on the same host (Forwarded, X-Forwarded-For, X-Real-IP)', async () => {
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip']) {
      for (const path of guarded) {
        const response = await send('GET', path, {
          [header]: header === 'forwarded' ? 'for=203.0.113.7' : '203.0.113.7',
        });
        expect(response.status, `${header} ${path}`).toBe(401);
        expect(response.body).toMatch(/ADMIN_TOKEN is not set and the request came through a proxy/);
      }
    }
    const message = await send(
      'POST',
      '/admin/api/messages',
      { ...json, 'x-forwarded-for': '203.0.113.7' },
      JSON.stringify({ channel: 'simulator', userId: 'aiko', text: 'hi', purpose: 'transactional' }),
    );
    expect(message.status).toBe(401);
    const erase = await send('DELETE', '/admin/api/privacy/simulator/aiko', { 'x-forwarded-for': '203.0.113.7' });
    expect(erase.status).toBe(401);
  });

  it('refuse DNS rebinding: a Host that names another site', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      `0.0.0.0:${port}`,
    ]) {
      const response = await send('GET', '/admin/api/handoffs', { host });
      expect(response.status, host).toBe(401);
      expect(response.body).toMatch(/not to this machine/);
    }
  });

  it('answer 403 to a state-changing request from a foreign Origin, Origin: null included, never 500', async () => {
    const routes: [string, string, string | undefined][] = [
      ['POST', '/simulator/api/messages', JSON.stringify({ user: 'csrf', text: 'hello' })],
      ['DELETE', '/simulator/api/conversations/csrf', undefined],
      [
        'POST',
        '/admin/api/messages',
        JSON.stringify({ channel: 'simulator', userId: 'csrf', text: 'hi', purpose: 'transactional' }),
      ],
      ['POST', '/admin/api/conversations/simulator/csrf/handoff', '{}'],
      ['POST', '/admin/api/conversations/simulator/csrf/release', '{}'],
      ['POST', '/admin/api/orders/KW-CSRF-CSRF/fulfil', JSON.stringify({ carrier: 'yamato', tracking: '1234' })],
      ['POST', '/admin/api/orders/KW-CSRF-CSRF/cancel', '{}'],
      ['POST', '/admin/api/orders/KW-CSRF-CSRF/refund', '{}'],
      ['DELETE', '/admin/api/privacy/simulator/csrf', undefined],
    ];
    for (const origin of ['null', 'https://evil.example', `http://localhost:${port + 1}`, 'not a url']) {
      for (const [method, path, body] of routes) {
        const response = await send(method, path, { ...json, origin }, body);
        expect(response.status, `${origin} ${method} ${path}`).toBe(403);
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
      }
    }
    const crossSite = await send(
      'POST',
      '/simulator/api/messages',
      { ...json, 'sec-fetch-site': 'cross-site' },
      JSON.stringify({ user: 'csrf', text: 'hello' }),
    );
    expect(crossSite.status).toBe(403);
    const sameOrigin = await send(
      'POST',
      '/simulator/api/messages',
      { ...json, origin: `http://localhost:${port}` },
      JSON.stringify({ user: 'csrf', text: 'hello' }),
    );
    expect(sameOrigin.status).toBe(200);
  });

  it('refuse a cross-site text/plain simulator POST, which creates nothing and reserves no stock', async () => {
    const before = (await kaiwa.store.catalog.get('tea-mugicha'))?.stock;
    for (const payload of ['k1:do:addToCart:tea-mugicha', 'k1:do:checkout']) {
      const response = await send(
        'POST',
        '/simulator/api/messages',
        { 'content-type': 'text/plain' },
        JSON.stringify({ user: 'csrf-form', payload }),
      );
      expect(response.status).toBe(415);
    }
    expect((await kaiwa.store.catalog.get('tea-mugicha'))?.stock).toBe(before);
    expect(
      await kaiwa.store.orders.listByConversation({
        channel: 'simulator',
        conversationId: 'csrf-form',
        userId: 'csrf-form',
      }),
    ).toEqual([]);
  });
});

describe('kaiwa start without ADMIN_TOKEN', () => {
  const { ADMIN_TOKEN: _unset, ...inherited } = process.env;
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['bin/kaiwa.js', 'start', 'examples/shop'], {
      encoding: 'utf8',
      env: { ...inherited, DATABASE_URL: `sqlite://${join(dir, 'start.db')}`, PORT: '0', KAIWA_WATCH: '0', ...env },
      timeout: 60_000,
    });

  it('refuses to start in production or with a public PUBLIC_URL, and says what to set', () => {
    for (const env of [{ NODE_ENV: 'production' }, { PUBLIC_URL: 'https://shop.example' }] as Record<
      string,
      string
    >[]) {
      const result = start(env);
      expect(result.status, JSON.stringify(env)).toBe(1);
      expect(result.stderr).toMatch(
        /ADMIN_TOKEN is not set: the console, simulator and admin API would be open .* Set ADMIN_TOKEN/,
      );
      expect(result.stdout).not.toMatch(/Kaiwa is serving/);
    }
  });
});
