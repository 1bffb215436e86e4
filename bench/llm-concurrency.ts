// The LLM part of `npm run bench`: shoppers writing at the same moment to a shop in LLM mode, with a
// local OpenAI-compatible model that takes 500 ms to answer. Model calls are made outside the
// turn's transaction (src/flows/rehearsal.ts), so they should all be answered after about one
// model call, on SQLite (one writer) as on PostgreSQL. Prints figures only.
import { join } from 'node:path';
import pg from 'pg';
import { createKaiwa } from '../src/app/index.js';
import { createApp } from '../src/server/app.js';
import { startFakeOpenAi } from '../test/fakes/openai-api.js';

const shoppers = 20;
const modelMs = 500;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Rows for the scale table: when each of `shoppers` asking at once got their recommendation. */
export async function llmConcurrencyBench(dir: string, pgUrl: string): Promise<string[]> {
  const openai = await startFakeOpenAi();
  const rows: string[] = [];
  const schema = `kaiwa_bench_llm_${Date.now().toString(36)}`;
  try {
    openai.respond((request) =>
      request.body.response_format?.json_schema?.name === 'recommendations'
        ? {
            content: JSON.stringify({
              picks: [{ id: (openai.data(request).candidates as { id: string }[])[0]!.id, reason: 'Fresh and light' }],
            }),
          }
        : { content: JSON.stringify({ entryId: null, answer: '', intent: null }) },
    );
    for (const [name, database] of [
      ['SQLite', { DATABASE_URL: `sqlite://${join(dir, 'llm.db')}` }],
      ['PostgreSQL', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }],
    ] as const) {
      const kaiwa = await createKaiwa({
        shopDir: 'examples/shop',
        env: {
          ...database,
          LOG_LEVEL: 'silent',
          DEMO_PAYMENT_SECRET: 'bench-demo-secret-0123456789',
          OPENAI_API_KEY: 'sk-bench',
          OPENAI_BASE_URL: openai.url,
          OPENAI_MODEL: 'bench-model',
          OPENAI_TIMEOUT_MS: '10000',
        },
        log: () => undefined,
      });
      try {
        const app = createApp(kaiwa.app);
        const say = async (user: string, text: string) => {
          const response = await app.request('/simulator/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user, text }),
          });
          if (response.status !== 200) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
          return (await response.json()) as { replies: { type: string }[] };
        };
        const users = Array.from({ length: shoppers }, (_, index) => `llm-${index}`);
        for (const user of users) await say(user, 'hello');
        openai.think(modelMs);
        const before = openai.requests.length;
        const started = performance.now();
        const answered = await Promise.all(
          users.map(async (user) => ({
            replies: (await say(user, 'recommend a green tea')).replies,
            ms: performance.now() - started,
          })),
        );
        openai.think(0);
        const carded = answered.filter((turn) => turn.replies.some((reply) => reply.type === 'products')).length;
        const times = answered.map((turn) => turn.ms).sort((a, b) => a - b);
        rows.push(
          `| LLM mode on ${name}: ${shoppers} shoppers at once, model answering in ${modelMs} ms: answered after p50 / slowest | ${(quantile(times, 0.5) / 1000).toFixed(2)} s / ${(times.at(-1)! / 1000).toFixed(2)} s (${carded} of ${shoppers} with product cards, ${openai.requests.length - before} model calls) |`,
        );
      } finally {
        await kaiwa.close();
      }
    }
  } finally {
    await openai.close();
    const client = new pg.Client({ connectionString: pgUrl });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return rows;
}
