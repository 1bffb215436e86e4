/**
 * Builds the in-memory product search over a synthetic 100,000-product catalog (ja + en text)
 * and times the build and a mix of queries. Run: npx tsx scripts/bench-catalog-search.ts [count]
 */
import { createProductSearch } from '../src/catalog/index.js';
import type { Product } from '../src/core/index.js';

const count = Number(process.argv[2] ?? 100_000);
const ja = [
  '緑茶',
  '抹茶',
  '玉露',
  'ほうじ茶',
  '急須',
  '湯のみ',
  '茶筅',
  '和菓子',
  '紅茶',
  '煎茶',
  'ギフト',
  'セット',
  '有田焼',
  '常滑焼',
  '静岡',
  '宇治',
  '京都',
  '限定',
  '詰め合わせ',
  'ティーバッグ',
];
const en = [
  'green',
  'tea',
  'matcha',
  'gyokuro',
  'hojicha',
  'teapot',
  'cup',
  'whisk',
  'sweets',
  'black',
  'sencha',
  'gift',
  'set',
  'porcelain',
  'clay',
  'shizuoka',
  'uji',
  'kyoto',
  'limited',
  'assortment',
  'bags',
];
let seed = 42;
const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[], n: number): T[] =>
  Array.from({ length: n }, () => list[Math.floor(random() * list.length)]!);

const products: Product[] = Array.from({ length: count }, (_, i) => ({
  id: `p${i}`,
  title: { ja: `${pick(ja, 3).join('')} ${i}`, en: `${pick(en, 3).join(' ')} ${i}` },
  description: { ja: `${pick(ja, 6).join('の')}をお届けします。`, en: `A ${pick(en, 8).join(' ')} for every day.` },
  price: { amount: 500 + Math.floor(random() * 10_000), currency: 'JPY' },
  stock: Math.floor(random() * 20),
  tags: pick(['tea', 'teaware', 'gift', 'sweets', 'featured'], 2),
  attributes: { origin: pick(['Shizuoka', 'Uji', 'Kyoto'], 1)[0]! },
}));

const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const search = createProductSearch(products);
const buildMs = performance.now() - started;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

const queries = [
  '緑茶のギフト',
  '急須',
  '宇治抹茶 3000円以下',
  'green tea gift',
  'clay teapot',
  'teapto',
  'kyoto sweets assortment',
  'ほうじ茶ティーバッグ',
  'tea',
  '茶',
];
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const text of queries) {
    started = performance.now();
    search.search({ text, locale: 'ja', limit: 10, filters: text.includes('円') ? { maxPrice: 3000 } : undefined });
    times.push(performance.now() - started);
  }
}
times.sort((a, b) => a - b);
const at = (q: number): string => times[Math.floor(q * (times.length - 1))]!.toFixed(2);
console.log(
  `${count} products: build ${buildMs.toFixed(0)} ms, heap +${heapMb.toFixed(0)} MB; query median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
);
