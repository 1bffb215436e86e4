import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-console-'));
let kaiwa: Kaiwa;
let server: ServerType;
let browser: Browser;
let base: string;

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

const shopper = async (text: string): Promise<Reply[]> =>
  (
    (await (
      await fetch(`${base}/simulator/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'console-shopper', text }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;

describe('merchant console in a real browser', () => {
  it('shows the handoff queue, answers the shopper from the page and returns the conversation to the bot', async () => {
    await shopper('こんにちは');
    await shopper('担当者と話したいです');
    await shopper('注文を変更したいのですが');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Once in English: the cookie keeps the pages after it in English.
    await page.goto(`${base}/console?lang=en`);
    await expect.poll(() => page.textContent('table')).toContain('simulator:console-shopper');
    expect(await page.textContent('table')).toContain('注文を変更したいのですが');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/console-queue.png' });

    await page.click('text=simulator:console-shopper');
    await page.fill('textarea[name=text]', '担当の佐藤です。ご注文番号を教えてください。');
    await page.click('button[type=submit]');
    await expect
      .poll(async () => {
        const conversation = (await (await fetch(`${base}/simulator/api/conversations/console-shopper`)).json()) as {
          messages: { reply?: Reply }[];
        };
        return conversation.messages.some(
          (message) =>
            message.reply &&
            'text' in message.reply &&
            message.reply.text === '担当の佐藤です。ご注文番号を教えてください。',
        );
      })
      .toBe(true);
    await page.waitForSelector('.msg.agent');
    await page.screenshot({ path: 'test-artifacts/console-conversation.png' });

    await page.click('#release');
    await expect.poll(() => page.textContent('main')).toContain('The bot is answering this conversation.');
    expect(await (await fetch(`${base}/admin/api/handoffs`)).json()).toEqual({ handoffs: [] });
    expect((await shopper('送料はいくらですか')).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists conversations in Japanese by default, searches them, switches to English and opens one', async () => {
    await fetch(`${base}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'console-browser-list', text: '抹茶のおすすめは？' }),
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/console`);
    await page.click('nav >> text=会話');
    expect(await page.textContent('h1')).toBe('会話');
    await page.fill('input[name=q]', '抹茶のおすすめ');
    await page.click('form button');
    await expect.poll(() => page.locator('table tr').count()).toBe(2); // header + the one match
    expect(await page.textContent('table')).toContain('simulator:console-browser-list');
    await page.click('nav >> text=English');
    expect(await page.textContent('h1')).toBe('Conversations');
    // The language link kept the search.
    expect(await page.inputValue('input[name=q]')).toBe('抹茶のおすすめ');
    await page.screenshot({ path: 'test-artifacts/console-conversations.png' });
    await page.click('text=simulator:console-browser-list');
    // The cookie keeps the conversation page in English.
    await expect.poll(() => page.textContent('main')).toContain('The bot is answering this conversation.');
    expect(await page.textContent('main')).toContain('抹茶のおすすめは？');
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists orders with filters', async () => {
    await fetch(`${base}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'console-buyer', payload: 'k1:do:addToCart:tea-mugicha' }),
    });
    const replies = (
      (await (
        await fetch(`${base}/simulator/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'console-buyer', payload: 'k1:do:checkout' }),
        })
      ).json()) as { replies: Reply[] }
    ).replies;
    const link = replies.find(
      (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
    )!;
    const page = await browser.newPage();
    await page.goto(`${base}/console/orders?status=awaiting_payment&lang=en`);
    expect(await page.textContent('table')).toContain(link.orderId);
    await page.goto(`${base}/console/orders?status=paid`);
    expect(await page.textContent('table')).not.toContain(link.orderId);
    await page.goto(`${base}/console/orders/${link.orderId}`);
    expect(await page.textContent('main')).toContain('checkout');
    expect(await page.textContent('main')).toContain('payment: demo');
    // The catalog page shows live stock: the order above holds one unit of mugicha.
    const stock = (await kaiwa.store.catalog.get('tea-mugicha'))!.stock;
    await page.goto(`${base}/console/catalog?q=${encodeURIComponent('麦茶')}`);
    const row = await page.locator('tr', { hasText: 'tea-mugicha' }).textContent();
    expect(row).toContain(String(stock));
    expect(await page.locator('tr').count()).toBe(2); // header + the one match
  }, 60_000);

  it('fulfils a paid order and cancels an unpaid one, each only after its confirmation', async () => {
    const checkout = async (user: string) => {
      const press = async (payload: string) =>
        (
          (await (
            await fetch(`${base}/simulator/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ user, payload }),
            })
          ).json()) as { replies: Reply[] }
        ).replies;
      await press('k1:do:addToCart:tea-mugicha');
      return (await press('k1:do:checkout')).find(
        (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
      )!;
    };
    const paying = await checkout('console-ship');
    const url = new URL(paying.url);
    await fetch(`${base}${url.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: url.searchParams.get('token')!,
        amount: String(paying.total.amount),
        currency: paying.total.currency,
      }).toString(),
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/console/orders/${paying.orderId}?lang=en`);
    expect(await page.isVisible('form#fulfil')).toBe(false);
    await page.click('button[data-opens=fulfil]');
    expect(await page.isVisible('form#fulfil')).toBe(true);
    // Back closes the panel and changes nothing.
    await page.click('form#fulfil button[data-closes=fulfil]');
    expect(await page.isVisible('form#fulfil')).toBe(false);
    expect((await kaiwa.store.orders.get(paying.orderId))!.status).toBe('paid');
    await page.click('button[data-opens=fulfil]');
    await page.selectOption('form#fulfil select[name=carrier]', 'yamato');
    // A tracking number a URL cannot carry is refused with the server's words; the order stays paid.
    await page.fill('form#fulfil input[name=tracking]', '1234/5678');
    await page.click('form#fulfil button[type=submit]');
    await expect.poll(() => page.textContent('#status')).toMatch(/letters, digits and dashes/);
    expect((await kaiwa.store.orders.get(paying.orderId))!.status).toBe('paid');
    await page.fill('form#fulfil input[name=tracking]', '4444-1375-8703');
    await page.click('form#fulfil button[type=submit]');
    await expect.poll(() => page.textContent('#status')).toContain('the shopper is told');
    await expect.poll(async () => page.textContent('main')).toContain('shipped with Yamato Transport');
    expect(await page.getAttribute('#shipment a', 'href')).toBe(
      'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=4444-1375-8703',
    );
    await page.screenshot({ path: 'test-artifacts/console-order-fulfilled.png' });
    await expect
      .poll(async () => {
        const conversation = (await (await fetch(`${base}/simulator/api/conversations/console-ship`)).json()) as {
          messages: { reply?: Reply }[];
        };
        return conversation.messages.some(
          (message) => message.reply && 'text' in message.reply && message.reply.text.includes('4444-1375-8703'),
        );
      })
      .toBe(true);

    const open = await checkout('console-cancel');
    await page.goto(`${base}/console/orders/${open.orderId}`);
    expect(await page.isVisible('button[data-opens=fulfil]')).toBe(false);
    await page.click('button[data-opens=cancel]');
    expect(await page.textContent('form#cancel')).toContain('give its stock back and tell the shopper');
    await page.click('form#cancel button[type=submit]');
    await expect.poll(async () => (await kaiwa.store.orders.get(open.orderId))!.status).toBe('cancelled');
    await expect.poll(async () => page.textContent('main')).toContain('cancelled');
    expect(errors).toEqual([]);
  }, 60_000);
});
