import type { FaqAnswerer, LocalizedText, OrderService, Recommender } from '../core/index.js';

/** What flow actions may use; the composition root (src/app/assemble.ts) provides it. */
export interface FlowServices {
  shop: { name: LocalizedText; currency: string; defaultLocale: string; locales: string[]; timeZone: string };
  recommender: Recommender;
  faq: FaqAnswerer;
  orders: OrderService;
  /**
   * Whether free text asks for products: `filtered` when it carries a shopping filter such as a
   * price limit ("3000円以下の緑茶"), `matched` when it names things the catalog holds. Such text
   * becomes a `recommend` event: `filtered` before the FAQ is asked, `matched` after.
   */
  productQuery?: (text: string, locale: string) => 'filtered' | 'matched' | undefined;
  /**
   * Optional (LLM mode): names one of `intents` for free text no keyword rule matched, or undefined.
   * Asked last, before the flow's fallback; an answer outside the list is ignored.
   */
  classifyIntent?: (
    text: string,
    intents: readonly { name: string; examples: readonly string[] }[],
  ) => Promise<string | undefined>;
  /** Called when a payment does not match its order: the merchant must look. */
  alert?: (message: string, details: Record<string, unknown>) => void;
}
