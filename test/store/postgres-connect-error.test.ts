import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/index.js';
import { connectError } from '../../src/store/postgres/connect-error.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

describe('opening PostgreSQL', () => {
  it('says the server is not there, naming host, port and database but never the password', async () => {
    const opening = createPostgresStore({
      slices: builtInStoreSlices,
      connectionString: 'postgres://shop:hunter2-secret@127.0.0.1:1/shopdb',
    });
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toThrow('cannot reach PostgreSQL at 127.0.0.1:1/shopdb: connection refused');
    const message = await opening.catch((error: Error) => error.message);
    expect(message).not.toContain('hunter2');
  });

  it('says which database is missing on a server that answers', async () => {
    const missing = new URL(url);
    missing.pathname = '/kaiwa_no_such_database';
    await expect(
      createPostgresStore({ slices: builtInStoreSlices, connectionString: missing.toString() }),
    ).rejects.toThrow(/database "kaiwa_no_such_database" does not exist\. Create it first/);
  });

  it('names the user PostgreSQL refused, and passes other errors through unchanged', () => {
    const refused = Object.assign(new Error('password authentication failed for user "shop"'), { code: '28P01' });
    expect(String(connectError(refused, 'postgres://shop:pw@db.internal:6432/kaiwa'))).toBe(
      'ConfigError: PostgreSQL at db.internal:6432/kaiwa refused user "shop": password authentication failed for user "shop" (DATABASE_URL; see docs/deploy.md)',
    );
    const other = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
    expect(connectError(other, 'postgres://db/kaiwa')).toBe(other);
  });
});
