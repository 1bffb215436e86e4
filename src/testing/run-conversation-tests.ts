import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Choice, Reply } from '../core/index.js';
import { createKaiwa } from '../app/index.js';
import { createApp } from '../server/app.js';
import { parseConversationTest, type ConversationTest, type TestStep } from './test-file.js';

export interface TestOutcome {
  name: string;
  file: string;
  failure?: string;
}

/**
 * Replays a shop's tests/*.yaml against the shop itself, in process, on a fresh SQLite file:
 * the same engine, flows, catalog, orders and demo checkout that `kaiwa start` serves.
 */
export async function runConversationTests(
  shopDir: string,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<TestOutcome[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-test-'));
  const kaiwa = await createKaiwa({
    shopDir,
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
    const testsDir = join(shopDir, kaiwa.config.shop.tests);
    const names = (await readdir(testsDir).catch(() => [] as string[])).filter((name) => /\.ya?ml$/.test(name)).sort();
    const app = createApp(kaiwa.app);
    const outcomes: TestOutcome[] = [];
    for (const [index, name] of names.entries()) {
      const file = relative(process.cwd(), join(testsDir, name)) || name;
      const test = parseConversationTest(file, await readFile(join(testsDir, name), 'utf8'));
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
      const conversation = (await (await app.request(`/simulator/api/conversations/${user}`)).json()) as {
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
    const button = buttonsOf(input.shown, wanted.product).find((choice) => choice.label === wanted.label);
    if (!button)
      throw new Error(
        `no button "${wanted.label}"${wanted.product ? ` on product ${wanted.product}` : ''} among: ${
          buttonsOf(input.shown)
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

function buttonsOf(replies: readonly Reply[], product?: string): Choice[] {
  return replies.flatMap((reply) =>
    reply.type === 'choices'
      ? product
        ? []
        : reply.choices
      : reply.type === 'products'
        ? reply.products.filter((card) => !product || card.id === product).flatMap((card) => card.actions)
        : [],
  );
}

function textsOf(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) => (reply.type === 'text' || reply.type === 'choices' ? [reply.text] : []));
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
  const labels = buttonsOf(replies).map((choice) => choice.label);
  for (const label of expected.buttons ?? []) if (!labels.includes(label)) return `expected a button "${label}"`;
  const products = replies.flatMap((reply) => (reply.type === 'products' ? reply.products.map((card) => card.id) : []));
  for (const id of expected.products ?? [])
    if (!products.includes(id)) return `expected product ${id} to be shown (shown: ${products.join(', ') || 'none'})`;
  if (
    expected.paymentLink !== undefined &&
    replies.some((reply) => reply.type === 'paymentLink') !== expected.paymentLink
  )
    return `expected ${expected.paymentLink ? 'a' : 'no'} payment link`;
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
