import { describe, expect, it } from 'vitest';
import { chooseLang, consoleLangs, consoleTexts, translator } from '../../src/console/i18n.js';
import { ordersPage } from '../../src/console/pages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the console’s two languages', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    const keys = Object.keys(consoleTexts.en).sort();
    expect(keys.length).toBeGreaterThan(50);
    for (const lang of consoleLangs) {
      expect(Object.keys(consoleTexts[lang]).sort(), lang).toEqual(keys);
      for (const key of keys) {
        const text = consoleTexts[lang][key as keyof typeof consoleTexts.en];
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(
          placeholders(consoleTexts.en[key as keyof typeof consoleTexts.en]),
        );
      }
    }
  });

  it('fills in values and chooses ?lang=, then the cookie, then the shop’s default locale', () => {
    expect(translator('ja')('orders.created', { timeZone: 'Asia/Tokyo' })).toBe('作成日時（Asia/Tokyo）');
    expect(translator('en')('conversations.page', { page: 2 })).toBe('page 2');
    expect(chooseLang('en', 'ja', 'ja')).toBe('en');
    expect(chooseLang(undefined, 'en', 'ja')).toBe('en');
    expect(chooseLang('fr', 'de', 'ja-JP')).toBe('ja');
    expect(chooseLang(undefined, undefined, 'th')).toBe('en');
  });

  it('renders a page in Japanese', () => {
    const html = ordersPage(
      { shopName: '茶話', lang: 'ja', t: translator('ja'), timeZone: 'Asia/Tokyo', here: '/console/orders' },
      [],
      {},
    );
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<h1>注文</h1>');
    expect(html).toContain('<th>作成日時（Asia/Tokyo）</th>');
    expect(html).toContain('<button>絞り込む</button>');
    expect(html).toContain('該当する注文はありません。');
    expect(html).toContain('<a href="/console/conversations">会話</a>');
    expect(html).toContain('data-t-sent="送信しました。"');
    expect(html).not.toMatch(/No orders match|Filter</);
  });
});
