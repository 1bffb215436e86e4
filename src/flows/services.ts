import type { FaqAnswerer, LocalizedText, OrderService, Recommender } from '../core/index.js';

/** What flow actions may use; the composition root (src/kaiwa.ts) provides it. */
export interface FlowServices {
  shop: { name: LocalizedText; currency: string; defaultLocale: string; locales: string[]; timeZone: string };
  recommender: Recommender;
  faq: FaqAnswerer;
  orders: OrderService;
  /** True when free text names things the catalog holds ("3000円以下の緑茶"): such text becomes a `recommend` event. */
  catalogMatches?: (text: string, locale: string) => boolean;
  /** Called when a payment does not match its order: the merchant must look. */
  alert?: (message: string, details: Record<string, unknown>) => void;
}
