import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { storeContract } from '../contract/store.contract.js';

// The machine's PostgreSQL (127.0.0.1:5432, trust auth, database `test`); .ci/run starts it when down.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `t${Date.now().toString(36)}${process.pid}`;
const schemas: string[] = [];
const fresh = () => {
  const schema = `kaiwa_${run}_${schemas.length}`;
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

storeContract('postgres', () => createPostgresStore({ connectionString: url, schema: fresh(), poolSize: 5 }));

describe('PostgreSQL store', () => {
  it('migrates once even when several instances start together', async () => {
    const schema = fresh();
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresStore({ connectionString: url, schema, poolSize: 2 })));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const { rows } = await pool.query<{ n: number; top: number }>(`SELECT COUNT(*)::int AS n, MAX(id)::int AS top FROM ${schema}.schema_migrations`);
    await pool.end();
    // Every migration applied exactly once (ids are 1..top), whichever instance got there first.
    expect(rows[0]?.n).toBe(rows[0]?.top);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('serialises turns of one conversation across instances with the advisory lock', async () => {
    const schema = fresh();
    const [a, b] = await Promise.all([1, 2].map(() => createPostgresStore({ connectionString: url, schema, poolSize: 4 })));
    await a!.sessions.save('line:c', { flowId: 'f', flowHash: 'h', snapshot: { n: 0 }, version: 1, updatedAt: '2026-11-22T00:00:00.000Z' });
    const increment = (store: typeof a) =>
      store!.transaction(async (tx) => {
        await tx.lockConversation('line:c');
        const session = (await tx.sessions.load('line:c'))!;
        await new Promise((resolve) => setTimeout(resolve, 3));
        await tx.sessions.save('line:c', { ...session, snapshot: { n: (session.snapshot as { n: number }).n + 1 }, version: session.version + 1 });
      });
    await Promise.all(Array.from({ length: 12 }, (_, index) => increment(index % 2 ? a : b)));
    expect((await a!.sessions.load('line:c'))?.snapshot).toEqual({ n: 12 });
    await Promise.all([a!.close(), b!.close()]);
  });

  it('never hands one outbox item to two drainers at once', async () => {
    const schema = fresh();
    const [a, b] = await Promise.all([1, 2].map(() => createPostgresStore({ connectionString: url, schema, poolSize: 4 })));
    for (let index = 0; index < 40; index++) await a!.outbox.enqueue({ channel: 'line', conversationId: `c${index}`, userId: 'u' }, [{ type: 'text', text: String(index) }], '2026-11-22T00:00:00.000Z');
    const claims = await Promise.all([a, b, a, b].map((store) => store!.outbox.claimDue('2026-11-22T00:01:00.000Z', 15, '2026-11-22T00:02:00.000Z')));
    const ids = claims.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
    await Promise.all([a!.close(), b!.close()]);
  });
});
