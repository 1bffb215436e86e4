import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRecommender, createProductSearch } from '../../../src/catalog/index.js';
import { createSemanticIndex } from '../../../src/catalog/llm/index.js';
import { productKey, type Product } from '../../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';
import { startFakeOpenAi } from '../../fakes/openai-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-embed-'));
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let kaiwa: Kaiwa;
let products: Product[];
const logs: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAi();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'sk-test-embed-0123',
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODEL: 'test-model',
      OPENAI_EMBEDDING_MODEL: 'test-embed',
      OPENAI_EMBEDDING_DIMENSIONS: '32',
      OPENAI_TIMEOUT_MS: '400',
    },
    log: (message) => void logs.push(message),
  });
  products = await kaiwa.store.catalog.all();
});
afterAll(async () => {
  await kaiwa.close();
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = () => ({
  apiKey: 'sk-test-embed-0123',
  baseUrl: openai.url,
  model: 'test-model',
  timeoutMs: 400,
  pricePerMillion: { input: 0, output: 0 },
});

describe('retrieval by meaning (OPENAI_EMBEDDING_MODEL)', () => {
  it('embeds the whole catalog in the background at start, in batches, asking for the configured dimensions', async () => {
    await kaiwa.embedded;
    const texts = openai.embeddingRequests.flatMap((request) =>
      Array.isArray(request.input) ? request.input : [request.input],
    );
    // Variants of one product share its text: one embedding per product (the example's hojicha has three sizes).
    expect(texts).toHaveLength(new Set(products.map(productKey)).size);
    expect(new Set(products.map(productKey)).size).toBeLessThan(products.length);
    expect(
      openai.embeddingRequests.every((request) => request.model === 'test-embed' && request.dimensions === 32),
    ).toBe(true);
    expect(logs).toContain('catalog embedded');
  });

  it('finds products that share no word with the request, fused with lexical hits, explained without a figure', async () => {
    const semantic = createSemanticIndex(settings(), { model: 'test-embed' }, () => undefined);
    await semantic.build(products);
    const search = createProductSearch(products);
    const lexicalOnly = createOfflineRecommender({ search, catalog: kaiwa.store.catalog });
    const withMeaning = createOfflineRecommender({ search, catalog: kaiwa.store.catalog, semantic });
    const request = { text: 'a souvenir for my mum', locale: 'en', limit: 3 };
    // Word matching finds nothing and falls back to featured products; meaning finds gifts.
    const lexical = await lexicalOnly.recommend(request);
    expect(lexical.every((pick) => !pick.reason.startsWith('Close to'))).toBe(true);
    const picks = await withMeaning.recommend(request);
    expect(picks).toHaveLength(3);
    // Every pick is about giving (by its own catalog text), found by meaning.
    const aboutGifts = (id: string) =>
      /gift|ギフト|贈り物|プレゼント|詰め合わせ/i.test(JSON.stringify(products.find((product) => product.id === id)));
    expect(picks.every((pick) => aboutGifts(pick.productId))).toBe(true);
    expect(
      picks.filter((pick) => pick.reason === 'Close to what you asked for; in stock').length,
    ).toBeGreaterThanOrEqual(2);
    // A request nothing in the catalog is about keeps the featured fallback (below the similarity floor).
    expect((await semantic.nearest('bicycle', 1))[0]!.score).toBeLessThan(0.3);
    const bicycle = await withMeaning.recommend({ text: 'bicycle', locale: 'en', limit: 3 });
    expect(bicycle.every((pick) => !pick.reason.startsWith('Close to'))).toBe(true);
    // Words that do match keep their matched-words reason.
    const teapot = await withMeaning.recommend({ text: '急須', locale: 'ja', limit: 3 });
    expect(teapot[0]?.reason).toMatch(/『急須』に一致/);
  });

  it('re-embeds only what changed on a reload, and answers lexically when the endpoint fails', async () => {
    const semantic = createSemanticIndex(settings(), { model: 'test-embed' }, () => undefined);
    await semantic.build(products);
    openai.embeddingRequests.length = 0;
    const edited = products.map((product, index) =>
      index === 0 ? { ...product, tags: [...product.tags, 'limited'] } : product,
    );
    await semantic.build(edited);
    expect(openai.embeddingRequests.flatMap((request) => request.input)).toHaveLength(1);
    expect(semantic.size).toBe(products.length);

    openai.failEmbeddings(503);
    expect(await semantic.nearest('a souvenir for my mum', 5)).toEqual([]);
    const search = createProductSearch(products);
    const picks = await createOfflineRecommender({ search, catalog: kaiwa.store.catalog, semantic }).recommend({
      text: '急須',
      locale: 'ja',
      limit: 2,
    });
    expect(picks[0]?.reason).toMatch(/『急須』に一致/);
    openai.failEmbeddings(0);
  });

  it('refuses an embedding model without LLM mode', async () => {
    await expect(
      createKaiwa({
        shopDir: 'examples/shop',
        env: {
          DATABASE_URL: 'sqlite://:memory:',
          LOG_LEVEL: 'silent',
          OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
        },
        log: () => undefined,
      }),
    ).rejects.toThrow(/OPENAI_EMBEDDING_MODEL needs LLM mode/);
  });
});
