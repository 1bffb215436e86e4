import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createKaiwa, type Kaiwa } from 'kaiwajs';
import { parseConversationTest } from '../../src/testing/test-file.js';
import { launchBrowser, serveCatalogImages } from '../support/browser.js';

// A copy of the example shop inside the repository (its actions.ts resolves `kaiwajs`), served on a loopback port.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'browser-save-'));
const shop = join(work, 'shop');
let kaiwa: Kaiwa;
let server: ServerType;
let browser: Browser;
let base: string;

beforeAll(async () => {
  cpSync('examples/shop', shop, { recursive: true });
  kaiwa = await createKaiwa({
    shopDir: shop,
    env: { DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`, LOG_LEVEL: 'silent', PORT: '0' },
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
  rmSync(work, { recursive: true, force: true });
});

describe('Save as test in the browser simulator', () => {
  it("saves a pane's conversation, in its skin, as tests/<name>.yaml and shows the file; a second save under that name is refused in the pane", async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // The refused second save answers 409: the browser logs the failed request, which is expected here.
      if (message.type() === 'error' && !message.text().includes('409')) errors.push(message.text());
    });
    await serveCatalogImages(page);
    await page.goto(`${base}/simulator`);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    const pane = page.locator('.pane').first();
    await pane.locator('.user').fill('saver');
    await pane.locator('.user').dispatchEvent('change');
    await pane.locator('.channel').selectOption('line');
    await pane.locator('.text').fill('こんにちは');
    await pane.locator('.text').press('Enter');
    await pane.getByRole('button', { name: 'おすすめを見る' }).click();
    await pane.locator('.card').first().waitFor();
    await pane.getByRole('button', { name: 'カートに入れる' }).first().click();
    await pane.getByText('カートに追加しました', { exact: false }).first().waitFor();

    // The name is asked inline, under the pane's bar.
    expect(await pane.locator('form.save-test').isVisible()).toBe(false);
    await pane.getByRole('button', { name: 'save as test' }).click();
    await pane.locator('.test-name').fill('ブラウザから保存した会話');
    await pane.locator('.test-name').press('Enter');
    const status = pane.locator('.saved');
    await expect.poll(() => status.textContent()).toContain('saved tests/ブラウザから保存した会話.yaml');
    expect(await status.getAttribute('class')).toContain('ok');
    expect(await pane.locator('form.save-test').isVisible()).toBe(false);

    const file = join(shop, 'tests', 'ブラウザから保存した会話.yaml');
    expect(existsSync(file)).toBe(true);
    const test = parseConversationTest(file, readFileSync(file, 'utf8'), { channels: new Set(['line']) });
    expect(test).toMatchObject({ name: 'ブラウザから保存した会話', channel: 'line' });
    expect(test.steps.map((step) => step.say ?? step.press)).toEqual([
      'こんにちは',
      'おすすめを見る',
      { label: 'カートに入れる', product: 'tea-sencha-uji' },
    ]);
    expect(test.steps[1]!.expect?.cards?.[0]).toEqual({ id: 'tea-sencha-uji', price: 1200 });
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/simulator-save-as-test.png' });

    await pane.getByRole('button', { name: 'save as test' }).click();
    await pane.locator('.test-name').fill('ブラウザから保存した会話');
    await pane.getByRole('button', { name: 'save', exact: true }).click();
    await expect.poll(() => status.textContent()).toContain('already exists');
    expect(await status.getAttribute('class')).toContain('error');
    expect(errors).toEqual([]);
    await page.close();
  });
});
