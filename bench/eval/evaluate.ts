import type { Judgements, Routing } from './data.js';
import { half, mean, ndcgAt10, recallAt10, thresholdKeeping95 } from './metrics.js';

export interface SearchFigures {
  dev: { ndcg: number; recall: number; queries: number };
  test: { ndcg: number; recall: number; queries: number };
  msPerQuery: number;
}

/** NDCG@10 and Recall@10 per half for one ranking function, over every judged query. */
export function evaluateSearch(data: Judgements, rank: (query: string) => string[]): SearchFigures {
  const per = {
    dev: { ndcg: [] as (number | undefined)[], recall: [] as (number | undefined)[] },
    test: { ndcg: [] as (number | undefined)[], recall: [] as (number | undefined)[] },
  };
  const started = performance.now();
  for (const [query, judged] of data.judged) {
    const ranked = rank(query);
    const bucket = per[half(query)];
    bucket.ndcg.push(ndcgAt10(ranked, judged));
    bucket.recall.push(recallAt10(ranked, judged));
  }
  const msPerQuery = (performance.now() - started) / data.judged.size;
  const figures = (bucket: (typeof per)['dev']) => ({
    ndcg: mean(bucket.ndcg).value,
    recall: mean(bucket.recall).value,
    queries: mean(bucket.ndcg).count,
  });
  return { dev: figures(per.dev), test: figures(per.test), msPerQuery };
}

export interface RoutingFigures {
  top1: number;
  threshold: number;
  outOfScopeRejected: number;
  inScope: number;
  outOfScope: number;
}

/** Top-1 routing accuracy of the held-out utterances, and out-of-scope rejection at the 95 %-keeping threshold. */
export function evaluateRouting(
  data: Routing,
  k: number,
  build: (paraphrases: { intent: string; text: string }[]) => (question: string) => { intent: string; score: number },
): RoutingFigures {
  const paraphrases = [...data.byIntent].flatMap(([intent, texts]) =>
    texts.slice(0, k).map((text) => ({ intent, text })),
  );
  const heldOut = [...data.byIntent].flatMap(([intent, texts]) => texts.slice(k).map((text) => ({ intent, text })));
  const route = build(paraphrases);
  const routed = heldOut.map(({ intent, text }) => ({ intent, best: route(text) }));
  const threshold = thresholdKeeping95(routed.map(({ best }) => best.score));
  const rejected = data.outOfScope.filter((text) => route(text).score < threshold).length;
  return {
    top1: routed.filter(({ intent, best }) => best.intent === intent).length / routed.length,
    threshold,
    outOfScopeRejected: rejected / data.outOfScope.length,
    inScope: routed.length,
    outOfScope: data.outOfScope.length,
  };
}
