import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardDetails, formatIssue, pressableButtons, SourceValidationError, type Reply } from '../core/index.js';
import { createKaiwa, type KaiwaOptions } from '../app/index.js';
import { createApp } from '../server/app.js';
import { listTestFiles, parseConversationTest, type ConversationTest, type TestStep } from './test-file.js';

export interface TestOutcome {
  name: string;
  file: string;
  failure?: string;
}

/**
 * Replays a shop's tests/*.yaml against the shop itself, in process, on a fresh SQLite file:
 * the same engine, flows, catalog, orders and demo checkout that `kaiwa start` serves. One outcome
 * per file, in name order; a file that does not parse is a failure named after the file, its
 * problems as file:line:col (docs/testing.md). `custom`, `channels`, `payments`: as for createKaiwa.
 */
export async function runConversationTests(
  shopDir: string,
  options: Pick<KaiwaOptions, 'env' | 'custom' | 'channels' | 'channelModules' | 'payments'> = {},
): Promise<TestOutcome[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-test-'));
  const kaiwa = await createKaiwa({
    shopDir,
    ...(options.custom ? { custom: options.custom } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
    ...(options.channelModules ? { channelModules: options.channelModules } : {}),
    ...(options.payments ? { payments: options.payments } : {}),
    // A fresh SQLite file unless the caller names another database (the PostgreSQL tests do).
    env: {
      DATABASE_URL: `sqlite://${join(dataDir, 'kaiwa.db')}`,
      PUBLIC_URL: 'http://kaiwa.test',
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    log: () => undefined,
  });
  try {
    const app = createApp(kaiwa.app);
    const outcomes: TestOutcome[] = [];
    for (const [index, { name, file, read }] of (
      await listTestFiles(join(shopDir, kaiwa.config.shop.tests))
    ).entries()) {
      let test: ConversationTest;
      try {
        test = parseConversationTest(file, await read());
      } catch (error) {
        // A broken file fails on its own, named after the file; the other files still run.
        outcomes.push({ name, file, failure: unreadable(file, error) });
        continue;
      }
      const failure = await runOne(test, `test-${index}-${Date.now()}`, app, kaiwa.engine.drain);
      outcomes.push({ name: test.name, file, ...(failure ? { failure } : {}) });
    }
    return outcomes;
  } finally {
    await kaiwa.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type App = ReturnType<typeof createApp>;

/** Why a test file could not be read: each problem as file:line:col, one per line. */
function unreadable(file: string, error: unknown): string {
  if (error instanceof SourceValidationError) return error.issues.map(formatIssue).join('\n  ');
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}

async function runOne(
  test: ConversationTest,
  user: string,
  app: App,
  drain: () => Promise<unknown>,
): Promise<string | undefined> {
  let shown: Reply[] = [];
  let seen = 0;
  for (const [index, step] of test.steps.entries()) {
    const where = `${test.file}:${test.stepLines[index]}`;
    try {
      await perform(step, { app, user, channel: test.channel, shown });
      await drain();
      // With a channel, the replies as that channel shows them (its limits and degradation), as the simulator previews them.
      const query = test.channel ? `?channel=${encodeURIComponent(test.channel)}` : '';
      const response = await app.request(`/simulator/api/conversations/${user}${query}`);
      if (!response.ok) throw new Error(`the simulator answered ${response.status}: ${await response.text()}`);
      const conversation = (await response.json()) as {
        state: unknown;
        context: { order?: { id: string } | null } | null;
        messages: { direction: string; reply?: Reply }[];
      };
      shown = conversation.messages
        .slice(seen)
        .flatMap((message) => (message.direction === 'out' && message.reply ? [message.reply] : []));
      seen = conversation.messages.length;
      const problem = await check(step, shown, conversation, app);
      if (problem) return `${where}: ${problem}\n    replies: ${describe(shown)}`;
    } catch (error) {
      return `${where}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

async function perform(
  step: TestStep,
  input: { app: App; user: string; channel?: string; shown: Reply[] },
): Promise<void> {
  const post = async (body: Record<string, string>) => {
    const response = await input.app.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: input.user, ...(input.channel ? { channel: input.channel } : {}), ...body }),
    });
    if (!response.ok) throw new Error(`the simulator answered ${response.status}: ${await response.text()}`);
  };
  if (step.say !== undefined) return post({ text: step.say });
  if (step.press !== undefined) {
    const wanted = typeof step.press === 'string' ? { label: step.press } : step.press;
    const button = pressableButtons(input.shown, wanted.product).find((choice) => choice.label === wanted.label);
    if (!button)
      throw new Error(
        `no button "${wanted.label}"${wanted.product ? ` on product ${wanted.product}` : ''} among: ${
          pressableButtons(input.shown)
            .map((choice) => choice.label)
            .join(', ') || '(none)'
        }`,
      );
    return post({ payload: button.payload });
  }
  const link = [...input.shown].reverse().find((reply) => reply.type === 'paymentLink');
  if (!link || link.type !== 'paymentLink') throw new Error('pay: no payment link among the last replies');
  const url = new URL(link.url);
  const form = new URLSearchParams({
    token: url.searchParams.get('token') ?? '',
    amount: String(link.total.amount),
    currency: link.total.currency,
  });
  const response = await input.app.request(url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (!response.ok) throw new Error(`the demo checkout answered ${response.status}`);
}

/** What the shopper reads: texts, the text above buttons, and a detail view's description, options and stock. */
function textsOf(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) =>
    reply.type === 'text' || reply.type === 'choices'
      ? [reply.text]
      : reply.type === 'products' && reply.detail
        ? reply.products.flatMap(cardDetails)
        : [],
  );
}

async function check(
  step: TestStep,
  replies: Reply[],
  conversation: { state: unknown; context: { order?: { id: string } | null } | null },
  app: App,
): Promise<string | undefined> {
  const expected = step.expect;
  if (!expected) return undefined;
  const text = textsOf(replies).join('\n');
  for (const part of expected.text ?? []) if (!text.includes(part)) return `expected a reply containing "${part}"`;
  for (const part of expected.notText ?? []) if (text.includes(part)) return `expected no reply containing "${part}"`;
  const labels = pressableButtons(replies).map((choice) => choice.label);
  for (const label of expected.buttons ?? [])
    if (!labels.includes(label)) return `expected a button "${label}" (offered: ${labels.join(', ') || 'none'})`;
  const cards = replies.flatMap((reply) => (reply.type === 'products' ? reply.products : []));
  const shownCards = cards.map((card) => `${card.id} ${card.price.amount} ${card.price.currency}`).join(', ') || 'none';
  for (const id of expected.products ?? [])
    if (!cards.some((card) => card.id === id))
      return `expected product ${id} to be shown (shown: ${cards.map((card) => card.id).join(', ') || 'none'})`;
  for (const wanted of expected.cards ?? []) {
    const card = cards.find((shown) => shown.id === wanted.id);
    if (!card) return `expected a product card ${wanted.id} (cards shown: ${shownCards})`;
    if (wanted.price !== undefined && card.price.amount !== wanted.price)
      return `expected product card ${wanted.id} to show price ${wanted.price} (minor units), it shows ${card.price.amount} ${card.price.currency}`;
  }
  if (expected.noProducts && cards.length > 0) return `expected no product card, but cards were shown: ${shownCards}`;
  if (
    expected.paymentLink !== undefined &&
    replies.some((reply) => reply.type === 'paymentLink') !== expected.paymentLink
  )
    return `expected ${expected.paymentLink ? 'a' : 'no'} payment link`;
  if (expected.handoff !== undefined) {
    const handoff = replies.find((reply) => reply.type === 'handoff');
    if (expected.handoff && !handoff)
      return `expected a handoff to a person, but no reply hands off (reply types: ${
        replies.map((reply) => reply.type).join(', ') || 'none'
      })`;
    if (!expected.handoff && handoff)
      return `expected no handoff, but the conversation was handed to a person (reason: "${handoff.reason}")`;
  }
  if (expected.state !== undefined) {
    const state =
      typeof conversation.state === 'string'
        ? conversation.state
        : Object.keys((conversation.state ?? {}) as object)[0];
    if (state !== expected.state) return `expected state "${expected.state}", got "${state}"`;
  }
  if (expected.order !== undefined) {
    const id = conversation.context?.order?.id;
    if (!id) return `expected an order with status ${expected.order}, but the conversation has none`;
    const order = (await (await app.request(`/api/orders/${id}`)).json()) as { status: string };
    if (order.status !== expected.order) return `expected order ${id} to be ${expected.order}, got ${order.status}`;
  }
  return undefined;
}

function describe(replies: readonly Reply[]): string {
  return JSON.stringify(
    replies.map((reply) =>
      reply.type === 'text'
        ? reply.text
        : reply.type === 'choices'
          ? `${reply.text} [${reply.choices.map((c) => c.label).join('|')}]`
          : reply.type === 'products'
            ? `products(${reply.products.map((p) => p.id).join(',')})`
            : reply.type,
    ),
  ).slice(0, 600);
}
