import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveCatalogImages, serveShop, type ServedShop } from '../support/browser.js';

// The example shop as `kaiwa start` serves it, and the simulator page in Chromium.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'browser-detail-'));
let shop: ServedShop;
let browser: Browser;
let base: string;

beforeAll(async () => {
  shop = await serveShop(work);
  base = shop.base;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe('browser simulator: product details', () => {
  it('the Details button shows the image, full description, options and stock, with the card’s actions but no Details button', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    await serveCatalogImages(page);
    await page.goto(`${base}/simulator`);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    const pane = page.locator('.pane').first();
    await pane.locator('.user').fill('details-shopper');
    await pane.locator('.user').dispatchEvent('change');
    await pane.locator('.text').fill('加賀棒ほうじ茶');
    await pane.locator('.text').press('Enter');
    const card = pane.locator('.card[data-product="hojicha-kaga"]').first();
    await card.waitFor();
    expect(await card.locator('.description').count()).toBe(0);
    await card.getByRole('button', { name: '詳細' }).click();

    const detail = pane.locator('.card.detail');
    await detail.waitFor();
    expect(await detail.locator('h4').textContent()).toBe('加賀棒ほうじ茶');
    expect(await detail.locator('.price').textContent()).toBe('￥1,800〜');
    expect(await detail.locator('.description').textContent()).toBe(
      '一番茶の茎だけを浅く焙じた、金沢の香ばしく軽やかな棒ほうじ茶。カフェインが少なめで、食後の一杯にぴったりです。',
    );
    expect(await detail.locator('.options').textContent()).toBe('内容量：200g, 500g');
    expect(await detail.locator('.stock').textContent()).toMatch(/^在庫あり（\d+点）$/);
    expect(await detail.locator('img.photo').getAttribute('src')).toBe(
      'https://images.example.com/sawa/tea-hojicha-kaga.jpg',
    );
    await expect
      .poll(() => detail.locator('img.photo').evaluate((image) => (image as { naturalWidth: number }).naturalWidth))
      .toBe(1);
    expect(await detail.locator('button.choice').allTextContents()).toEqual(['種類を選ぶ']);

    // Its action works like the card's: choosing options.
    await detail.getByRole('button', { name: '種類を選ぶ' }).click();
    await expect.poll(() => pane.locator('.msg.out .bubble').last().textContent()).toContain('内容量をお選びください');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/simulator-product-detail.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
