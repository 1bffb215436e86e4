import type { Locale } from '../locale.js';

export interface RecommendQuery {
  text: string;
  locale: Locale;
  limit: number;
  exclude?: readonly string[];
  /** What the conversation knows, for re-ranking: products viewed, added, bought. */
  seen?: readonly string[];
  /** Products this shopper has paid for before, newest first: their neighbours rise, the items themselves step back. */
  bought?: readonly string[];
}

/** A pick: an id that exists in the catalog and why. No price, no stock: those come from the catalog. */
export interface Recommendation {
  productId: string;
  reason: string;
  /**
   * Set when nothing in the catalog matched the request and this pick stands in for it: the
   * request's words no product has, as the shopper wrote them (`["tents"]`). The caller can say so
   * ("We don't carry “tents”") instead of presenting the pick as a match.
   */
  insteadOf?: readonly string[];
}

export interface Recommender {
  readonly name: string;
  /** Every productId returned exists in the catalog: checked, not trusted. */
  recommend(query: RecommendQuery): Promise<Recommendation[]>;
  /** The catalog's most used tags, most common first, to browse when a request finds nothing. Optional. */
  categories?(limit: number): readonly string[];
}
