import type { Carriers, FaqAnswerer, LocalizedText, OrderService, Recommender } from '../core/index.js';

/** What flow actions may use; the composition root (src/app/assemble.ts) provides it. */
export interface FlowServices {
  shop: {
    name: LocalizedText;
    currency: string;
    defaultLocale: string;
    locales: string[];
    timeZone: string;
    /** kaiwa.yaml `categories`: the tags offered as buttons when a request finds nothing, labelled per language. */
    categories?: readonly { tag: string; label: LocalizedText | string }[];
  };
  recommender: Recommender;
  faq: FaqAnswerer;
  orders: OrderService;
  /** The carriers orders ship with (built-in and kaiwa.yaml `carriers`), for `do: orderStatus`; default the built-in ones. */
  carriers?: Carriers;
  /**
   * How strongly free text asks for products, weighed against intents and the FAQ (src/flows/route.ts):
   * a shopping filter such as a price limit or an option ("3000円以下の緑茶", "size M") is strong
   * evidence; words the catalog holds count by the share of the request they cover. undefined: none.
   */
  productQuery?: (text: string, locale: string) => ProductEvidence | undefined;
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

/** The catalog's evidence that a message asks for products. */
export interface ProductEvidence {
  /** 0..1, comparable with intents' and the FAQ's scores. */
  score: number;
  /** What matched, for the turn trace: `filter: price`, `words: green tea`. */
  matched: string;
}
