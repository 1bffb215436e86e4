import { createFaqRanker, createOfflineFaqAnswerer, defaultFaqThreshold } from '../catalog/faq-answerer.js';
import { createOfflineRecommender } from '../catalog/offline-recommender.js';
import type { BudgetRates } from '../catalog/money-words.js';
import { parseQueryFilters } from '../catalog/query-filters.js';
import { tokenize } from '../catalog/text/terms.js';
import { minRouteScore } from '../flows/route.js';
import { createProductSearch, type ProductSearch } from '../catalog/search.js';
import type { LoadedConfig } from '../config/load-config.js';
import { carriersWith, type OrderService, type Store } from '../core/index.js';
import {
  builtInActions,
  builtInGuards,
  createFlowRuntime,
  type FlowRuntime,
  type ProductEvidence,
} from '../flows/index.js';
import type { CustomCode, ShopFiles } from '../shop/files.js';
import type { LlmParts } from './llm.js';
import type { Log } from './log.js';

export interface AssembleDeps {
  config: LoadedConfig;
  store: Store;
  orders: OrderService;
  custom: CustomCode;
  llm: LlmParts | undefined;
  log: Log;
}

/**
 * Everything built from the shop's files, at boot and again on every reload: the catalog synced
 * to the store, search, recommender, FAQ and the flow runtime. `embedded` resolves once the
 * catalog's embeddings are built (at once without them); lexical search serves meanwhile.
 */
export async function assembleRuntime(
  deps: AssembleDeps,
  files: ShopFiles,
): Promise<{ runtime: FlowRuntime; embedded: Promise<void> }> {
  const { config, store, llm } = deps;
  const shop = config.shop.shop;
  await store.catalog.upsertMany(files.products);
  const products = await store.catalog.all();
  const search = createProductSearch(products, { synonyms: config.shop.synonyms });
  const tags = new Set(products.flatMap((product) => product.tags));
  for (const { tag } of config.shop.categories)
    if (!tags.has(tag))
      deps.log(`kaiwa.yaml categories: no product carries the tag "${tag}"; its button would show nothing`, {});
  const semantic = llm?.semantic;
  const embedded = semantic ? semantic.build(products) : Promise.resolve();
  const offlineRecommender = createOfflineRecommender({
    search,
    catalog: store.catalog,
    currency: shop.currency,
    budgetRates: config.shop.budgetRates,
    ...(semantic ? { semantic } : {}),
  });
  const faqThreshold = files.faq.threshold ?? defaultFaqThreshold;
  // The shop's own country: naming another one in a question is about shipping abroad.
  const home = config.shop.shipping?.defaultCountry ?? config.shop.shipping?.zones[0]?.countries[0];
  const offlineFaq = createOfflineFaqAnswerer(files.faq.entries, {
    threshold: faqThreshold,
    fallbackLocale: shop.defaultLocale,
    synonyms: config.shop.synonyms,
    ...(home ? { home } : {}),
  });
  const recommender = llm
    ? llm.module.createLlmRecommender({ chat: llm.chat, catalog: store.catalog, offline: offlineRecommender })
    : offlineRecommender;
  const faq = llm
    ? llm.module.createLlmFaqAnswerer({
        chat: llm.chat,
        rank: createFaqRanker(files.faq.entries, config.shop.synonyms, home),
        offline: offlineFaq,
        floor: faqThreshold * 0.6,
        fallbackLocale: shop.defaultLocale,
      })
    : offlineFaq;
  const runtime = createFlowRuntime({
    definition: files.flows,
    idleTimeoutMs: config.shop.session.idleTimeoutMinutes * 60_000,
    // In LLM mode model calls are made before each turn's transaction, so turns do not wait for each other's (src/flows/rehearsal.ts).
    rehearse: llm !== undefined,
    implementations: {
      actions: { ...builtInActions, ...deps.custom.actions },
      guards: { ...builtInGuards, ...deps.custom.guards },
      services: {
        shop: {
          name: typeof shop.name === 'string' ? { [shop.defaultLocale]: shop.name } : shop.name,
          currency: shop.currency,
          defaultLocale: shop.defaultLocale,
          locales: shop.locales,
          timeZone: shop.timeZone,
          categories: config.shop.categories,
        },
        recommender,
        faq,
        productQuery: (text, locale) => productEvidence(search, text, locale, shop.currency, config.shop.budgetRates),
        orders: deps.orders,
        carriers: carriersWith(config.shop.carriers),
        ...(llm ? { classifyIntent: llm.classifyIntent } : {}),
        alert: (message, details) => deps.log(`ALERT ${message}`, details),
      },
    },
  });
  return { runtime, embedded };
}

/**
 * The catalog's evidence for a message (FlowServices.productQuery): a shopping filter (a price limit,
 * an option value, "in stock", or a budget in a currency the shop has no rate for) scores 0.85;
 * otherwise the best product's share of the request's words, from 0.3 (one word of several) to 0.9
 * (all of them); nothing matched, undefined.
 */
export function productEvidence(
  search: ProductSearch,
  text: string,
  locale: string,
  currency: string,
  budgetRates?: BudgetRates,
): ProductEvidence | undefined {
  const { filters, foreignBudget } = parseQueryFilters(text, currency, search.options, budgetRates);
  const named = [...Object.keys(filters), ...(foreignBudget ? ['foreignBudget'] : [])];
  if (named.length > 0) return { score: 0.85, matched: `filter: ${named.join(', ')}` };
  if (!search.hasSearchWords(text)) return undefined;
  const best = search
    .search({ text, locale, limit: 3 })
    .filter((hit) => hit.matched.length > 0)
    .sort((a, b) => b.coverage - a.coverage)[0];
  if (best) return { score: 0.3 + 0.6 * best.coverage, matched: `words: ${best.matched.join(', ')}` };
  // A bare name of one thing ("tents", 「テント」, "a lamp"), not a question: the shop says it does not
  // carry it and offers what it has, rather than not understanding. Just enough to be chosen when
  // nothing else is; a question ("what's the weather?") or a longer message abstains.
  const missing = search.unmatched(text);
  const words = tokenize(text, { segment: true }).filter((token) => !token.stop).length;
  if (/[?？]/.test(text) || words !== 1 || missing.length !== 1) return undefined;
  return { score: minRouteScore, matched: `not carried: ${missing.join(', ')}` };
}
