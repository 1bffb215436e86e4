// The scale part of `npm run bench`: retrieval over 55k products, RSS per active conversations,
// and the cost of a store that already holds 1,000,000 conversations. Prints figures only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createOfflineRecommender, createProductSearch } from '../src/catalog/index.js';
import type { InboundEvent, Product } from '../src/core/index.js';
import { createKaiwa } from '../src/app/index.js';
import { parseImport, readCatalogText } from '../src/catalog/import-file.js';
import { sharedData } from './eval/data.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../src/modules/index.js';

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
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
  '宇治',
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
];
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Imports 55,000 synthetic products into a real SQLite store, then times offline recommendations. */
export async function retrievalBench(dir: string): Promise<string[]> {
  const products: Product[] = Array.from({ length: 55_000 }, (_, index) => ({
    id: `p${index}`,
    title: { ja: `${pick(ja)}${pick(ja)} ${index}`, en: `${pick(en)} ${pick(en)} ${index}` },
    description: { ja: `${pick(ja)}と${pick(ja)}の逸品。`, en: `A ${pick(en)} ${pick(en)} ${pick(en)} for every day.` },
    price: { amount: 300 + Math.floor(random() * 12_000), currency: 'JPY' },
    stock: Math.floor(random() * 30),
    tags: [pick(['tea', 'teaware', 'gift', 'featured'])],
    attributes: {},
  }));
  const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'catalog.db') });
  let started = performance.now();
  await store.catalog.upsertMany(products);
  const importMs = performance.now() - started;
  started = performance.now();
  const search = createProductSearch(await store.catalog.all());
  const indexMs = performance.now() - started;
  const recommender = createOfflineRecommender({ search, catalog: store.catalog, currency: 'JPY' });
  const queries = [
    '緑茶のギフト',
    '急須',
    '3000円以下の抹茶',
    'green tea gift',
    'clay teapot under 5000 yen',
    'teapto',
    'おすすめ',
    'matcha whisk',
  ];
  const times: number[] = [];
  for (let round = 0; round < 25; round++) {
    for (const text of queries) {
      started = performance.now();
      await recommender.recommend({ text, locale: /[a-z]/.test(text) ? 'en' : 'ja', limit: 3 });
      times.push(performance.now() - started);
    }
  }
  await store.close();
  times.sort((a, b) => a - b);
  return [
    `| 55,000-product catalog: import into SQLite / build the search index | ${(importMs / 1000).toFixed(1)} s / ${(indexMs / 1000).toFixed(1)} s |`,
    `| recommendation latency p50 / p95 (ms, ${times.length} queries) | ${quantile(times, 0.5).toFixed(2)} / ${quantile(times, 0.95).toFixed(2)} |`,
  ];
}

const hello = (id: number, chat: number): InboundEvent => ({
  id: `s${id}`,
  type: 'text',
  text: `m${id}`,
  address: { channel: 'simulator', conversationId: `c${chat}`, userId: `c${chat}` },
  receivedAt: new Date().toISOString(),
});

/** Turns for 10k and then 100k distinct conversations in one process: memory does not grow with them. */
export async function memoryBench(dir: string): Promise<string[]> {
  const kaiwa = await createKaiwa({
    shopDir: 'test/fixtures/echo-shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'memory.db')}`, LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  // After a full collection (npm run bench passes --expose-gc), so that garbage waiting for a GC does not count.
  const rss = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().rss / 2 ** 20;
  };
  const measured: number[] = [];
  let next = 0;
  for (const target of [10_000, 100_000]) {
    while (next < target) {
      await kaiwa.engine.receive([hello(next, next)]);
      if (next % 1000 === 999) await kaiwa.engine.drain();
      next++;
    }
    await kaiwa.engine.drain();
    measured.push(rss());
  }
  await kaiwa.close();
  // Conversations live in the database, not in the process: what matters is growth from 10k to 100k.
  const perTenThousand = (measured[1]! - measured[0]!) / 9;
  return [
    `| RSS after 10,000 / 100,000 active conversations (one process, SQLite) | ${measured[0]!.toFixed(0)} MiB / ${measured[1]!.toFixed(0)} MiB |`,
    `| RSS growth per 10,000 more active conversations | ${perTenThousand.toFixed(1)} MiB |`,
  ];
}

/** Fills a SQLite file with 1,000,000 stored conversations, as a long-lived shop would have. */
export function fillConversations(path: string, count = 1_000_000): number {
  const started = performance.now();
  const db = new Database(path);
  const snapshot = JSON.stringify({
    status: 'active',
    value: { echo: 'ready' },
    historyValue: {},
    context: { locale: 'en', cart: [], vars: {}, seen: [], lastRecommendations: [], choices: [], outbox: [] },
    children: {},
  });
  const insert = db.prepare(
    "INSERT OR IGNORE INTO sessions (key, flow_id, flow_hash, snapshot, version, updated_at) VALUES (?, 'echo', 'old', ?, 1, '2026-01-01T00:00:00.000Z')",
  );
  const inbox = db.prepare(
    "INSERT OR IGNORE INTO inbox (channel, event_id, seen_at) VALUES ('telegram', ?, '2026-01-01T00:00:00.000Z')",
  );
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      insert.run(`telegram:${50_000_000 + index}`, snapshot);
      inbox.run(`old-${index}`);
    }
  })();
  // Fold the WAL into the database now, so the measured run doesn't pay for this fill's checkpoint.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return performance.now() - started;
}

/** Parsing a real Shopify export from ../shared (2,921 rows, not copied here); none when the data set is absent. */
export function shopifyImportBench(): string[] {
  const file = fileURLToPath(new URL('shopify-exports/ishalife-sg-large.csv', sharedData));
  if (!existsSync(file)) return [];
  const started = performance.now();
  const parsed = parseImport(file, readCatalogText(file), { currency: 'SGD', locale: 'en' });
  const ms = performance.now() - started;
  return [`| parsing a real Shopify export (2,921 rows → ${parsed.products.length} products) | ${ms.toFixed(0)} ms |`];
}
