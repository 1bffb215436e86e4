/**
 * One router for what a shopper types: every candidate is scored together — the step's own buttons
 * (a typed value, label or number), the flow's intents, the FAQ and the catalog — and the best
 * clearly-ahead score wins; the flow's order (buttons, intents, FAQ, catalog) only breaks near-ties.
 * Below `minRouteScore` nothing is chosen and the flow's fallback answers (abstaining honestly).
 */

export type RouteKind = 'choice' | 'intent' | 'faq' | 'catalog';

export interface RouteCandidate {
  kind: RouteKind;
  /** The intent's name, the FAQ entry's id, the button's label; `products` for the catalog. */
  name: string;
  /** 0..1, comparable across kinds (see each source: scoreIntents, the FAQ answerer, productEvidence). */
  score: number;
  /** What matched: a keyword, a paraphrase's entry, the catalog's words or filter. */
  matched?: string;
}

/** The router's decision as the turn trace keeps it: what was chosen, and every candidate with its score. */
export interface RouteNote {
  /** `faq shipping-intl`, `intent checkout`, `catalog products`, or `none`. */
  chosen: string;
  candidates: RouteCandidate[];
}

/** Scores closer than this are a tie, which the flow's order breaks. */
export const routeMargin = 0.05;
/** Below this, no candidate is trusted: the flow's fallback answers. */
export const minRouteScore = 0.5;

const precedence: Record<RouteKind, number> = { choice: 0, intent: 1, faq: 2, catalog: 3 };

/** The intent whose event the catalog's evidence raises too: a request for products. */
export const browseIntent = 'recommend';

/** The most the browse intent's keywords weigh: below an FAQ answer's usual weight, above the router's floor. */
export const maxBrowseScore = 0.7;

export function isBrowseIntent(candidate: RouteCandidate): boolean {
  return candidate.kind === 'intent' && candidate.name === browseIntent;
}

/**
 * An intent's candidate. The browse intent's keywords ("show me", おすすめ, 欲しい) ask for products
 * without saying which: enough to browse on, never more than the catalog's or the FAQ's evidence
 * for the words (maxBrowseScore).
 */
export function intentCandidate(name: string, score: number, matched?: string): RouteCandidate {
  return {
    kind: 'intent',
    name,
    score: name === browseIntent ? Math.min(score, maxBrowseScore) : score,
    ...(matched !== undefined ? { matched } : {}),
  };
}

/**
 * Where a candidate stands in a near-tie. The browse intent is a request for products like the
 * catalog's own evidence, and its keywords are carrier phrases that say little of what is wanted:
 * it yields as the catalog does, so 「カートの中身を見せて」 is the cart and
 * 「プレゼント用にラッピングしてほしい」 the gift-wrapping answer.
 */
function rank(candidate: RouteCandidate): number {
  return isBrowseIntent(candidate) ? precedence.catalog : precedence[candidate.kind];
}

/** The candidate to act on, or undefined to abstain. */
export function decideRoute(candidates: readonly RouteCandidate[]): RouteCandidate | undefined {
  const ranked = [...candidates].sort((a, b) => b.score - a.score || rank(a) - rank(b));
  const best = ranked[0];
  if (!best || best.score < minRouteScore) return undefined;
  return ranked
    .filter((candidate) => best.score - candidate.score < routeMargin)
    .sort((a, b) => rank(a) - rank(b) || b.score - a.score)[0];
}

export function routeNote(candidates: readonly RouteCandidate[], chosen: RouteCandidate | undefined): RouteNote {
  return {
    chosen: chosen ? `${chosen.kind} ${chosen.name}` : 'none',
    candidates: [...candidates]
      .sort((a, b) => b.score - a.score)
      .map((candidate) => ({ ...candidate, score: Math.round(candidate.score * 100) / 100 })),
  };
}

/** One line for the simulator's event log: `FAQ shipping-intl 0.62; catalog 0.31 (words: tea); intent none`. */
export function describeRoute(note: RouteNote): string {
  const kinds: RouteKind[] = ['intent', 'faq', 'catalog'];
  const parts = note.candidates.map(
    (candidate) =>
      `${candidate.kind} ${candidate.name} ${candidate.score.toFixed(2)}${candidate.matched ? ` (${candidate.matched})` : ''}`,
  );
  for (const kind of kinds)
    if (!note.candidates.some((candidate) => candidate.kind === kind)) parts.push(`${kind} none`);
  return `→ ${note.chosen}: ${parts.join('; ')}`;
}
