import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/index.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';

describe('DATABASE_URL', () => {
  it('defaults to ./data/kaiwa.db when unset or empty', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'sqlite', path: './data/kaiwa.db' });
    expect(parseDatabaseUrl('')).toEqual({ kind: 'sqlite', path: './data/kaiwa.db' });
    expect(parseDatabaseUrl('  ')).toEqual({ kind: 'sqlite', path: './data/kaiwa.db' });
  });

  it('reads relative, absolute and in-memory SQLite URLs', () => {
    expect(parseDatabaseUrl('sqlite://data/shop.db')).toEqual({ kind: 'sqlite', path: 'data/shop.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/kaiwa.db')).toEqual({ kind: 'sqlite', path: '/var/lib/kaiwa.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('sqlite://:memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('passes postgres:// and postgresql:// URLs through', () => {
    expect(parseDatabaseUrl('postgres://kaiwa@127.0.0.1/test')).toEqual({
      kind: 'postgres',
      url: 'postgres://kaiwa@127.0.0.1/test',
    });
    expect(parseDatabaseUrl('postgresql://kaiwa:pw@db:5432/shop')).toEqual({
      kind: 'postgres',
      url: 'postgresql://kaiwa:pw@db:5432/shop',
    });
  });

  it('rejects anything else, naming the accepted forms without echoing a password', () => {
    for (const url of ['mysql://root:secret@host/db', 'sqlite://', 'data/kaiwa.db'])
      expect(() => parseDatabaseUrl(url)).toThrow(ConfigError);
    expect(() => parseDatabaseUrl('mysql://root:secret@host/db')).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl('mysql://root:secret@host/db')).toThrow(/sqlite:\/\/.*postgres:\/\//);
  });
});
