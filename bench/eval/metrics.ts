import { createHash } from 'node:crypto';

/** The protocol's split: md5 of the query (UTF-8) as a big integer; odd is test, even is dev. */
export function half(query: string): 'dev' | 'test' {
  const last = createHash('md5').update(query, 'utf8').digest()[15]!;
  return last % 2 === 1 ? 'test' : 'dev';
}

/** NDCG@10 with gain = relevance − 1 (unjudged: 0); undefined when the ideal DCG is 0 (query skipped). */
export function ndcgAt10(ranked: readonly string[], judged: ReadonlyMap<string, number>): number | undefined {
  const dcg = (gains: readonly number[]) => gains.reduce((sum, gain, index) => sum + gain / Math.log2(index + 2), 0);
  const ideal = dcg(
    [...judged.values()]
      .map((relevance) => relevance - 1)
      .sort((a, b) => b - a)
      .slice(0, 10),
  );
  if (ideal <= 0) return undefined;
  return dcg(ranked.slice(0, 10).map((id) => (judged.get(id) ?? 1) - 1)) / ideal;
}

/** Share of the products judged ≥ 2.5 found in the top 10; undefined when the query has none. */
export function recallAt10(ranked: readonly string[], judged: ReadonlyMap<string, number>): number | undefined {
  const good = [...judged].filter(([, relevance]) => relevance >= 2.5).map(([id]) => id);
  if (good.length === 0) return undefined;
  const top = new Set(ranked.slice(0, 10));
  return good.filter((id) => top.has(id)).length / good.length;
}

/** The score that keeps 95 % of in-scope questions: the protocol's 5th percentile of their best scores. */
export function thresholdKeeping95(scores: readonly number[]): number {
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[Math.floor(0.05 * sorted.length)] ?? 0;
}

export function mean(values: readonly (number | undefined)[]): { value: number; count: number } {
  const kept = values.filter((value): value is number => value !== undefined);
  return { value: kept.reduce((sum, value) => sum + value, 0) / Math.max(1, kept.length), count: kept.length };
}
