import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/index.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';

describe('DATABASE_URL', () => {
  it('defaults to ./data/kaiwa.db and reads sqlite and postgres URLs', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'sqlite', path: './data/kaiwa.db' });
    expect(parseDatabaseUrl('sqlite://data/shop.db')).toEqual({ kind: 'sqlite', path: 'data/shop.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/kaiwa.db')).toEqual({ kind: 'sqlite', path: '/var/lib/kaiwa.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('postgres://kaiwa@127.0.0.1/test')).toEqual({ kind: 'postgres', url: 'postgres://kaiwa@127.0.0.1/test' });
  });
  it('rejects anything else without echoing a password', () => {
    expect(() => parseDatabaseUrl('mysql://root:secret@host/db')).toThrow(ConfigError);
    expect(() => parseDatabaseUrl('mysql://root:secret@host/db')).not.toThrow(/secret/);
  });
});
