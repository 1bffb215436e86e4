import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import Database from 'better-sqlite3';
import { builtInStoreSlices } from '../../src/modules/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kaiwa-sqlite-open-'));

describe('opening the SQLite file', () => {
  it('says when a file stands where the folder should be', () => {
    const root = dir();
    writeFileSync(join(root, 'data'), 'a file, not a folder');
    const open = () => createSqliteStore({ slices: builtInStoreSlices, path: join(root, 'data', 'kaiwa.db') });
    expect(open).toThrow(ConfigError);
    expect(open).toThrow(`cannot open the SQLite database ${join(root, 'data', 'kaiwa.db')}: a file is in the way`);
  });

  it('says when the path is a folder', () => {
    const root = dir();
    mkdirSync(join(root, 'kaiwa.db'));
    expect(() => createSqliteStore({ slices: builtInStoreSlices, path: join(root, 'kaiwa.db') })).toThrow(
      'it cannot be opened (a folder, or a file without permission)',
    );
  });

  it('refuses a file that is not a database and leaves it as it was', () => {
    const root = dir();
    const path = join(root, 'orders.csv');
    writeFileSync(path, 'id,total\nKW-1,3200\n'.repeat(200));
    const before = readFileSync(path);
    expect(() => createSqliteStore({ slices: builtInStoreSlices, path })).toThrow('the file is not a SQLite database');
    expect(readFileSync(path)).toEqual(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('writes no demo checkout secret beside a path that did not open', async () => {
    const root = dir();
    const path = join(root, 'notes.txt');
    writeFileSync(path, 'not a database '.repeat(100));
    await expect(
      createKaiwa({
        shopDir: 'examples/shop',
        env: { DATABASE_URL: `sqlite://${path}`, LOG_LEVEL: 'silent' },
        log: () => undefined,
      }),
    ).rejects.toThrow('the file is not a SQLite database');
    expect(existsSync(join(root, '.demo-payment-secret'))).toBe(false);
  });
});

describe('another process holding the SQLite file', () => {
  it('fails the transactions that waited past busy_timeout, without crashing, and serves again once it lets go', async () => {
    const path = join(dir(), 'kaiwa.db');
    const store = createSqliteStore({ slices: builtInStoreSlices, path, busyTimeoutMs: 50 });
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const at = '2026-11-22T10:00:00.000Z';
      await expect(store.transaction((tx) => tx.inbox.markSeen('line', 'busy-1', at))).rejects.toThrow(
        /database is locked/,
      );
      // The queue is not stuck behind the failed one.
      await expect(store.transaction((tx) => tx.inbox.markSeen('line', 'busy-2', at))).rejects.toThrow(
        /database is locked/,
      );
      other.exec('COMMIT');
      expect(await store.transaction((tx) => tx.inbox.markSeen('line', 'busy-1', at))).toBe(true);
      expect(await store.inbox.markSeen('line', 'busy-1', at)).toBe(false);
    } finally {
      other.close();
      await store.close();
    }
  });
});
