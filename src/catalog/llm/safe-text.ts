/**
 * Whether a model's sentence may be shown beside catalog facts: no figures (a price, a discount,
 * a stock count, a date), no currency or percent signs, no links, short. Anything else is replaced
 * by text built from the catalog, so a model can never put a price in front of a shopper.
 */
export function isSafeModelSentence(text: unknown, maxLength = 140): text is string {
  if (typeof text !== 'string') return false;
  const trimmed = text.trim();
  if (trimmed.length === 0 || [...trimmed].length > maxLength) return false;
  return !/[\p{Nd}\p{No}%％$＄¥￥€£₩฿]|https?:|www\.|円|ドル|\byen\b|dollar|\bfor free\b|\bfree (?:shipping|delivery|gift)|無料|割引|値引|セール|discount|\bsale\b|coupon|クーポン/iu.test(trimmed);
}

/** The figures (digit runs, normalised) a text states: an answer may state only those its source states. */
export function figuresIn(text: string): Set<string> {
  return new Set((text.normalize('NFKC').match(/\d+(?:[.,]\d+)*/g) ?? []).map((figure) => figure.replace(/,/g, '')));
}
