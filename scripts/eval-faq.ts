/**
 * FAQ routing figures on the public protocol in ../shared/eval/README.md (bitext_faq_baseline.py):
 * one entry per Bitext intent with its first K utterances as paraphrases; every other utterance must
 * route to its intent; BANKING77 test texts are out of scope. Reads the data from ../shared, copies nothing.
 * Run: npx tsx scripts/eval-faq.ts [K] [threshold]
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createFaqMatcher, defaultFaqThreshold } from '../src/catalog/faq-answerer.js';
import type { FaqEntry } from '../src/catalog/faq.js';

const shared = new URL('../../shared/data/', import.meta.url);
const k = Number(process.argv[2] ?? 5);
const fixedThreshold = Number(process.argv[3] ?? defaultFaqThreshold);

const rows = parse(readFileSync(new URL('bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv', shared)), { columns: true }) as Record<string, string>[];
const outOfScope = (parse(readFileSync(new URL('banking77/test.csv', shared)), { columns: true }) as Record<string, string>[]).map((row) => row.text ?? '');

const byIntent = new Map<string, string[]>();
for (const row of rows) byIntent.set(row.intent!, [...(byIntent.get(row.intent!) ?? []), row.instruction!]);
const pos = { file: 'bitext', line: 1, column: 1 };
const entries: FaqEntry[] = [...byIntent].map(([intent, texts]) => ({ id: intent, questions: { en: texts.slice(0, k) }, answer: { en: intent }, pos }));
const test = [...byIntent].flatMap(([intent, texts]) => texts.slice(k).map((text) => ({ intent, text })));

const match = createFaqMatcher(entries);
const scored = test.map(({ intent, text }) => ({ intent, best: match(text) }));
const accuracy = scored.filter(({ intent, best }) => best?.entry.id === intent).length / scored.length;
const scores = scored.map(({ best }) => best?.score ?? 0).sort((a, b) => a - b);
const protocolThreshold = scores[Math.floor(0.05 * scores.length)]!;
const oosScores = outOfScope.map((text) => match(text)?.score ?? 0);
const rejected = (threshold: number): number => oosScores.filter((score) => score < threshold).length / oosScores.length;
const kept = (threshold: number): number => scored.filter(({ best }) => (best?.score ?? 0) >= threshold).length / scored.length;
const keptCorrect = (threshold: number): number =>
  scored.filter(({ intent, best }) => (best?.score ?? 0) >= threshold && best?.entry.id === intent).length / Math.max(1, scored.filter(({ best }) => (best?.score ?? 0) >= threshold).length);

console.log(`K=${k}: in-scope top-1 accuracy ${accuracy.toFixed(4)} on ${scored.length} utterances`);
console.log(`protocol threshold ${protocolThreshold.toFixed(3)} keeps 95% in-scope; out-of-scope rejected ${rejected(protocolThreshold).toFixed(4)} of ${oosScores.length}`);
console.log(`threshold ${fixedThreshold}: in-scope answered ${kept(fixedThreshold).toFixed(4)} (precision ${keptCorrect(fixedThreshold).toFixed(4)}); out-of-scope rejected ${rejected(fixedThreshold).toFixed(4)}`);
