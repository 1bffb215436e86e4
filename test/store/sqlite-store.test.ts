import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from '../contract/store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

storeContract('sqlite (file)', async () => createSqliteStore({ path: join(dir, `contract-${files++}.db`) }));

describe('SQLite store', () => {
  it('uses WAL, migrates once and keeps data across reopen', async () => {
    const path = join(dir, 'nested', 'folder', 'kaiwa.db');
    const first = createSqliteStore({ path });
    await first.transaction(async (tx) => void (await tx.inbox.markSeen('line', 'x', '2026-01-01T00:00:00Z')));
    await first.close();
    const second = createSqliteStore({ path });
    expect(await second.inbox.markSeen('line', 'x', '2026-01-01T00:00:01Z')).toBe(false);
    await second.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(2);
    db.close();
  });
});
