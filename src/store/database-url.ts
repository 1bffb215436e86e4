import { ConfigError } from '../core/index.js';

/** Which store DATABASE_URL names. */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * DATABASE_URL → where to store. Unset: `./data/kaiwa.db`. Accepted: `sqlite://relative/path.db`,
 * `sqlite:///absolute/path.db`, `sqlite::memory:` (or `sqlite://:memory:`), `postgres://…` / `postgresql://…`.
 * Anything else throws ConfigError naming these forms (with any password masked).
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim();
  if (!value) return { kind: 'sqlite', path: './data/kaiwa.db' };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  if (value === 'sqlite::memory:' || value === 'sqlite://:memory:') return { kind: 'sqlite', path: ':memory:' };
  const match = /^sqlite:\/\/(.+)$/.exec(value);
  if (match?.[1]) return { kind: 'sqlite', path: match[1] };
  throw new ConfigError(
    `DATABASE_URL "${value.replace(/\/\/[^@/]*@/, '//***@')}" is not understood: use sqlite://relative/path.db, sqlite:///absolute/path.db, sqlite::memory:, postgres://user@host/db or postgresql://user@host/db, or leave it unset for ./data/kaiwa.db`,
  );
}
