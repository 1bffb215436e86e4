import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { shopIdentity } from '../../src/server/shop-identity.js';

const work = mkdtempSync(join(tmpdir(), 'kaiwa-banner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const shop = resolve('examples/shop');

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const holder = createServer();
  await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
  const { port } = holder.address() as AddressInfo;
  await new Promise((closed) => holder.close(closed));
  return port;
}

/**
 * Runs `kaiwa start <dir>` in `cwd` until its banner is out, calls `whileServing`, then stops it
 * (SIGTERM) and hands back what it printed.
 */
async function start(
  dir: string,
  cwd: string,
  whileServing: (url: string) => Promise<void> = async () => undefined,
): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve('bin/kaiwa.js'), 'start', dir], {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${join(work, `start-${port}.db`)}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: '',
      ADMIN_TOKEN: '',
      KAIWA_WATCH: '0',
      LOG_LEVEL: 'silent',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (/terminal chat: .*\n/.test(stdout)) ready();
    });
    child.once('exit', (code) => fail(new Error(`kaiwa start exited (${code}) before serving:\n${stdout}${stderr}`)));
  });
  try {
    await whileServing(`http://127.0.0.1:${port}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return stdout;
}

/** `kaiwa chat examples/shop --url <url>` without a terminal, fed `input`. */
function chatWith(url: string, input: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('bin/kaiwa.js'), 'chat', shop, '--url', url], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout }));
    child.stdin.end(input);
  });
}

const chatHint = (banner: string) => /terminal chat: (.*)\n/.exec(banner)?.[1];

describe('the kaiwa start banner', () => {
  it('suggests npx kaiwa chat <dir>, dir as given, where the nearest package.json has no chat script', async () => {
    const project = join(work, 'no-chat-script');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-shop', scripts: { start: 'kaiwa start' } }),
    );
    expect(chatHint(await start(shop, project))).toBe(`npx kaiwa chat ${shop}`);
    const given = relative(project, shop);
    expect(chatHint(await start(given, project))).toBe(`npx kaiwa chat ${given}`);
  });

  it('suggests npm run chat where the nearest package.json, up from the current folder, has a chat script', async () => {
    const project = join(work, 'chat-script');
    mkdirSync(join(project, 'src', 'deeper'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-shop', scripts: { chat: 'kaiwa chat' } }));
    expect(chatHint(await start(shop, join(project, 'src', 'deeper')))).toBe('npm run chat');
  });

  it('serves GET /api/shop with the identity of its kaiwa.yaml, which kaiwa chat --url accepts', async () => {
    const project = join(work, 'served');
    mkdirSync(project);
    const expected = shopIdentity((await loadShopConfig(shop)).shop.shop);
    await start(shop, project, async (url) => {
      const response = await fetch(`${url}/api/shop`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ name: '茶話 Sawa Tea', id: expected.id });
      const chat = await chatWith(url, 'hello\n');
      expect(chat.status).toBe(0);
      expect(JSON.parse(chat.stdout.split('\n')[0] ?? '')).toMatchObject({ type: 'choices' });
    });
  });
});
