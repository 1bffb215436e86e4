import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchBrowser, serveCatalogImages } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { watchShop } from '../../src/shop/watch.js';

// A copy of the example shop inside the repository (its actions.ts resolves `kaiwajs/core`), watched for edits.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'browser-'));
const shop = join(work, 'shop');
let kaiwa: Kaiwa;
let server: ServerType;
let browser: Browser;
let base: string;
let unwatch: () => void;

beforeAll(async () => {
  cpSync('examples/shop', shop, { recursive: true });
  kaiwa = await createKaiwa({
    shopDir: shop,
    env: { DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`, LOG_LEVEL: 'silent', PORT: '0' },
    log: () => undefined,
  });
  unwatch = watchShop(kaiwa, { debounceMs: 50 });
  server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  unwatch?.();
  await browser?.close();
  server?.close();
  await kaiwa?.close();
  rmSync(work, { recursive: true, force: true });
});

async function openSimulator(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await serveCatalogImages(page);
  await page.goto(`${base}/simulator`);
  await page.evaluate('localStorage.clear()');
  await page.reload();
  return { page, errors };
}
async function shopper(pane: Locator, user: string, channel = '') {
  await pane.locator('.user').fill(user);
  await pane.locator('.user').dispatchEvent('change');
  await pane.locator('.channel').selectOption(channel);
}
async function say(pane: Locator, text: string) {
  await pane.locator('.text').fill(text);
  await pane.locator('.text').press('Enter');
}
// Evaluated in the page (this project's TypeScript has no DOM types).
type Window = { getComputedStyle(element: unknown): Record<string, string> };
const style = (locator: Locator, property: string) =>
  locator.evaluate((element, name) => (globalThis as unknown as Window).getComputedStyle(element)[name]!, property);
const screenshot = (page: Page, name: string) => {
  mkdirSync('test-artifacts', { recursive: true });
  return page.screenshot({ path: `test-artifacts/${name}.png` });
};

describe('browser simulator', () => {
  it('chats through a recommendation to a paid demo order: the checkout opens in the page and the confirmation arrives in the chat', async () => {
    const { page, errors } = await openSimulator();
    const pane = page.locator('.pane').first();
    await shopper(pane, 'buyer', 'line');
    await say(pane, 'こんにちは');
    await pane.getByRole('button', { name: 'おすすめを見る' }).click();
    await pane.locator('.card').first().waitFor();
    expect(await pane.locator('.card').first().textContent()).toMatch(/[¥￥][\d,]+/);
    await pane.getByRole('button', { name: 'カートに入れる' }).first().click();
    await pane.getByText('カートに追加しました', { exact: false }).first().waitFor();
    await say(pane, '購入します');
    await pane.locator('button.pay').last().click();
    const frame = page.frameLocator('#checkout iframe');
    await frame.locator('#pay').click();
    await frame
      .getByText(/お支払い|paid|Payment/i)
      .first()
      .waitFor();
    await page.click('#checkout .close');
    await expect
      .poll(() => pane.locator('.log').textContent(), { timeout: 10_000 })
      .toContain('お支払いを確認しました');
    await expect.poll(() => pane.locator('.state').textContent()).toContain('paid');
    await screenshot(page, 'simulator-paid');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("renders each channel skin with that channel's buttons: LINE pills, a Telegram keyboard one key per row, a WhatsApp list beyond three choices, Messenger quick replies", async () => {
    const { page, errors } = await openSimulator();
    const skins = ['line', 'telegram', 'whatsapp', 'messenger'];
    for (const [index, skin] of skins.entries()) {
      if (index > 0) await page.click('#add');
      const pane = page.locator('.pane').nth(index);
      await shopper(pane, `skin-${skin}`, skin);
      await say(pane, 'こんにちは');
      await pane.locator('.msg.out').first().waitFor();
      expect(await pane.getAttribute('class')).toContain(`skin-${skin}`);
    }
    const panes = page.locator('.pane');
    expect(await panes.count()).toBe(4);
    // The welcome offers four choices.
    const line = panes.nth(0).locator('.buttons button.choice').first();
    expect(await style(line, 'borderRadius')).toBe('18px');
    // Telegram: one key per row, as the adapter's inline_keyboard has it.
    const telegramRows = panes.nth(1).locator('.keyboard').first().locator('.row');
    expect(await telegramRows.count()).toBe(4);
    expect(await telegramRows.first().locator('button').count()).toBe(1);
    // WhatsApp: four choices are a list, behind the button the adapter names.
    const whatsapp = panes.nth(2).locator('details.wa-list').first();
    await expect.poll(() => whatsapp.locator('summary').textContent()).toBe('▼');
    expect(await whatsapp.locator('button.choice').first().isVisible()).toBe(false);
    await whatsapp.locator('summary').click();
    expect(await whatsapp.locator('button.choice').first().isVisible()).toBe(true);
    const messenger = panes.nth(3).locator('.buttons button.choice').first();
    expect(await style(messenger, 'color')).toBe('rgb(0, 132, 255)');
    await screenshot(page, 'simulator-skins');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps several shoppers apart, switches language, resets a conversation, and shows the flow diagram and each turn in the inspector', async () => {
    const { page, errors } = await openSimulator();
    const first = page.locator('.pane').first();
    await shopper(first, 'alice');
    await say(first, 'こんにちは');
    await first.getByRole('button', { name: 'おすすめを見る' }).click();
    await first.getByRole('button', { name: 'カートに入れる' }).first().click();
    await page.click('#add');
    const second = page.locator('.pane').nth(1);
    await shopper(second, 'bob');
    await say(second, 'こんにちは');
    await second.locator('.locale').selectOption('en');
    await expect.poll(() => second.locator('.state').textContent()).toContain('· en ·');
    await say(second, 'show me recommendations');
    await second.locator('.card').first().waitFor();
    expect(await second.locator('.state').textContent()).toContain('cart 0');
    expect(await first.locator('.state').textContent()).toContain('cart 1');

    // The inspector follows the pane in focus: alice is in "added" after addToCart.
    await first.locator('.log').click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('alice');
    await expect.poll(() => page.locator('#diagram g.state.current').getAttribute('data-state')).toBe('added');
    expect(await page.locator('#diagram g.state').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('#events .turn').first().textContent()).toContain('recommend → added');
    expect(await page.locator('#events .turn').first().textContent()).toMatch(/do addToCart [\d.]+ ms/);
    expect(await page.locator('#context').textContent()).toContain('"cart"');
    await screenshot(page, 'simulator-inspector');

    await first.locator('.reset').click();
    await expect.poll(() => first.locator('.log .msg').count()).toBe(0);
    expect(await first.locator('.state').textContent()).toContain('state: —');
    expect(await second.locator('.log .msg').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a flow edit without a restart, and a broken save as file:line:col while the last good version keeps serving', async () => {
    const { page, errors } = await openSimulator();
    const pane = page.locator('.pane').first();
    const flowFile = join(shop, 'flows', 'shop.yaml');
    const original = readFileSync(flowFile, 'utf8');
    writeFileSync(flowFile, original.replace('いらっしゃいませ、', 'ようこそ、'));
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${base}/simulator/api/status`)).json()) as { reload: { ok: boolean } | null }).reload
            ?.ok,
        { timeout: 10_000 },
      )
      .toBe(true);
    await shopper(pane, 'editor');
    await say(pane, 'こんにちは');
    await expect.poll(() => pane.locator('.log').textContent()).toContain('ようこそ、');

    writeFileSync(flowFile, original.replace('    goto: cart\n', '    goto: kart\n'));
    await expect
      .poll(() => page.locator('#reload').textContent(), { timeout: 10_000 })
      .toMatch(/shop\.yaml:\d+:\d+: .*kart/);
    await say(pane, 'こんにちは');
    await expect.poll(() => pane.locator('.msg.out').count()).toBeGreaterThan(1);
    await screenshot(page, 'simulator-reload-error');
    writeFileSync(flowFile, original);
    await expect.poll(() => page.locator('#reload').isVisible(), { timeout: 10_000 }).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('channel preview', () => {
  it("returns what each channel's adapter would send: LINE quick replies, WhatsApp lists beyond three choices", async () => {
    const ask = async (channel: string) =>
      (await (
        await fetch(`${base}/simulator/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: `preview-${channel}`, channel, text: 'こんにちは' }),
        })
      ).json()) as { native: unknown[] };
    const line = JSON.stringify((await ask('line')).native);
    expect(line).toContain('"quickReply"');
    const whatsapp = (await ask('whatsapp')).native as { type?: string; interactive?: { type: string } }[];
    expect(whatsapp.some((message) => message.interactive?.type === 'list')).toBe(true); // four choices: a list, not buttons
    const telegram = (await ask('telegram')).native as { method: string; payload: { reply_markup?: unknown } }[];
    expect(telegram.some((call) => call.method === 'sendMessage' && call.payload.reply_markup)).toBe(true);
    const { page } = await openSimulator();
    const pane = page.locator('.pane').first();
    await shopper(pane, 'preview-page', 'line');
    await pane.locator('.api').check();
    await say(pane, 'hello');
    await expect.poll(() => pane.locator('.native').textContent()).toContain('quickReply');
    await page.close();
  });
});
