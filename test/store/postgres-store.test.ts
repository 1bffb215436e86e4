import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { storeContract } from '../contract/store.contract.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { coreMigrations } from '../../src/store/postgres/migrations.js';

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

storeContract('postgres', () =>
  createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema: fresh(), poolSize: 5 }),
);

describe('PostgreSQL store', () => {
  it('writes a turn in two statements with the meaning of the separate calls (tx.turns)', async () => {
    const store = await createPostgresStore({
      slices: builtInStoreSlices,
      connectionString: url,
      schema: fresh(),
      poolSize: 3,
    });
    const address = { channel: 'telegram' as const, conversationId: '55', userId: '55' };
    const key = 'telegram:55';
    const at = '2026-11-22T10:00:00.000Z';
    const inbound = {
      direction: 'in' as const,
      at,
      event: { id: 'e1', type: 'text' as const, text: 'こんにちは', address, receivedAt: at },
    };
    try {
      const first = await store.transaction(async (tx) => {
        expect(await tx.turns!.open(key, 'telegram', 'e1', at)).toEqual({
          session: undefined,
          facts: { handoff: false },
        });
        return tx.turns!.close(
          key,
          { flowId: 'f', flowHash: 'h', snapshot: { value: 'welcome' }, version: 1, updatedAt: at },
          inbound,
          { address, replies: [{ type: 'text', text: 'いらっしゃいませ' }] },
        );
      });
      expect(first).toBeGreaterThan(0);
      // A redelivery is seen; the session, the transcript line and the outbox item are all there.
      expect(await store.transaction((tx) => tx.turns!.open(key, 'telegram', 'e1', at))).toBeUndefined();
      expect(await store.sessions.load(key)).toMatchObject({ flowId: 'f', version: 1, snapshot: { value: 'welcome' } });
      expect((await store.transcript.list(key)).map((entry) => entry.direction)).toEqual(['in']);
      expect(
        (await store.outbox.claimDue('2026-11-22T11:00:00.000Z', 10, '2026-11-22T11:01:00.000Z')).map(
          (item) => item.id,
        ),
      ).toEqual([first]);
      // Without replies nothing is queued; a stale version is a conflict and rolls everything back.
      await store.handoffs.open(address, 'asked for a person', at);
      const second = await store.transaction(async (tx) => {
        expect(await tx.turns!.open(key, 'telegram', 'e2', at)).toMatchObject({
          facts: { handoff: true },
          session: { version: 1 },
        });
        return tx.turns!.close(
          key,
          { flowId: 'f', flowHash: 'h', snapshot: { value: 'cart' }, version: 2, updatedAt: at },
          { ...inbound, at },
          undefined,
        );
      });
      expect(second).toBeUndefined();
      await expect(
        store.transaction((tx) =>
          tx.turns!.close(key, { flowId: 'f', flowHash: 'h', snapshot: {}, version: 2, updatedAt: at }, inbound, {
            address,
            replies: [{ type: 'text', text: 'x' }],
          }),
        ),
      ).rejects.toThrow(/changed by someone else/);
      expect(await store.sessions.load(key)).toMatchObject({ version: 2, snapshot: { value: 'cart' } });
      expect(await store.transcript.list(key)).toHaveLength(2);
      expect(await store.outbox.pendingCount()).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('opens a turn held by another transaction only after it commits, and reads what it wrote', async () => {
    const store = await createPostgresStore({
      slices: builtInStoreSlices,
      connectionString: url,
      schema: fresh(),
      poolSize: 3,
    });
    const address = { channel: 'line' as const, conversationId: 'held', userId: 'held' };
    const key = 'line:held';
    const at = '2026-11-22T10:00:00.000Z';
    const inbound = {
      direction: 'in' as const,
      at,
      event: { id: 'a1', type: 'text' as const, text: 'first', address, receivedAt: at },
    };
    let opened!: () => void;
    let release!: () => void;
    const aOpened = new Promise<void>((resolve) => (opened = resolve));
    const aMayClose = new Promise<void>((resolve) => (release = resolve));
    try {
      const a = store.transaction(async (tx) => {
        expect(await tx.turns!.open(key, 'line', 'a1', at)).toEqual({ session: undefined, facts: { handoff: false } });
        opened();
        await aMayClose;
        return tx.turns!.close(
          key,
          { flowId: 'f', flowHash: 'h', snapshot: { value: 'after-a' }, version: 1, updatedAt: at },
          inbound,
          undefined,
        );
      });
      await aOpened;
      let bOpened = false;
      const b = store.transaction((tx) => tx.turns!.open(key, 'line', 'b1', at)).finally(() => (bOpened = true));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(bOpened).toBe(false);
      release();
      await a;
      expect(await b).toMatchObject({ session: { version: 1, snapshot: { value: 'after-a' } } });
      // The same event redelivered while another turn holds the conversation is a duplicate once it commits.
      expect(await store.transaction((tx) => tx.turns!.open(key, 'line', 'a1', at))).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('syncs one catalog from several instances starting together: each product inserted once, the others find it unchanged', async () => {
    const schema = fresh();
    const stores = await Promise.all(
      [1, 2, 3].map(() =>
        createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 2 }),
      ),
    );
    const products = Array.from({ length: 40 }, (_, index) => ({
      id: `tea-${index}`,
      title: { ja: `お茶 ${index}` },
      description: { ja: '' },
      price: { amount: 1000 + index, currency: 'JPY' },
      stock: 5,
      tags: [],
      attributes: {},
    }));
    try {
      const reports = await Promise.all(stores.map((store) => store.catalog.upsertMany(products)));
      expect(reports.map((report) => report.inserted).sort()).toEqual([0, 0, 40]);
      expect(reports.map((report) => report.unchanged).sort()).toEqual([0, 40, 40]);
      expect(await stores[0]!.catalog.count()).toBe(40);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('lives through its connection closing in the middle of a transaction: that one rolls back, the next works', async () => {
    const tag = `kaiwa_midtx_${Date.now().toString(36)}${process.pid}`;
    const store = await createPostgresStore({
      slices: builtInStoreSlices,
      connectionString: `${url}${url.includes('?') ? '&' : '?'}application_name=${tag}`,
      schema: fresh(),
      poolSize: 2,
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const at = '2026-11-22T10:00:00.000Z';
    let opened!: () => void;
    let proceed!: () => void;
    const bodyWaits = new Promise<void>((resolve) => (opened = resolve));
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    try {
      const cut = store.transaction(async (tx) => {
        await tx.inbox.markSeen('line', 'cut-1', at);
        opened();
        await gate;
        return tx.inbox.markSeen('line', 'cut-2', at);
      });
      await bodyWaits;
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [tag],
      );
      expect(rows.length).toBeGreaterThan(0);
      // Let the client see its socket close while the body is still in JavaScript.
      await new Promise((resolve) => setTimeout(resolve, 300));
      proceed();
      await expect(cut).rejects.toThrow();
      // Nothing of it was kept, and the store goes on with new connections.
      expect(await store.transaction((tx) => tx.inbox.markSeen('line', 'cut-1', at))).toBe(true);
      expect(await store.inbox.markSeen('line', 'cut-2', at)).toBe(true);
    } finally {
      await admin.end();
      await store.close();
    }
  });

  it('migrates once even when several instances start together', async () => {
    const schema = fresh();
    const stores = await Promise.all(
      [1, 2, 3].map(() =>
        createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 2 }),
      ),
    );
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const { rows } = await pool.query<{ owner: string; n: number; top: number }>(
      `SELECT owner, COUNT(*)::int AS n, MAX(id)::int AS top FROM ${schema}.kaiwa_migrations GROUP BY owner ORDER BY owner`,
    );
    await pool.end();
    // Every migration of the engine and of each slice applied exactly once, whichever instance got there first.
    const expected = [
      { owner: 'core', n: coreMigrations.length },
      ...builtInStoreSlices.map((slice) => ({ owner: slice.name, n: slice.postgres.migrations.length })),
    ].sort((a, b) => a.owner.localeCompare(b.owner));
    expect(rows).toEqual(expected.map((row) => ({ ...row, top: row.n })));
    await Promise.all(stores.map((store) => store.close()));
  });

  it('serialises turns of one conversation across instances with the advisory lock', async () => {
    const schema = fresh();
    const [a, b] = await Promise.all(
      [1, 2].map(() => createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 4 })),
    );
    await a!.sessions.save('line:c', {
      flowId: 'f',
      flowHash: 'h',
      snapshot: { n: 0 },
      version: 1,
      updatedAt: '2026-11-22T00:00:00.000Z',
    });
    const increment = (store: typeof a) =>
      store!.transaction(async (tx) => {
        await tx.lockConversation('line:c');
        const session = (await tx.sessions.load('line:c'))!;
        await new Promise((resolve) => setTimeout(resolve, 3));
        await tx.sessions.save('line:c', {
          ...session,
          snapshot: { n: (session.snapshot as { n: number }).n + 1 },
          version: session.version + 1,
        });
      });
    await Promise.all(Array.from({ length: 12 }, (_, index) => increment(index % 2 ? a : b)));
    expect((await a!.sessions.load('line:c'))?.snapshot).toEqual({ n: 12 });
    await Promise.all([a!.close(), b!.close()]);
  });

  it('never hands one outbox item to two drainers at once', async () => {
    const schema = fresh();
    const [a, b] = await Promise.all(
      [1, 2].map(() => createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 4 })),
    );
    for (let index = 0; index < 40; index++)
      await a!.outbox.enqueue(
        { channel: 'line', conversationId: `c${index}`, userId: 'u' },
        [{ type: 'text', text: String(index) }],
        '2026-11-22T00:00:00.000Z',
      );
    const claims = await Promise.all(
      [a, b, a, b].map((store) => store!.outbox.claimDue('2026-11-22T00:01:00.000Z', 15, '2026-11-22T00:02:00.000Z')),
    );
    const ids = claims.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
    await Promise.all([a!.close(), b!.close()]);
  });
});
