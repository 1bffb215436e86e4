/** Catalog domain: catalog files, product search, the offline recommender and the offline FAQ answerer. */
export { loadCatalogFile, parseCatalog } from './load-catalog.js';
export { catalogToCsv, catalogToJson } from './export-catalog.js';
export { loadFaqFile, loadFaq, parseFaq, type FaqEntry, type FaqFile } from './faq.js';
export {
  createOfflineFaqAnswerer,
  createFaqMatcher,
  defaultFaqThreshold,
  type OfflineFaqOptions,
} from './faq-answerer.js';
export { createProductSearch, type ProductSearch, type SearchHit, type SearchQuery } from './search.js';
export {
  parseQueryFilters,
  matchesFilters,
  type ProductFilters,
  type ParsedQuery,
  type ForeignBudget,
} from './query-filters.js';
export type { BudgetRates } from './money-words.js';
export { createOfflineRecommender, type OfflineRecommenderOptions } from './offline-recommender.js';
