// npm run eval: Kaiwa's offline search and FAQ routing on public data, beside the reference
// baselines of ../shared/eval, in one run. Prints a table, writes docs/quality.md, and ends with
// one `metric name=value baseline=value` line per figure. Reads ../shared/data; copies nothing.
import { writeFileSync } from 'node:fs';
import { bm25Baseline, tfidfBaseline } from './baselines.js';
import { readHomeDepot, readRouting, sharedData } from './data.js';
import { evaluateRouting, evaluateSearch, type RoutingFigures, type SearchFigures } from './evaluate.js';
import { kaiwaFaq, kaiwaSearch } from './kaiwa-systems.js';
import { readShopperSet, runShoppers, shopperFigures, type ShopperFigures } from './shoppers.js';

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

// Shoppers' own words, end to end through the example shop: the held-out set this repository keeps.
const shopperSet = readShopperSet(new URL('shoppers.yaml', import.meta.url));
const shopperOutcomes = await runShoppers(new URL('../../examples/shop', import.meta.url).pathname, shopperSet);
const shoppers = {
  tune: shopperFigures(shopperOutcomes.filter((outcome) => outcome.message.half === 'tune')),
  test: shopperFigures(shopperOutcomes.filter((outcome) => outcome.message.half === 'test')),
};
const count = (locale: string) => shopperSet.filter((message) => message.locale === locale).length;
/** name, label, target (≥ unless the name says max), value of a half. */
const shopperRows: [string, string, string, (figures: ShopperFigures) => number][] = [
  ['route', 'right outcome (FAQ entry, cards, intent or refusal)', '≥ 0.95', (f) => f.route],
  ['faq_right', 'FAQ questions answered with the right entry', '≥ 0.85', (f) => f.faq.right],
  ['faq_wrong', 'FAQ questions answered with another entry', '≤ 0.05', (f) => f.faq.wrong],
  ['oos_refused', 'out-of-scope messages refused', '≥ 0.90', (f) => f.outOfScope.refused],
  ['cards', 'product requests answered with cards', '≥ 0.95', (f) => f.products.withCards],
  ['ndcg3', 'NDCG@3 of the cards shown', '≥ 0.80', (f) => f.products.ndcg3],
  ['unasked', 'checkouts or handoffs nobody asked for (count)', '0', (f) => f.unasked],
  ['language_flips', 'turns that change or mix the language unasked (count)', '0', (f) => f.languageFlips],
];

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
const shopperValue = (name: string, value: number) =>
  name === 'unasked' || name === 'language_flips' ? String(value) : f(value);
const shopperTable = [
  `| figure | tuning half (${shoppers.tune.messages}) | test half (${shoppers.test.messages}) | target |`,
  '|---|---|---|---|',
  ...shopperRows.map(
    ([name, label, target, of]) =>
      `| ${label} | ${shopperValue(name, of(shoppers.tune))} | ${shopperValue(name, of(shoppers.test))} | ${target} |`,
  ),
].join('\n');
console.log(`${table}\n\n| cost | Kaiwa | baseline |\n|---|---|---|\n${timing}\n\n${shopperTable}\n`);
for (const miss of shoppers.tune.misses)
  console.error(`tuning miss: ${miss.message.say} → ${miss.got} (wanted ${miss.message.expect}; ${miss.route})`);

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

## Shoppers' own words, end to end
The public sets measure the matchers alone. What a shopper meets is measured on \`bench/eval/shoppers.yaml\`: ${count('ja')} Japanese and ${count('en')} English messages written for the example shop as shoppers type them (questions the FAQ answers phrased unlike its paraphrases, product requests with graded relevance, things the shop does not sell or cannot answer, the flow's commands, and short tokens such as \`OK\`, \`L\` or \`12\`). Each is sent through the example shop end to end — the simulator's API, a fresh SQLite file, the offline recommender, in a fresh conversation greeted in its language first — and judged on what comes back: the FAQ entry answered, cards (NDCG@3 with the set's grades), an intent, or a refusal (the fallback, or "we don't carry"). A language flip is a turn whose conversation language changes unasked, or whose texts or buttons are not all in it. The set is split by md5 of the text (odd first byte: test); tuning looks at the tuning half only (\`npm run eval\` lists its misses), never the test half.

${shopperTable}

## What helps
Kaiwa's search is BM25 over an inverted index with English stemming and Japanese character bigrams; a product must match a whole word of the query (a word the catalog lacks is read as a misspelling of a catalog word only when one is an edit or two away, and two neighbouring words also count run together, so “light bulb” meets “lightbulb”), then each product's score is scaled by the share of the query's words it matched. Replacing the former trigram fallback (half a word's trigrams anywhere in a title counted as a match) with this took NDCG@10 from 0.4139 to 0.4189 (dev) and from 0.4055 to 0.4064 (test). Its FAQ matcher is TF-IDF cosine over stems plus each English word's character trigrams (so “refund” and “refunds”, and misspellings, share weight), with a smoothed IDF that makes unknown words count against a match, which is what rejects out-of-scope questions. Adding the trigrams took FAQ routing from 0.702 to 0.713 top-1 and out-of-scope rejection from 0.682 to 0.771. An entry's score is 70 % its best paraphrase's cosine and 30 % the cosine with all its paraphrases as one document (its centroid), and Japanese words add their kanji one by one (a verb's stem: 届く and 届きます, 送る and 送料, share what their bigrams do not). Chosen on the tuning half of the shoppers' set (FAQ right 0.634 → 0.683, answered with another entry 0.122 → 0.024), this took the test half's FAQ right from 0.556 to 0.704 and its wrong answers from 0.185 to 0.074, and Bitext from 0.716 to 0.733 top-1 and 0.766 to 0.793 rejected.
`,
);

for (const [name, , kaiwa, baseline] of rows) console.log(`metric ${name}=${f(kaiwa)} baseline=${f(baseline)}`);
for (const [name, , target, of] of shopperRows)
  for (const half of ['tune', 'test'] as const)
    console.log(
      `metric shoppers.${name}.${half}=${shopperValue(name, of(shoppers[half]))} target=${target.replace(/[≥≤ ]/g, '')}`,
    );
console.error(`eval took ${((performance.now() - started) / 1000).toFixed(0)} s`);
