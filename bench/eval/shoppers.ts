// The example shop end to end on shoppers' own words (bench/eval/shoppers.yaml): each message goes
// through the shop as `kaiwa start` serves it (the simulator's API, a fresh SQLite file, the offline
// recommender) and the outcome is read from what the shopper gets back and the turn trace.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createKaiwa } from '../../src/app/index.js';
import type { Reply } from '../../src/core/index.js';
import { createApp } from '../../src/server/app.js';

export type ShopperLocale = 'ja' | 'en';

export interface ShopperMessage {
  say: string;
  locale: ShopperLocale;
  /** `faq <id>`, `products`, `none` or `intent <name>`. */
  expect: string;
  /** Product id → graded relevance (3 exactly asked, 2 a good fit, 1 related), for `products`. */
  relevant?: Record<string, number>;
  /** By md5 of the text: `test` when its first byte is odd. Tune on `tune` only. */
  half: 'tune' | 'test';
}

const expectation = /^(faq [a-z0-9-]+|intent [a-zA-Z]+|products|none)$/;

/** The set, each message with its language and half; a malformed entry is an error naming it. */
export function readShopperSet(file: string | URL): ShopperMessage[] {
  const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const messages: ShopperMessage[] = [];
  for (const locale of ['ja', 'en'] as const) {
    const entries = data[locale];
    if (!Array.isArray(entries)) throw new Error(`${String(file)}: \`${locale}:\` must be a list of messages`);
    for (const [index, entry] of entries.entries()) {
      const { say, expect, relevant } = (entry ?? {}) as Record<string, unknown>;
      const where = `${String(file)}: ${locale}[${index}]`;
      if (typeof say !== 'string' || say === '') throw new Error(`${where}: \`say\` must be a non-empty text`);
      if (typeof expect !== 'string' || !expectation.test(expect))
        throw new Error(`${where} (${say}): \`expect\` must be faq <id>, products, none or intent <name>`);
      if ((expect === 'products') !== (relevant !== undefined))
        throw new Error(`${where} (${say}): \`relevant\` grades go with expect: products, and only there`);
      const grades = (relevant ?? {}) as Record<string, unknown>;
      for (const [id, grade] of Object.entries(grades))
        if (grade !== 1 && grade !== 2 && grade !== 3)
          throw new Error(`${where} (${say}): grade of ${id} must be 1, 2 or 3`);
      messages.push({
        say,
        locale,
        expect,
        ...(relevant ? { relevant: grades as Record<string, number> } : {}),
        half: halfOf(say),
      });
    }
  }
  return messages;
}

export function halfOf(text: string): 'tune' | 'test' {
  return createHash('md5').update(text).digest()[0]! % 2 === 1 ? 'test' : 'tune';
}

export interface ShopperOutcome {
  message: ShopperMessage;
  /** What the shopper got, in the same vocabulary as `expect`. */
  got: string;
  /** The router's line, as the simulator's event log shows it. */
  route: string;
  /** Product ids on the cards, in order. */
  cards: string[];
  /** The conversation's language after the turn, and whether every reply of the turn is in it. */
  locale: string;
  mixedLanguage: boolean;
  /** A payment link or a handoff that the message did not ask for. */
  unasked: boolean;
}

const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** Sends every message to the shop in `shopDir`, each in a fresh conversation greeted first in its language. */
export async function runShoppers(shopDir: string, messages: readonly ShopperMessage[]): Promise<ShopperOutcome[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-eval-'));
  const kaiwa = await createKaiwa({
    shopDir,
    env: {
      DATABASE_URL: `sqlite://${join(dataDir, 'kaiwa.db')}`,
      PUBLIC_URL: 'http://kaiwa.test',
      LOG_LEVEL: 'silent',
    },
    log: () => undefined,
  });
  const app = createApp(kaiwa.app);
  const say = async (user: string, text: string) => {
    const response = await app.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text }),
    });
    if (!response.ok) throw new Error(`the simulator answered ${response.status}: ${await response.text()}`);
    await kaiwa.engine.drain();
  };
  try {
    const outcomes: ShopperOutcome[] = [];
    for (const [index, message] of messages.entries()) {
      const user = `shopper-${index}`;
      await say(user, message.locale === 'ja' ? 'こんにちは' : 'hello');
      const before = await conversation(app, user);
      await say(user, message.say);
      const after = await conversation(app, user);
      const turn = after.messages.slice(before.messages.length);
      const trace = turn.find((entry) => entry.direction === 'in')?.trace;
      const replies = turn.flatMap((entry) => (entry.direction === 'out' && entry.reply ? [entry.reply] : []));
      const cards = replies.flatMap((reply) =>
        reply.type === 'products' ? reply.products.map((card) => card.id) : [],
      );
      const chosen = trace?.route?.chosen ?? 'none';
      const got = chosen.startsWith('faq ')
        ? chosen
        : chosen.startsWith('intent ') && chosen !== 'intent recommend'
          ? chosen
          : cards.length > 0
            ? 'products'
            : chosen.startsWith('choice ')
              ? chosen
              : 'none';
      const locale = after.context?.locale ?? '';
      const asked = message.expect === 'intent checkout' || message.expect === 'intent human';
      outcomes.push({
        message,
        got,
        route: trace?.route
          ? `${trace.route.chosen}: ${trace.route.candidates
              .slice(0, 3)
              .map((candidate) => `${candidate.kind} ${candidate.name} ${candidate.score}`)
              .join('; ')}`
          : '(no route)',
        cards,
        locale,
        mixedLanguage: wordsOf(replies).some((text) => japanese.test(text) !== (locale === 'ja')),

        unasked: !asked && replies.some((reply) => reply.type === 'paymentLink' || reply.type === 'handoff'),
      });
    }
    return outcomes;
  } finally {
    await kaiwa.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Conversation {
  context: { locale?: string } | null;
  messages: {
    direction: string;
    reply?: Reply;
    trace?: { route?: { chosen: string; candidates: { kind: string; name: string; score: number }[] } };
  }[];
}

async function conversation(app: ReturnType<typeof createApp>, user: string): Promise<Conversation> {
  const response = await app.request(`/simulator/api/conversations/${user}`);
  if (!response.ok) throw new Error(`the simulator answered ${response.status}`);
  return (await response.json()) as Conversation;
}

/** The texts a shopper reads in a turn's replies, whose language must be the conversation's (card titles and prices aside). */
function wordsOf(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) => {
    if (reply.type === 'text') return [reply.text];
    if (reply.type === 'choices') return [reply.text, ...reply.choices.map((choice) => choice.label)];
    if (reply.type === 'products') return reply.products.flatMap((card) => card.actions.map((action) => action.label));
    return [];
  });
}

export interface ShopperFigures {
  messages: number;
  /** Share with the expected outcome. */
  route: number;
  faq: { questions: number; right: number; wrong: number };
  outOfScope: { questions: number; refused: number };
  products: { requests: number; withCards: number; ndcg3: number };
  unasked: number;
  languageFlips: number;
  misses: ShopperOutcome[];
}

/** The figures of one half (or any subset). */
export function shopperFigures(outcomes: readonly ShopperOutcome[]): ShopperFigures {
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const faq = outcomes.filter((outcome) => outcome.message.expect.startsWith('faq '));
  const none = outcomes.filter((outcome) => outcome.message.expect === 'none');
  const products = outcomes.filter((outcome) => outcome.message.expect === 'products');
  const switches = (outcome: ShopperOutcome) =>
    outcome.message.expect === 'intent english'
      ? 'en'
      : outcome.message.expect === 'intent japanese'
        ? 'ja'
        : undefined;
  return {
    messages: outcomes.length,
    route: share(outcomes.filter((outcome) => outcome.got === outcome.message.expect).length, outcomes.length),
    faq: {
      questions: faq.length,
      right: share(faq.filter((outcome) => outcome.got === outcome.message.expect).length, faq.length),
      wrong: share(
        faq.filter((outcome) => outcome.got.startsWith('faq ') && outcome.got !== outcome.message.expect).length,
        faq.length,
      ),
    },
    outOfScope: { questions: none.length, refused: share(none.filter((o) => o.got === 'none').length, none.length) },
    products: {
      requests: products.length,
      withCards: share(products.filter((outcome) => outcome.cards.length > 0).length, products.length),
      ndcg3: share(
        products.reduce((sum, outcome) => sum + ndcgAt(3, outcome.cards, outcome.message.relevant ?? {}), 0),
        products.length,
      ),
    },
    unasked: outcomes.filter((outcome) => outcome.unasked).length,
    languageFlips: outcomes.filter(
      (outcome) => outcome.locale !== (switches(outcome) ?? outcome.message.locale) || outcome.mixedLanguage,
    ).length,
    misses: outcomes.filter((outcome) => outcome.got !== outcome.message.expect),
  };
}

/** NDCG@k with gain = grade, over the cards in the order shown. */
export function ndcgAt(k: number, shown: readonly string[], relevant: Readonly<Record<string, number>>): number {
  const dcg = (gains: number[]) => gains.slice(0, k).reduce((sum, gain, rank) => sum + gain / Math.log2(rank + 2), 0);
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(shown.map((id) => relevant[id] ?? 0)) / ideal;
}
