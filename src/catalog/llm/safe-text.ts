/**
 * Grounding of model text (security finding #3). Model text reaches shoppers beside catalog facts, so it may
 * claim nothing that the shop's own text (the product, the FAQ entry) does not. A "claim" is anything a shopper
 * could act on or be misled by: a link, a domain, an e-mail address, a handle or a phone number; a figure or a
 * currency; a discount, a free-of-charge offer, a promise; a request for credentials or payment details.
 * Lists of bad phrases were beaten by spelling (full-width letters, "x dot example"), so text is normalised
 * first (NFKC, invisible characters dropped, obfuscated dots made dots) and each claim is reduced to a category
 * and a token. Wordings of one idea share a token (無料 / free of charge), so an answer may say in English what
 * its entry says in Japanese.
 */
export type ClaimCategory = 'link' | 'contact' | 'figure' | 'price' | 'discount' | 'free' | 'promise' | 'credential';

/** One idea in either language: text matching any of `parts` claims `category:token`. */
const concept = (category: ClaimCategory, token: string, ...parts: RegExp[]) => ({
  claim: `${category}:${token}`,
  pattern: new RegExp(parts.map((part) => part.source).join('|'), 'u'),
});

// Patterns see normalised, lower-case text. `\b` is ASCII-only, so it also works next to Japanese.
const concepts = [
  concept('price', 'jpy', /円(?![熟満形やみ卓盤周弧])|\byen\b|¥|\bjpy\b/u),
  concept('price', 'usd', /\$|\bdollars?\b|\busd\b|(?<![\p{Script=Katakana}ー])ドル/u),
  concept('price', 'eur', /€|\beuros?\b|\beur\b|ユーロ/u),
  concept('discount', 'percent', /%|\bper ?cent\b|パーセント|[一二三四五六七八九]割/u),
  concept('discount', 'half', /\bhalf[- ]?(?:price|off)\b|半額|半値/u),
  concept(
    'discount',
    'discount',
    /discount|\bmarkdown|\brebate|cash ?back|\bprice (?:cut|drop)/u,
    /割引|値引|値下げ|円引|還元|キャッシュバック|お得(?!意)/u,
  ),
  concept(
    'discount',
    'sale',
    /\bsale\b|clearance|bargain|\b(?:special|best|lowest) (?:offer|price)|cheapest/u,
    /セール|特価|特売|安売り|激安|最安/u,
  ),
  concept('discount', 'coupon', /coupon|voucher|\bpromo(?:tion(?:al)?)?\b|クーポン|割引券|プロモ/u),
  concept(
    'discount',
    'limited',
    /\b(?:today|tonight|this week(?:end)?|now) only\b|\bonly (?:today|tonight|now)\b|\bends (?:today|tonight|soon)\b/u,
    /limited[- ](?:time|offer|stock)|\bfor a limited\b|while (?:supplies|stocks?) last|last chance|\bact now\b/u,
    /\bflash (?:sale|deal|offer)|only (?:a few|\w+) left|almost (?:sold out|gone)|selling fast/u,
    /(?:本日|今日|期間|数量|季節|会員)限定|今日だけ|本日のみ|今だけ|今なら|先着|タイムセール/u,
    /残りわずか|在庫わずか|売り切れ間近|品薄|お早めに/u,
  ),
  concept(
    'free',
    'free',
    // "caffeine-free" and "feel free" offer nothing.
    /(?<![\w-])(?<!feel )free\b(?!-(?:range|standing|form))|complimentary|gratis|freebie|giveaway|\bon the house\b/u,
    /\b(?:at )?no (?:extra )?(?:charge|cost)\b|無料|無償|タダ|おまけ|ゼロ円|(?<![\d.,])0 ?(?:円|yen)|¥ ?0(?![\d.,])/u,
  ),
  concept('promise', 'guarantee', /guarant(?:ee|y)|warrant(?:y|ies)|保証|保障/u),
  concept('promise', 'refund', /refund|money[- ]?back|returnable|返金|払い?戻|返品/u),
  concept(
    'promise',
    'promise',
    /promis(?:e|ed|es|ing)\b|\bassured?\b|risk[- ]free|\bno risk\b/u,
    /約束|必ず|絶対|確実|間違いなく/u,
  ),
  concept('credential', 'card-number', /\bcard (?:number|no|details?|info)|カード(?:の)?番号/u),
  concept('credential', 'card-code', /\bcv[cv]2?\b|security code|expir(?:y|ation) date|セキュリティコード|有効期限/u),
  concept('credential', 'pin', /\bpin\b|暗証番号/u),
  concept(
    'credential',
    'password',
    /passw(?:or)?d|passcode|passphrase|one[- ]time (?:pass)?code|\botp\b|\b2fa\b/u,
    /verification code|パスワード|認証コード|確認コード|ワンタイム/u,
  ),
  concept('credential', 'login', /\blog ?in\b|\bsign ?in\b|credentials|ログイン|サインイン/u),
  concept(
    'credential',
    'bank',
    /bank (?:account|transfer|details)|account (?:number|no|details)|routing number/u,
    /sort code|\biban\b|wire transfer|口座|振り?込|送金/u,
  ),
  concept(
    'credential',
    'identity',
    /social security|\bssn\b|seed phrase|recovery phrase|private key/u,
    /個人情報|マイナンバー|免許証|保険証/u,
  ),
  concept(
    'credential',
    'request',
    /\b(?:send|text|dm|message|e-?mail|write|call|contact|tell|give|show|line)(?: it| them)?(?: to)? (?:us|me)\b/u,
    /\breply\b(?: \S+){0,4}? with\b|\b(?:enter|confirm|verify|update|provide|submit) your\b/u,
    /送って|送信して|返信して|入力して|教えて|お知らせください|ご連絡ください|連絡して|お電話/u,
  ),
];

/** Claims whose token is the matched text: where to go, whom to reach, which figure. */
const tokenClaims: { category: ClaimCategory; pattern: RegExp; token?: (match: string) => string }[] = [
  // Any scheme (https:, hxxps:, javascript:, data:, tel: …): a scheme is followed by no space.
  { category: 'link', pattern: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]+:(?=[\p{L}\p{N}/+%#?&=~_-])\S*/gu },
  { category: 'link', pattern: /(?<![\p{L}\p{N}:/])\/\/[\p{L}\p{N}.-]+\S*/gu },
  // Bare domains (x.example, x.co.jp/path, IDN labels); the top-level label is ASCII.
  {
    category: 'link',
    pattern: /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]+)(?![\w-])/gu,
  },
  { category: 'contact', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu },
  { category: 'contact', pattern: /(?<![\p{L}\p{N}_.@])@[a-z0-9_][a-z0-9_.-]*/gu },
  // Phone numbers: 9 or more digits with separators; the token is the digits.
  {
    category: 'contact',
    pattern: /\+?(?:\p{Nd}[\s().\-‐‑–—−ー]*){8,}\p{Nd}/gu,
    token: (match) => match.replace(/\D/g, ''),
  },
  {
    category: 'figure',
    pattern: /[\p{Nd}\p{No}]+(?:[.,][\p{Nd}\p{No}]+)*/gu,
    token: (match) => match.replace(/,/g, ''),
  },
  { category: 'price', pattern: /\p{Sc}/gu },
];
const trimTrailing = (match: string) => match.replace(/[.,!?;:)\]}'"」』）]+$/u, '');

// "x dot example", "x[.]com", "x (dot) com", "x . com", "x。com", "x ドット com" → "x.com".
const obfuscatedDot = new RegExp(
  [
    /\s*[[({<]\s*(?:\.|dot)\s*[\])}>]\s*/u.source,
    /(?<=[\p{L}\p{N}])\s+dot\s+(?=[\p{L}\p{N}])|\s*ドット\s*/u.source,
    /(?<=[a-z0-9])(?:\s+\.\s*|\s*。\s*)(?=[a-z0-9])/u.source,
  ].join('|'),
  'gu',
);

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{M}]/gu, '')
    .toLowerCase()
    .replace(obfuscatedDot, '.');
}

/** The claims a text makes, as `category:token` (e.g. `link:phish.example`, `free:free`, `figure:500`). */
export function claimsIn(text: string): Set<string> {
  const normalised = normalise(text);
  const claims = new Set(concepts.filter(({ pattern }) => pattern.test(normalised)).map(({ claim }) => claim));
  for (const { category, pattern, token = trimTrailing } of tokenClaims) {
    for (const [match] of normalised.matchAll(pattern)) claims.add(`${category}:${token(match)}`);
  }
  return claims;
}

/**
 * Whether every claim of `text` is also a claim of one of `sources` (the shop's own text), and none is of a
 * category in `never` (a recommendation reason states no figure or price at all: those come from the catalog).
 */
export function groundedIn(text: string, sources: readonly string[], never: readonly ClaimCategory[] = []): boolean {
  const claims = [...claimsIn(text)];
  if (claims.length === 0) return true;
  const allowed = new Set(sources.flatMap((source) => [...claimsIn(source)]));
  return claims.every((claim) => allowed.has(claim) && !never.some((category) => claim.startsWith(`${category}:`)));
}

/**
 * Whether a model's sentence may be shown as a product's reason: short, and grounded in that product's own
 * text (`sources`: title, description, tags, attributes) with no figure or price. Otherwise the catalog-built
 * reason is shown, so a model can never put a price, an offer or a link in front of a shopper.
 */
export function isSafeModelSentence(text: unknown, sources: readonly string[], maxLength = 140): text is string {
  if (typeof text !== 'string') return false;
  const trimmed = text.trim();
  if (trimmed.length === 0 || [...trimmed].length > maxLength) return false;
  return groundedIn(trimmed, sources, ['figure', 'price']);
}
