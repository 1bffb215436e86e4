import { request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

// The outside tester's finding: a chunked body (no Content-Length) was read to its end before the
// size check; four parallel 200 MB POSTs took the process from 155 MiB to 1.5 GiB.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-bodies-'));
let kaiwa: Kaiwa;
let server: Server;
let port = 0;

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:body-limit-test-token',
      TELEGRAM_WEBHOOK_SECRET: 'body-limit-secret-0123',
    },
    log: () => undefined,
  });
  server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await kaiwa.close();
  rmSync(dir, { recursive: true, force: true });
});

const chunk = Buffer.alloc(64 * 1024, 0x61);

/**
 * Streams up to `megabytes` of body in chunks with no Content-Length, as fast as the socket takes
 * it, and stops writing as soon as the server answers. Resolves with the status and how much was sent.
 */
function flood(
  path: string,
  megabytes: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    let answered = false;
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: {
        host: `localhost:${port}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        ...headers,
      },
    });
    const finish = () => resolve({ status, sent });
    request.on('response', (response) => {
      answered = true;
      status = response.statusCode ?? 0;
      response.resume().on('end', () => {
        request.destroy();
        finish();
      });
    });
    request.on('error', () => (answered ? undefined : finish()));
    const write = () => {
      while (!answered && sent < megabytes * 1024 * 1024) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', write);
      }
      if (!answered) request.end();
    };
    write();
  });
}

const routes = ['/webhooks/telegram', '/simulator/api/messages', '/checkout/demo/KW-0000-0000'];

describe('request bodies are read as streams with a limit', () => {
  it('cuts a chunked body off with 413 as soon as it passes the route limit, on every route that reads one', async () => {
    for (const path of routes) {
      const result = await flood(path, 32);
      expect(result.status, path).toBe(413);
      // The answer came long before the 32 MB were written (limits are 8 KB to 1 MB).
      expect(result.sent, path).toBeLessThan(16 * 1024 * 1024);
    }
  });

  it('answers 413 from a declared Content-Length before reading anything', async () => {
    for (const path of routes) {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            host: `localhost:${port}`,
            'content-type': 'application/json',
            'content-length': String(200 * 1024 * 1024),
          },
        });
        request.on('response', (response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        });
        request.on('error', reject);
        request.flushHeaders();
      });
      expect(status, path).toBe(413);
    }
  });

  it('keeps memory flat under four parallel 64 MB chunked floods', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage();
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const results = await Promise.all(
        ['/webhooks/telegram', '/simulator/api/messages', '/checkout/demo/KW-0000-0000', '/webhooks/telegram'].map(
          (path) => flood(path, 64),
        ),
      );
      expect(results.map((result) => result.status)).toEqual([413, 413, 413, 413]);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // Buffering them would add 256 MB; the limits allow at most about 1 MB each.
    expect((peak - before.rss) / 1024 / 1024).toBeLessThan(96);
  });

  it('still serves a body within the limit', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'bodies', text: 'hello' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
  });
});
