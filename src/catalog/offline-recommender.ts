import {
  canSell,
  pickText,
  type CatalogStore,
  type Product,
  type RecommendQuery,
  type Recommendation,
  type Recommender,
} from '../core/index.js';
import type { BudgetRates } from './money-words.js';
import { matchesFilters, parseQueryFilters, type ProductFilters } from './query-filters.js';
import { recommendReason, type PickBasis } from './recommend-reason.js';
import type { ProductSearch } from './search.js';

export interface OfflineRecommenderOptions {
  search: ProductSearch;
  /** Read at query time: stock changes after the index is built. */
  catalog: CatalogStore;
  /** The shop currency, for reading price limits in the query. Default JPY. */
  currency?: string;
  /**
   * Rates for budgets stated in other currencies (kaiwa.yaml `budgetRates`). A budget in a currency
   * without one is not applied: the shopper's words are searched without a price limit.
   */
  budgetRates?: BudgetRates;
  /** Optional retrieval by meaning (embeddings, LLM mode): its hits join the lexical ones by reciprocal rank fusion. */
  semantic?: SemanticSearch;
}

export interface SemanticSearch {
  /** Nearest products by meaning with cosine similarity, best first; [] when unavailable. */
  nearest(text: string, limit: number): Promise<{ id: string; score: number }[]>;
}

/** Below this cosine similarity a product found only by meaning is not offered ("a bicycle" finds no tea). */
const minSimilarity = 0.3;
/** Reciprocal rank fusion's usual constant: a hit at rank r counts 1 / (60 + r). */
const fusionK = 60;

interface Candidate {
  product: Product;
  score: number;
  basis: PickBasis;
}

/** How much each tag shared with what the shopper has seen lifts a score (at most three count). */
const seenTagBoost = 0.1;
/** Past purchases say more than views: each shared tag lifts more (at most three count). */
const boughtTagBoost = 0.2;
/** A product already bought steps back a little: a shopper asking again wants to see something new. */
const alreadyBought = 0.8;

/**
 * The default recommender, no model needed: search, then filters and stock from the catalog as it
 * is now, in-stock first, a gentle lift for tags shared with what the shopper has seen. A request
 * with nothing to match (おすすめは？) gets featured, then well-stocked products, so it is never
 * empty while something is in stock. A request whose words no product matches ("tents" in a
 * swimwear shop) gets them too, marked as stand-ins (`insteadOf`, "Not a match, but…").
 */
export function createOfflineRecommender(options: OfflineRecommenderOptions): Recommender {
  const { search, catalog } = options;
  return {
    name: 'offline',
    categories: (limit) => search.categories(limit),
    async recommend(query) {
      if (query.limit <= 0) return [];
      const { text, filters } = parseQueryFilters(
        query.text,
        options.currency ?? 'JPY',
        search.options,
        options.budgetRates,
      );
      const exclude = new Set(query.exclude ?? []);
      const pool = query.limit * 4 + exclude.size + 10;
      // Stock is filtered after re-reading it, so only price and option limits go to the index snapshot.
      const priceOnly = { minPrice: filters.minPrice, maxPrice: filters.maxPrice, options: filters.options };
      const hits = text ? search.search({ text, locale: query.locale, limit: pool, filters: priceOnly }) : [];
      let candidates = hits.map((hit) => ({
        id: hit.product.id,
        score: hit.score,
        basis: { kind: 'match', words: hit.matched } as PickBasis,
      }));
      const near =
        text && options.semantic && search.hasSearchWords(text)
          ? (await options.semantic.nearest(text, pool)).filter((hit) => hit.score >= minSimilarity)
          : [];
      if (near.length > 0) candidates = fuse(candidates, near);
      // Nothing matched: the words no product has are what the stand-ins are offered instead of.
      const insteadOf =
        candidates.length === 0 && text ? search.unmatched(text).filter((words) => !/[\p{Nd}\p{No}]/u.test(words)) : [];
      const instead = insteadOf.length > 0;
      let picks = await rank(catalog, candidates, query, filters, exclude);
      if (!picks.some((pick) => canSell(pick.product))) {
        const popular = search.popular(pool, priceOnly).map((product, i) => ({
          id: product.id,
          score: pool - i,
          basis: { kind: product.tags.includes('featured') ? 'featured' : 'available', instead } as PickBasis,
        }));
        const fallback = await rank(catalog, popular, query, { ...filters, inStock: true }, exclude);
        // Near past purchases first, then featured, then by stock as it is now (the index's figure may be stale).
        const order = (candidate: Candidate) =>
          candidate.basis.kind === 'related' ? 2 : candidate.basis.kind === 'featured' ? 1 : 0;
        fallback.sort(
          (a, b) =>
            order(b) - order(a) || (order(a) === 2 ? b.score - a.score : 0) || b.product.stock - a.product.stock,
        );
        picks = [...picks, ...fallback];
      }
      return picks.slice(0, query.limit).map((pick): Recommendation => ({
        productId: pick.product.id,
        reason: recommendReason(pick.basis, pick.product, query.locale),
        ...(instead ? { insteadOf } : {}),
      }));
    },
  };
}

/** Lexical and semantic hits in one list by reciprocal rank fusion; a product found only by meaning says so. */
function fuse(
  lexical: readonly { id: string; score: number; basis: PickBasis }[],
  semantic: readonly { id: string; score: number }[],
) {
  const fused = new Map<string, { id: string; score: number; basis: PickBasis }>();
  lexical.forEach((hit, rank) => fused.set(hit.id, { ...hit, score: 1 / (fusionK + rank) }));
  semantic.forEach((hit, rank) => {
    const known = fused.get(hit.id);
    if (known) known.score += 1 / (fusionK + rank);
    else fused.set(hit.id, { id: hit.id, score: 1 / (fusionK + rank), basis: { kind: 'similar' } });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

/** Re-reads the candidates from the catalog, applies filters and exclusions, orders in-stock first. */
async function rank(
  catalog: CatalogStore,
  candidates: readonly { id: string; score: number; basis: PickBasis }[],
  query: RecommendQuery,
  filters: ProductFilters,
  exclude: ReadonlySet<string>,
): Promise<Candidate[]> {
  const ids = candidates.map((candidate) => candidate.id).filter((id) => !exclude.has(id));
  const [current, seen, bought] = await Promise.all([
    catalog.getMany(ids),
    query.seen?.length ? catalog.getMany(query.seen) : Promise.resolve([]),
    query.bought?.length ? catalog.getMany([...new Set(query.bought)].slice(0, 20)) : Promise.resolve([]),
  ]);
  const byId = new Map(current.map((product) => [product.id, product]));
  const meaningful = (product: Product) => product.tags.filter((tag) => tag !== 'featured');
  const seenTags = new Set(seen.flatMap(meaningful));
  const boughtIds = new Set(bought.map((product) => product.id));
  const ranked: Candidate[] = [];
  for (const candidate of candidates) {
    const product = byId.get(candidate.id);
    if (!product || exclude.has(product.id) || !matchesFilters(product, filters)) continue;
    const shared = Math.min(3, product.tags.filter((tag) => seenTags.has(tag)).length);
    // The past purchase this product has most in common with, if any (for the lift and the reason).
    let nearest: { product: Product; shared: number } | undefined;
    for (const past of bought) {
      if (past.id === product.id) continue;
      const common = meaningful(past).filter((tag) => product.tags.includes(tag)).length;
      if (common > (nearest?.shared ?? 0)) nearest = { product: past, shared: common };
    }
    const lift =
      (1 + seenTagBoost * shared) *
      (1 + boughtTagBoost * Math.min(3, nearest?.shared ?? 0)) *
      (boughtIds.has(product.id) ? alreadyBought : 1);
    // A request with nothing to match says why by the purchase; a matched one keeps its words.
    const basis: PickBasis =
      nearest && candidate.basis.kind !== 'match'
        ? {
            kind: 'related',
            title: pickText(nearest.product.title, query.locale, query.locale),
            instead: 'instead' in candidate.basis && candidate.basis.instead === true,
          }
        : candidate.basis;
    ranked.push({ product, score: candidate.score * lift, basis });
  }
  return ranked.sort((a, b) => Number(canSell(b.product)) - Number(canSell(a.product)) || b.score - a.score);
}
