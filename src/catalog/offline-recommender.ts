import type { CatalogStore, Product, RecommendQuery, Recommendation, Recommender } from '../core/index.js';
import { matchesFilters, parseQueryFilters, type ProductFilters } from './query-filters.js';
import { recommendReason, type PickBasis } from './recommend-reason.js';
import type { ProductSearch } from './search.js';

export interface OfflineRecommenderOptions {
  search: ProductSearch;
  /** Read at query time: stock changes after the index is built. */
  catalog: CatalogStore;
  /** The shop currency, for reading price limits in the query. Default JPY. */
  currency?: string;
}

interface Candidate {
  product: Product;
  score: number;
  basis: PickBasis;
}

/** How much each tag shared with what the shopper has seen lifts a score (at most three count). */
const seenTagBoost = 0.1;

/**
 * The default recommender, no model needed: search, then filters and stock from the catalog as it
 * is now, in-stock first, a gentle lift for tags shared with what the shopper has seen. A request
 * with nothing to match (おすすめは？) gets featured, then well-stocked products, so it is never
 * empty while something is in stock.
 */
export function createOfflineRecommender(options: OfflineRecommenderOptions): Recommender {
  const { search, catalog } = options;
  return {
    name: 'offline',
    async recommend(query) {
      if (query.limit <= 0) return [];
      const { text, filters } = parseQueryFilters(query.text, options.currency ?? 'JPY');
      const exclude = new Set(query.exclude ?? []);
      const pool = query.limit * 4 + exclude.size + 10;
      // Stock is filtered after re-reading it, so only price limits go to the index snapshot.
      const priceOnly = { minPrice: filters.minPrice, maxPrice: filters.maxPrice };
      const hits = text ? search.search({ text, locale: query.locale, limit: pool, filters: priceOnly }) : [];
      let picks = await rank(catalog, hits.map((hit) => ({ id: hit.product.id, score: hit.score, basis: { kind: 'match', words: hit.matched } as PickBasis })), query, filters, exclude);
      if (!picks.some((pick) => pick.product.stock > 0)) {
        const popular = search.popular(pool, priceOnly).map((product, i) => ({
          id: product.id,
          score: pool - i,
          basis: { kind: product.tags.includes('featured') ? 'featured' : 'available' } as PickBasis,
        }));
        const fallback = await rank(catalog, popular, query, { ...filters, inStock: true }, exclude);
        // Featured first, then by stock as it is now (the index's figure may be stale).
        fallback.sort((a, b) => Number(b.basis.kind === 'featured') - Number(a.basis.kind === 'featured') || b.product.stock - a.product.stock);
        picks = [...picks, ...fallback];
      }
      return picks.slice(0, query.limit).map((pick): Recommendation => ({ productId: pick.product.id, reason: recommendReason(pick.basis, pick.product, query.locale) }));
    },
  };
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
  const [current, seen] = await Promise.all([catalog.getMany(ids), query.seen?.length ? catalog.getMany(query.seen) : Promise.resolve([])]);
  const byId = new Map(current.map((product) => [product.id, product]));
  const seenTags = new Set(seen.flatMap((product) => product.tags.filter((tag) => tag !== 'featured')));
  const ranked: Candidate[] = [];
  for (const candidate of candidates) {
    const product = byId.get(candidate.id);
    if (!product || exclude.has(product.id) || !matchesFilters(product, filters)) continue;
    const shared = Math.min(3, product.tags.filter((tag) => seenTags.has(tag)).length);
    ranked.push({ product, score: candidate.score * (1 + seenTagBoost * shared), basis: candidate.basis });
  }
  return ranked.sort((a, b) => Number(b.product.stock > 0) - Number(a.product.stock > 0) || b.score - a.score);
}
