import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  halfOf,
  ndcgAt,
  readShopperSet,
  runShoppers,
  shopperFigures,
  type ShopperMessage,
  type ShopperOutcome,
} from '../../bench/eval/shoppers.js';
import { loadFaqFile } from '../../src/catalog/faq.js';

const shop = fileURLToPath(new URL('../../examples/shop', import.meta.url));
const setFile = new URL('../../bench/eval/shoppers.yaml', import.meta.url);

describe("the held-out set of shoppers' words (bench/eval/shoppers.yaml)", () => {
  const set = readShopperSet(setFile);

  it('holds at least 80 Japanese and 40 English messages, split into two halves by md5 of the text', () => {
    expect(set.filter((message) => message.locale === 'ja').length).toBeGreaterThanOrEqual(80);
    expect(set.filter((message) => message.locale === 'en').length).toBeGreaterThanOrEqual(40);
    const test = set.filter((message) => message.half === 'test').length;
    expect(test).toBeGreaterThan(set.length * 0.3);
    expect(test).toBeLessThan(set.length * 0.7);
    // md5('hojicha') starts with 0xff (odd), md5('oolong') with 0x10 (even).
    expect(halfOf('hojicha')).toBe('test');
    expect(halfOf('oolong')).toBe('tune');
    expect(new Set(set.map((message) => `${message.locale} ${message.say}`)).size).toBe(set.length);
  });

  it("names only the example shop's FAQ entries, products and intents", async () => {
    const faq = new Set((await loadFaqFile(join(shop, 'faq.yaml'), ['ja', 'en'])).map((entry) => entry.id));
    // A product with variants shows one card, named after the variants' parent.
    const products = new Set(
      (parse(readFileSync(join(shop, 'catalog.csv')), { columns: true }) as { id: string; parent: string }[]).map(
        (row) => row.parent || row.id,
      ),
    );
    const flow = parseYaml(readFileSync(join(shop, 'flows/shop.yaml'), 'utf8')) as { intents: object };
    const intents = new Set(Object.keys(flow.intents));
    for (const message of set) {
      const [kind, name = ''] = message.expect.split(' ');
      if (kind === 'faq') expect(faq, message.say).toContain(name);
      if (kind === 'intent') expect(intents, message.say).toContain(name);
      for (const id of Object.keys(message.relevant ?? {})) expect(products, `${message.say}: ${id}`).toContain(id);
    }
  });

  it('rejects a malformed entry, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaiwa-shoppers-'));
    try {
      const write = (text: string) => {
        writeFileSync(join(dir, 'set.yaml'), text);
        return () => readShopperSet(join(dir, 'set.yaml'));
      };
      expect(write('ja: []\n')).toThrow('`en:` must be a list');
      expect(write('ja:\n  - { say: 抹茶, expect: cards }\nen: []\n')).toThrow('ja[0] (抹茶): `expect` must be');
      expect(write('ja:\n  - { say: 抹茶, expect: products }\nen: []\n')).toThrow('`relevant` grades go with');
      expect(write('ja: []\nen:\n  - { say: tea, expect: products, relevant: { a: 5 } }\n')).toThrow(
        'grade of a must be 1, 2 or 3',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores NDCG@3 with the grades as gains, in the order the cards are shown', () => {
    const relevant = { a: 3, b: 2, c: 1 };
    expect(ndcgAt(3, ['a', 'b', 'c'], relevant)).toBeCloseTo(1, 10);
    // Got b, x, a: 2 + 0 + 3/2; ideal 3 + 2/log2(3) + 1/2.
    expect(ndcgAt(3, ['b', 'x', 'a'], relevant)).toBeCloseTo(3.5 / (3 + 2 / Math.log2(3) + 0.5), 10);
    expect(ndcgAt(3, [], relevant)).toBe(0);
  });

  it('counts an answer with another FAQ entry as wrong, a language change asked for as no flip', () => {
    const message = (expect: string, locale: 'ja' | 'en' = 'ja'): ShopperMessage => ({
      say: expect,
      locale,
      expect,
      half: 'tune',
    });
    const outcome = (of: ShopperMessage, got: string, locale: string = of.locale): ShopperOutcome => ({
      message: of,
      got,
      route: '',
      cards: [],
      locale,
      mixedLanguage: false,
      unasked: false,
    });
    const figures = shopperFigures([
      outcome(message('faq returns'), 'faq returns'),
      outcome(message('faq returns'), 'faq shipping-fee'),
      outcome(message('faq returns'), 'none'),
      outcome(message('intent english'), 'intent english', 'en'),
      outcome(message('none'), 'none', 'en'),
    ]);
    expect(figures.faq).toEqual({ questions: 3, right: 1 / 3, wrong: 1 / 3 });
    expect(figures.route).toBeCloseTo(3 / 5, 10);
    expect(figures.languageFlips).toBe(1);
  });
});

describe("the example shop on the tuning half of shoppers' words, end to end", () => {
  let figures: ReturnType<typeof shopperFigures>;
  beforeAll(async () => {
    const tuning = readShopperSet(setFile).filter((message) => message.half === 'tune');
    figures = shopperFigures(await runShoppers(shop, tuning));
  });

  it('never starts a checkout or a handoff nobody asked for', () => {
    expect(figures.unasked).toBe(0);
  });

  it('keeps the floor the routing has reached (npm run eval prints the figures and the misses)', () => {
    const misses = figures.misses.map((miss) => `${miss.message.say} → ${miss.got} (wanted ${miss.message.expect})`);
    expect(figures.route, misses.join('\n')).toBeGreaterThanOrEqual(0.8);
    expect(figures.products.ndcg3).toBeGreaterThanOrEqual(0.8);
  });
});
