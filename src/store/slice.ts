import type Database from 'better-sqlite3';
import type { Address, Clock, Store, StoreSlices } from '../core/index.js';
import type { Queryable } from './postgres/queryable.js';

export type { Queryable } from './postgres/queryable.js';

/** One schema change. Append only: a shipped migration never changes; ids count up per owner. */
export interface Migration {
  readonly id: number;
  readonly sql: string;
}

/** What erasing a shopper does to a table (docs/security.md). */
export type ErasureTreatment = 'erased' | 'anonymised' | `not personal: ${string}`;

/** The conversation being erased, and the pseudonym its kept rows get instead (an address as JSON, and its key). */
export interface ErasureTarget {
  key: string;
  pseudonym: string;
  pseudonymKey: string;
}

/** A conversation key's channel and user parts (`channel:userId`, conversationKey), as SQL of each dialect. */
export const keyParts = {
  sqlite: { channel: "substr(@key, 1, instr(@key, ':') - 1)", user: "substr(@key, instr(@key, ':') + 1)" },
  postgres: { channel: "split_part($1, ':', 1)", user: "substr($1, strpos($1, ':') + 1)" },
} as const;

type Repositories = Partial<StoreSlices>;

/** A slice on SQLite: better-sqlite3 is synchronous, so its erasure and purge parts are too. */
export interface SqliteSlicePart {
  readonly migrations: readonly Migration[];
  create(db: Database.Database, context: { clock: Clock }): Repositories;
  /** Its part of erasing a conversation (named parameters @key, @pseudonym, @pseudonymKey), inside the erasure's transaction. */
  erase?(db: Database.Database, target: ErasureTarget): Record<string, number>;
  /** Its rows older than `before` (ISO) that retention deletes, inside the purge's transaction. */
  purge?(db: Database.Database, before: string): Record<string, number>;
  /** A subquery of conversation keys whose sessions retention keeps (an open handoff's). */
  readonly keepsSessions?: string;
  /**
   * A query of the units this slice holds back from sale, as rows `(product_id, quantity)`: the orders
   * module's lines of orders awaiting payment. `CatalogStore.setAvailable` subtracts them from the
   * merchant's backend figure.
   */
  readonly heldStock?: string;
}

export interface PostgresSlicePart {
  readonly migrations: readonly Migration[];
  create(
    db: Queryable,
    context: { clock: Clock; transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T> },
  ): Repositories;
  /** Its part of erasing a conversation ($1 the key, $2 the pseudonym, $3 its key), inside the erasure's transaction. */
  erase?(tx: Queryable, target: ErasureTarget): Promise<Record<string, number>>;
  purge?(tx: Queryable, before: string): Promise<Record<string, number>>;
  readonly keepsSessions?: string;
  /** As on SQLite: rows `(product_id, quantity)` of the units this slice holds back from sale. */
  readonly heldStock?: string;
  /**
   * Yes/no facts about a conversation read in the statement that opens a turn ($1 the key), by name:
   * they reach TurnHooks as `opened` (the handoff module's `handoff`), saving a round trip each.
   */
  readonly turnFacts?: Readonly<Record<string, string>>;
}

/**
 * What a feature module persists (Medusa's "a module owns its models and migrations"): its
 * repositories on both databases, their migrations, what privacy does to each of its tables, and
 * its part of a shopper's data export. The store runs the engine's own migrations, then each
 * slice's in order, recording them per `name` (`kaiwa_migrations`).
 */
export interface StoreSlice {
  /** Owner of the migrations: a module's name (`orders`, `handoff`…). */
  readonly name: string;
  /** Every table its migrations create, with what erasing a shopper does to it. */
  readonly tables: Readonly<Record<string, ErasureTreatment>>;
  readonly sqlite: SqliteSlicePart;
  readonly postgres: PostgresSlicePart;
  /** Its part of `kaiwa privacy export` (keys of the export's JSON), read through the store's own repositories. */
  exportShopper?(store: Store, address: Address): Promise<Record<string, unknown>>;
}

/** The engine's own tables (both databases) and what erasing a shopper does to each. */
export const coreTables: Readonly<Record<string, ErasureTreatment>> = {
  sessions: 'erased',
  transcript: 'erased',
  outbox: 'erased',
  // The delivery ids of the conversation's inbound events (taken from its transcript): Bot Framework's
  // and WhatsApp Web's contain the user's id.
  inbox: 'erased',
  // Failed attempts at those events: the error text can quote what the shopper typed.
  inbound_failures: 'erased',
  products: 'not personal: the catalog',
  kaiwa_migrations: 'not personal: which migrations ran',
};

/** Every table a store with these slices has, and what erasing a shopper does to it (docs/security.md). */
export const storeTables = (slices: readonly StoreSlice[]): Readonly<Record<string, ErasureTreatment>> =>
  Object.assign({}, coreTables, ...slices.map((slice) => slice.tables));

/** The slices' parts of a shopper's data export, in slice order. */
export async function exportParts(
  slices: readonly StoreSlice[],
  store: Store,
  address: Address,
): Promise<Record<string, unknown>> {
  const parts: Record<string, unknown> = {};
  for (const slice of slices) if (slice.exportShopper) Object.assign(parts, await slice.exportShopper(store, address));
  return parts;
}

/**
 * The units every slice holds back from sale (`heldStock`), as one query of rows `(product_id, quantity)`
 * in one dialect; undefined when no slice holds any.
 */
export function heldStockUnion(parts: readonly { heldStock?: string }[]): string | undefined {
  const held = parts.flatMap((part) => (part.heldStock ? [part.heldStock] : []));
  return held.length > 0 ? held.join(' UNION ALL ') : undefined;
}

/** The retention purge's condition that spares the sessions some slice keeps (`keepsSessions`), in one dialect. */
export const sparedSessions = (parts: readonly { keepsSessions?: string }[]): string =>
  parts.flatMap((part) => (part.keepsSessions ? [` AND key NOT IN (${part.keepsSessions})`] : [])).join('');

/**
 * Refuses slices a store cannot take without losing something: a name used twice or `core` (their
 * migrations would be taken as applied), or migration ids that are not 1, 2, 3… in order (a skipped
 * or repeated id would never run). Checked before the database is touched.
 */
export function checkSlices(slices: readonly StoreSlice[]): void {
  const names = new Set<string>(['core']);
  for (const slice of slices) {
    if (!/^[a-z][a-z0-9_-]{0,62}$/.test(slice.name))
      throw new RangeError(`store slice name "${slice.name}" must be lower-case letters, digits, - or _`);
    if (names.has(slice.name))
      throw new RangeError(`store slice "${slice.name}" is given twice (or is named core, the engine's own)`);
    names.add(slice.name);
    for (const [dialect, part] of [
      ['sqlite', slice.sqlite],
      ['postgres', slice.postgres],
    ] as const)
      part.migrations.forEach((migration, index) => {
        if (migration.id !== index + 1)
          throw new RangeError(
            `store slice "${slice.name}": its ${dialect} migrations must be numbered 1, 2, 3… in order; number ${index + 1} has id ${migration.id}`,
          );
      });
  }
}

/** Adds a slice's repositories to the store's, refusing a name the engine or another slice already has. */
export function addRepositories(into: Record<string, object>, slice: StoreSlice, repositories: object): void {
  for (const [name, repository] of Object.entries(repositories)) {
    if (name in into)
      throw new RangeError(`store slice "${slice.name}" brings a repository "${name}" the store already has`);
    into[name] = repository as object;
  }
}

/** Rows a statement changed, on PostgreSQL. */
export const changes = async (db: Queryable, sql: string, values: unknown[]): Promise<number> =>
  (await db.query(sql, values)).rowCount ?? 0;

/** Adds `part`'s counts to `into`, key by key. */
export function addCounts(into: Record<string, number>, part: Readonly<Record<string, number>>): void {
  for (const [name, count] of Object.entries(part)) into[name] = (into[name] ?? 0) + count;
}
