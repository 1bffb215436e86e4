import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';
import { startFakeOpenAi } from '../fakes/openai-api.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_shop_${Date.now().toString(36)}${process.pid}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('the example shop on PostgreSQL', () => {
  it('passes every scripted conversation, payments included', async () => {
    const outcomes = await runConversationTests('examples/shop', {
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema, DEMO_PAYMENT_SECRET: 'postgres-test-secret-0123456789ab' },
    });
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((outcome) => outcome.failure)).toEqual([]);
  });
});

describe('many shoppers at once on PostgreSQL', () => {
  /** 8 shoppers asking for recommendations at the same moment, on a pool of 2 connections. */
  async function rush(suffix: string, env: Record<string, string>) {
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: `${schema}_${suffix}`,
        DATABASE_POOL_SIZE: '2',
        DEMO_PAYMENT_SECRET: 'postgres-test-secret-0123456789ab',
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    try {
      const app = createApp(kaiwa.app);
      const say = async (user: string, text: string) => {
        const response = await app.request('/simulator/api/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user, text }),
        });
        return {
          status: response.status,
          types:
            ((await response.json()) as { replies?: { type: string }[] }).replies?.map((reply) => reply.type) ?? [],
        };
      };
      const users = Array.from({ length: 8 }, (_, index) => `rush-${index}`);
      for (const user of users) await say(user, 'hello');
      return await Promise.all(users.map((user) => say(user, 'recommend a green tea')));
    } finally {
      await kaiwa.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema}_${suffix} CASCADE`);
      await client.end();
    }
  }

  it('recommends to more shoppers at the same moment than the pool has connections', async () => {
    // The recommender reads the catalog through the root store during each turn; that read joins the
    // turn's transaction (with a connection of its own, 2 turns would hold the pool and wait for ever).
    for (const turn of await rush('rush', {}))
      expect(turn).toMatchObject({ status: 200, types: expect.arrayContaining(['products']) });
  }, 30_000);

  it('in LLM mode too: each shopper rehearsed outside the transaction, each question asked once', async () => {
    const openai = await startFakeOpenAi();
    try {
      openai.respond((request) =>
        request.body.response_format?.json_schema?.name === 'recommendations'
          ? {
              content: JSON.stringify({
                picks: [
                  { id: (openai.data(request).candidates as { id: string }[])[0]!.id, reason: 'Fresh and light' },
                ],
              }),
            }
          : { content: JSON.stringify({ entryId: null, answer: '', intent: null }) },
      );
      openai.think(50);
      const answered = await rush('llm', {
        OPENAI_API_KEY: 'sk-test-pg-llm-0123',
        OPENAI_BASE_URL: openai.url,
        OPENAI_MODEL: 'test-model',
        OPENAI_TIMEOUT_MS: '5000',
      });
      for (const turn of answered)
        expect(turn).toMatchObject({ status: 200, types: expect.arrayContaining(['products']) });
      const recommendations = openai.requests.filter(
        (request) => request.body.response_format?.json_schema?.name === 'recommendations',
      );
      expect(recommendations).toHaveLength(8);
      expect(openai.maxInFlight).toBeGreaterThan(1);
    } finally {
      await openai.close();
    }
  }, 30_000);
});
