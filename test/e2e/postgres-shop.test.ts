import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
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
