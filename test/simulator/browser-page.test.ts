import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/kaiwa.js';
import { createApp } from '../../src/server/app.js';

// Debian's chromium (installed by .ci/run); no test tool downloads a browser of its own.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-browser-'));
let kaiwa: Kaiwa;
let server: ServerType;
let browser: Browser;
let base: string;

beforeAll(async () => {
  kaiwa = await createKaiwa({ shopDir: 'examples/shop', env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent', PORT: '0' }, log: () => undefined });
  server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser simulator page', () => {
  it('chats, renders buttons and product cards, and presses a button', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/simulator`);
    await page.fill('#user', 'browser-shopper');
    await page.dispatchEvent('#user', 'change');
    await page.fill('#text', 'こんにちは');
    await page.press('#text', 'Enter');
    await page.getByRole('button', { name: 'おすすめを見る' }).click();
    await page.waitForSelector('.card');
    const cardTitles = await page.locator('.card h4').allTextContents();
    expect(cardTitles.length).toBeGreaterThan(0);
    const price = await page.locator('.card .price').first().textContent();
    expect(price).toMatch(/[¥￥][\d,]+/);
    await page.getByRole('button', { name: 'カートに入れる' }).first().click();
    await page.waitForSelector('text=カートに追加しました');
    expect(await page.locator('#state').textContent()).toContain('added');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('channel preview', () => {
  it("returns what each channel's adapter would send: LINE quick replies, WhatsApp lists beyond three choices", async () => {
    const ask = async (channel: string) => (await (await fetch(`${base}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: `preview-${channel}`, channel, text: 'こんにちは' }) })).json()) as { native: unknown[] };
    const line = JSON.stringify((await ask('line')).native);
    expect(line).toContain('"quickReply"');
    const whatsapp = (await ask('whatsapp')).native as { type?: string; interactive?: { type: string } }[];
    expect(whatsapp.some((message) => message.interactive?.type === 'list')).toBe(true); // four choices: a list, not buttons
    const telegram = (await ask('telegram')).native as { method: string; payload: { reply_markup?: unknown } }[];
    expect(telegram.some((call) => call.method === 'sendMessage' && call.payload.reply_markup)).toBe(true);
    const page = await browser.newPage();
    await page.goto(`${base}/simulator`);
    await page.fill('#user', 'preview-page');
    await page.selectOption('#channel', 'line');
    await page.fill('#text', 'hello');
    await page.press('#text', 'Enter');
    await page.waitForSelector('#nativebox[style*="block"]');
    expect(await page.textContent('#native')).toContain('quickReply');
    await page.close();
  });
});
