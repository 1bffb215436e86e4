// npm run eval: Kaiwa's offline search and FAQ routing on public data, beside the reference
// baselines of ../shared/eval, in one run. Prints a table, writes docs/quality.md, and ends with
// one `metric name=value baseline=value` line per figure. Reads ../shared/data; copies nothing.
import { writeFileSync } from 'node:fs';
import { bm25Baseline, tfidfBaseline } from './baselines.js';
import { readHomeDepot, readRouting, sharedData } from './data.js';
import { evaluateRouting, evaluateSearch, type RoutingFigures, type SearchFigures } from './evaluate.js';
import { kaiwaFaq, kaiwaSearch } from './kaiwa-systems.js';

const started = performance.now();
const f = (value: number) => value.toFixed(4);

const homeDepot = readHomeDepot(new URL('homedepot-search-relevance/train.csv', sharedData));
console.error(`Home Depot: ${homeDepot.titles.size} products, ${homeDepot.judged.size} queries`);
let built = performance.now();
const kaiwaRank = kaiwaSearch(homeDepot.titles);
const kaiwaBuildMs = performance.now() - built;
built = performance.now();
const baselineRank = bm25Baseline(homeDepot.titles);
const baselineBuildMs = performance.now() - built;
const search: { kaiwa: SearchFigures; baseline: SearchFigures } = {
  kaiwa: evaluateSearch(homeDepot, kaiwaRank),
  baseline: evaluateSearch(homeDepot, baselineRank),
};

const routing = readRouting(
  new URL('bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv', sharedData),
  new URL('banking77/test.csv', sharedData),
);
const faq: { kaiwa: RoutingFigures; baseline: RoutingFigures } = {
  kaiwa: evaluateRouting(routing, 5, kaiwaFaq),
  baseline: evaluateRouting(routing, 5, tfidfBaseline),
};

const rows: [string, string, number, number][] = [
  [
    'search.ndcg10.dev',
    `NDCG@10, dev half (${search.kaiwa.dev.queries} queries)`,
    search.kaiwa.dev.ndcg,
    search.baseline.dev.ndcg,
  ],
  [
    'search.ndcg10.test',
    `NDCG@10, test half (${search.kaiwa.test.queries} queries)`,
    search.kaiwa.test.ndcg,
    search.baseline.test.ndcg,
  ],
  [
    'search.recall10.dev',
    'Recall@10 of products judged ≥ 2.5, dev',
    search.kaiwa.dev.recall,
    search.baseline.dev.recall,
  ],
  [
    'search.recall10.test',
    'Recall@10 of products judged ≥ 2.5, test',
    search.kaiwa.test.recall,
    search.baseline.test.recall,
  ],
  [
    'faq.top1',
    `FAQ top-1 routing accuracy (${faq.kaiwa.inScope} held-out utterances, K = 5)`,
    faq.kaiwa.top1,
    faq.baseline.top1,
  ],
  [
    'faq.oos_rejected',
    `out-of-scope rejected at the 95 %-keeping threshold (${faq.kaiwa.outOfScope} BANKING77 texts)`,
    faq.kaiwa.outOfScopeRejected,
    faq.baseline.outOfScopeRejected,
  ],
];

const table = [
  '| figure | Kaiwa | baseline |',
  '|---|---|---|',
  ...rows.map(([, label, kaiwa, baseline]) => `| ${label} | ${f(kaiwa)} | ${f(baseline)} |`),
].join('\n');
const timing = [
  `| search index build (${homeDepot.titles.size} titles) | ${(kaiwaBuildMs / 1000).toFixed(1)} s | ${(baselineBuildMs / 1000).toFixed(1)} s |`,
  `| search time per query | ${search.kaiwa.msPerQuery.toFixed(2)} ms | ${search.baseline.msPerQuery.toFixed(2)} ms |`,
  `| FAQ threshold keeping 95 % in scope | ${faq.kaiwa.threshold.toFixed(3)} | ${faq.baseline.threshold.toFixed(3)} |`,
].join('\n');
console.log(`${table}\n\n| cost | Kaiwa | baseline |\n|---|---|---|\n${timing}\n`);

const date = new Date().toISOString().slice(0, 10);
writeFileSync(
  new URL('../../docs/quality.md', import.meta.url),
  `# Quality on public data

Measured by \`npm run eval\` on ${date}, following the protocols fixed in \`../shared/eval/README.md\` exactly; the baselines are the reference scripts' algorithms, re-implemented and run in the same process (they reproduce the published reference figures). The data stays in \`../shared/data\`: nothing of it is copied into this repository (the Home Depot set is for evaluation only).

${table}

| cost | Kaiwa | baseline |
|---|---|---|
${timing}

## What is measured
- **Product search** — Home Depot search relevance (\`train.csv\`, Latin-1): every distinct product title is the catalog (${homeDepot.titles.size} products) and every distinct search term a query; Kaiwa's own search (\`src/catalog/search.ts\`, the one shops run, English locale) returns the top 10 from the whole catalog. Gain = judged relevance − 1, unjudged products 0; queries whose ideal DCG is 0 are skipped. Queries are split by md5 (odd: test, even: dev); tuning looks at the dev half only. Baseline: BM25 (k1 1.2, b 0.75) over lower-cased alphanumeric title tokens.
- **FAQ routing** — Bitext customer support: one FAQ entry per intent holding its first 5 utterances as paraphrases, every other utterance routed by Kaiwa's offline FAQ matcher (\`src/catalog/faq-answerer.ts\`); BANKING77 \`test.csv\` texts are out of scope. The threshold is the 5th percentile of in-scope best scores (it keeps 95 % of in-scope questions); out-of-scope questions scoring below it are rejected. Baseline: TF-IDF word cosine against each paraphrase.

## What helps
Kaiwa's search is BM25 over an inverted index with English stemming and Japanese character bigrams; a product must match a whole word of the query (a word the catalog lacks is read as a misspelling of a catalog word only when one is an edit or two away, and two neighbouring words also count run together, so “light bulb” meets “lightbulb”), then each product's score is scaled by the share of the query's words it matched. Replacing the former trigram fallback (half a word's trigrams anywhere in a title counted as a match) with this took NDCG@10 from 0.4139 to 0.4189 (dev) and from 0.4055 to 0.4064 (test). Its FAQ matcher is TF-IDF cosine over stems plus each English word's character trigrams (so “refund” and “refunds”, and misspellings, share weight), with a smoothed IDF that makes unknown words count against a match, which is what rejects out-of-scope questions. Adding the trigrams took FAQ routing from 0.702 to 0.713 top-1 and out-of-scope rejection from 0.682 to 0.771; mixing in each entry's centroid scored higher still on this data (0.735 / 0.793 at a 0.3 mix) but was not kept: the FAQ protocol has no held-out half to choose the mix on, and it lowered the example shop's own held-out paraphrase routing below 90 %.
`,
);

for (const [name, , kaiwa, baseline] of rows) console.log(`metric ${name}=${f(kaiwa)} baseline=${f(baseline)}`);
console.error(`eval took ${((performance.now() - started) / 1000).toFixed(0)} s`);
