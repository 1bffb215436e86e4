import type { Locale } from '../locale.js';

export interface FaqAnswer {
  /** The faq.yaml entry id the answer comes from. */
  entryId: string;
  answer: string;
  /** 0..1; answers come back only above the answerer's calibrated threshold. */
  score: number;
}

export interface FaqAnswerer {
  /** null when no entry is close enough: the caller says so and offers a human rather than guess. */
  answer(question: string, locale: Locale): Promise<FaqAnswer | null>;
}
