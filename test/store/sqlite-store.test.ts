import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Address } from '../../src/core/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from '../contract/store.contract.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const at = '2026-11-22T10:00:00.000Z';
const address: Address = { channel: 'line', conversationId: 'c', userId: 'u' };
const migrationCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM kaiwa_migrations').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

storeContract('sqlite (file)', async () =>
  createSqliteStore({ slices: builtInStoreSlices, path: join(dir, `contract-${files++}.db`) }),
);
storeContract('sqlite (:memory:)', async () => createSqliteStore({ slices: builtInStoreSlices, path: ':memory:' }));

describe('SQLite store', () => {
  it('commits transactions that arrive together as a group: each settles only once its rows are visible to another connection, and a failing one rolls back alone', async () => {
    const path = join(dir, 'group-commit.db');
    const store = createSqliteStore({ slices: builtInStoreSlices, path });
    const reader = new Database(path, { readonly: true });
    const seen = (id: string) =>
      (reader.prepare('SELECT COUNT(*) AS n FROM inbox WHERE event_id = ?').get(id) as { n: number }).n;
    try {
      const visibleAtSettle: number[] = [];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          store
            .transaction(async (tx) => {
              await tx.inbox.markSeen('telegram', `g${i}`, at);
              await new Promise((resolve) => setImmediate(resolve));
              if (i === 13) throw new Error('turn 13 fails');
              return i;
            })
            .then((value) => {
              // Settled means committed: another connection already sees the row.
              visibleAtSettle.push(seen(`g${i}`));
              return value;
            }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
      expect(visibleAtSettle).toEqual(Array.from({ length: 39 }, () => 1));
      expect(seen('g13')).toBe(0);
      expect(seen('g12') + seen('g14')).toBe(2);
      // A root call right after sees everything, and closing commits nothing half-done.
      expect(await store.inbox.markSeen('telegram', 'g0', at)).toBe(false);
    } finally {
      reader.close();
      await store.close();
    }
  });

  it('commits after a slow transaction instead of holding its group open for the ones queued behind it (turns waiting on a model)', async () => {
    const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'slow-group.db') });
    // The store ages its commit group with performance.now(): fake it, and the timers the bodies wait on,
    // so "slow" is 150 ms of fake time and each settle time is exact, however busy the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const started = performance.now();
      const settling = Promise.all(
        [0, 1, 2].map((i) =>
          store
            .transaction(async (tx) => {
              await tx.inbox.markSeen('line', `slow-${i}`, at);
              await new Promise((resolve) => setTimeout(resolve, 150));
            })
            .then(() => performance.now() - started),
        ),
      );
      await vi.advanceTimersByTimeAsync(450);
      // One after another (one writer), but each acknowledged when it is done, not when the last one is.
      expect(await settling).toEqual([150, 300, 450]);
    } finally {
      vi.useRealTimers();
      await store.close();
    }
  });

  it('creates missing folders, uses WAL and keeps data across close and reopen', async () => {
    const path = join(dir, 'nested', 'folder', 'kaiwa.db');
    const first = createSqliteStore({ slices: builtInStoreSlices, path });
    await first.transaction(async (tx) => void (await tx.inbox.markSeen('line', 'x', at)));
    await first.outbox.enqueue(address, [{ type: 'text', text: 'kept' }], at);
    await first.close();
    const second = createSqliteStore({ slices: builtInStoreSlices, path });
    expect(await second.inbox.markSeen('line', 'x', at)).toBe(false);
    expect(await second.outbox.pendingCount()).toBe(1);
    await second.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('applies each migration once, however often the file is opened', async () => {
    const path = join(dir, 'migrations.db');
    await createSqliteStore({ slices: builtInStoreSlices, path }).close();
    const applied = migrationCount(path);
    expect(applied).toBeGreaterThan(0);
    for (let open = 0; open < 3; open++) await createSqliteStore({ slices: builtInStoreSlices, path }).close();
    expect(migrationCount(path)).toBe(applied);
  });

  it('lets code inside a transaction call the root store without waiting for itself', async () => {
    // The composition root hands the recommender `store.catalog`; it is called during a turn.
    const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'reentrant.db') });
    const seen = await store.transaction(async () => {
      await store.inbox.markSeen('line', 'inner', at);
      return store.transaction(async () => store.inbox.markSeen('line', 'inner', at));
    });
    expect(seen).toBe(false);
    await store.close();
  });

  it('waits for queued transactions on close and refuses new ones after', async () => {
    const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'close.db') });
    const slow = store.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return tx.inbox.markSeen('line', 'slow', at);
    });
    await store.close();
    expect(await slow).toBe(true);
    await expect(store.transaction(async () => undefined)).rejects.toThrow(/closed/);
  });
});
