import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKaiwa } from '../../src/kaiwa.js';
import { createApp } from '../../src/server/app.js';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';

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
  it('recommends to more shoppers at the same moment than the pool has connections', async () => {
    // The recommender reads the catalog through the root store during each turn; that read joins the
    // turn's transaction (with a connection of its own, 2 turns would hold the pool and wait for ever).
    const kaiwa = await createKaiwa({ shopDir: 'examples/shop', env: { DATABASE_URL: url, DATABASE_SCHEMA: `${schema}_rush`, DATABASE_POOL_SIZE: '2', DEMO_PAYMENT_SECRET: 'postgres-test-secret-0123456789ab', LOG_LEVEL: 'silent' } });
    try {
      const app = createApp(kaiwa.app);
      const say = async (user: string, text: string) => {
        const response = await app.request('/simulator/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, text }) });
        return { status: response.status, types: ((await response.json()) as { replies?: { type: string }[] }).replies?.map((reply) => reply.type) ?? [] };
      };
      const users = Array.from({ length: 8 }, (_, index) => `rush-${index}`);
      for (const user of users) await say(user, 'hello');
      const answered = await Promise.all(users.map((user) => say(user, 'recommend a green tea')));
      for (const turn of answered) expect(turn).toMatchObject({ status: 200, types: expect.arrayContaining(['products']) });
    } finally {
      await kaiwa.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema}_rush CASCADE`);
      await client.end();
    }
  }, 30_000);
});
