import type Database from 'better-sqlite3';
import { conversationKey, type Address } from '../../core/index.js';
import { changes, type Queryable, type StoreSlice } from '../../store/slice.js';

/**
 * A coupon code's use by one order: `reserved` at checkout (in the order's transaction),
 * `confirmed` when the order is paid, `released` when it expires or is cancelled unpaid.
 */
export interface PromotionUse {
  orderId: string;
  code: string;
  status: 'reserved' | 'confirmed' | 'released';
  reservedAt: string;
  updatedAt: string;
}

/**
 * Coupon uses (docs/orders.md, Coupons and promotions). A code's uses held (reserved or confirmed)
 * are also kept as one counter row per code, taken with a conditional increment as stock is: two
 * checkouts racing for a code's last use cannot both get it, on SQLite or PostgreSQL.
 */
export interface PromotionStore {
  /**
   * Takes a use of `code` for `orderId`, unless `totalUses` are held already (`used_up`) or this
   * conversation holds `perShopper` (`already_used`); nothing changes then.
   */
  reserve(
    use: { code: string; orderId: string; address: Address; at: string },
    limits: { totalUses?: number; perShopper?: number },
  ): Promise<'reserved' | 'used_up' | 'already_used'>;
  /**
   * The order was paid: its use counts for good. A use released meanwhile (a late payment for an
   * expired order) is taken again, past the limit if need be: the shopper paid the discounted total.
   */
  confirm(orderId: string, at: string): Promise<void>;
  /** The order expired or was cancelled unpaid: a reserved use is given back (once). */
  release(orderId: string, at: string): Promise<boolean>;
  /** Uses of `code` held, reserved or confirmed. */
  held(code: string): Promise<number>;
  /** Uses of `code` this conversation holds. */
  heldBy(code: string, address: Address): Promise<number>;
  listByConversation(address: Address): Promise<PromotionUse[]>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Coupon uses per order and per code (src/modules/orders, the promotions slice). */
    readonly promotions: PromotionStore;
  }
}

interface UseRow {
  order_id: string;
  code: string;
  status: PromotionUse['status'];
  reserved_at: string;
  updated_at: string;
}
const toUse = (row: UseRow): PromotionUse => ({
  orderId: row.order_id,
  code: row.code,
  status: row.status,
  reservedAt: row.reserved_at,
  updatedAt: row.updated_at,
});

const tables = `CREATE TABLE promotion_uses (order_id TEXT PRIMARY KEY, code TEXT NOT NULL, conversation TEXT NOT NULL,
    status TEXT NOT NULL, reserved_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX promotion_uses_by_shopper ON promotion_uses (code, conversation);
  CREATE INDEX promotion_uses_by_conversation ON promotion_uses (conversation);
  CREATE TABLE promotion_counts (code TEXT PRIMARY KEY, held INTEGER NOT NULL);`;

function sqliteRepository(db: Database.Database): PromotionStore {
  const ensure = db.prepare('INSERT INTO promotion_counts (code, held) VALUES (?, 0) ON CONFLICT (code) DO NOTHING');
  const take = db.prepare(
    'UPDATE promotion_counts SET held = held + 1 WHERE code = @code AND (@limit IS NULL OR held < @limit)',
  );
  const give = db.prepare('UPDATE promotion_counts SET held = held - 1 WHERE code = ?');
  const byShopper = db.prepare(
    "SELECT COUNT(*) FROM promotion_uses WHERE code = ? AND conversation = ? AND status IN ('reserved', 'confirmed')",
  );
  const insert = db.prepare(
    "INSERT INTO promotion_uses (order_id, code, conversation, status, reserved_at, updated_at) VALUES (?, ?, ?, 'reserved', ?, ?)",
  );
  const get = db.prepare('SELECT * FROM promotion_uses WHERE order_id = ?');
  const setStatus = db.prepare(
    'UPDATE promotion_uses SET status = ?, updated_at = ? WHERE order_id = ? AND status = ?',
  );
  const reserve = db.transaction(
    (
      use: { code: string; orderId: string; address: Address; at: string },
      limits: { totalUses?: number; perShopper?: number },
    ) => {
      const conversation = conversationKey(use.address);
      if (
        limits.perShopper !== undefined &&
        (byShopper.pluck().get(use.code, conversation) as number) >= limits.perShopper
      )
        return 'already_used' as const;
      ensure.run(use.code);
      if (take.run({ code: use.code, limit: limits.totalUses ?? null }).changes !== 1) return 'used_up' as const;
      insert.run(use.orderId, use.code, conversation, use.at, use.at);
      return 'reserved' as const;
    },
  );
  const confirm = db.transaction((orderId: string, at: string) => {
    const row = get.get(orderId) as UseRow | undefined;
    if (!row || row.status === 'confirmed') return;
    if (setStatus.run('confirmed', at, orderId, row.status).changes !== 1) return;
    if (row.status === 'released') {
      ensure.run(row.code);
      take.run({ code: row.code, limit: null });
    }
  });
  const release = db.transaction((orderId: string, at: string) => {
    const row = get.get(orderId) as UseRow | undefined;
    if (row?.status !== 'reserved' || setStatus.run('released', at, orderId, 'reserved').changes !== 1) return false;
    give.run(row.code);
    return true;
  });
  return {
    reserve: async (use, limits) => reserve(use, limits),
    confirm: async (orderId, at) => confirm(orderId, at),
    release: async (orderId, at) => release(orderId, at),
    held: async (code) =>
      (db.prepare('SELECT held FROM promotion_counts WHERE code = ?').pluck().get(code) as number) ?? 0,
    heldBy: async (code, address) => byShopper.pluck().get(code, conversationKey(address)) as number,
    listByConversation: async (address) =>
      (
        db
          .prepare('SELECT * FROM promotion_uses WHERE conversation = ? ORDER BY reserved_at, order_id')
          .all(conversationKey(address)) as UseRow[]
      ).map(toUse),
  };
}

function postgresRepository(db: Queryable): PromotionStore {
  const byShopper = async (code: string, conversation: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          "SELECT COUNT(*) AS n FROM promotion_uses WHERE code = $1 AND conversation = $2 AND status IN ('reserved', 'confirmed')",
          [code, conversation],
        )
      ).rows[0]?.n ?? 0,
    );
  const ensure = (code: string) =>
    db.query('INSERT INTO promotion_counts (code, held) VALUES ($1, 0) ON CONFLICT (code) DO NOTHING', [code]);
  return {
    async reserve(use, limits) {
      const conversation = conversationKey(use.address);
      await ensure(use.code);
      // The conditional increment takes the code's row lock: a racing checkout waits here, then sees this one's count.
      const taken = await changes(
        db,
        'UPDATE promotion_counts SET held = held + 1 WHERE code = $1 AND ($2::int IS NULL OR held < $2::int)',
        [use.code, limits.totalUses ?? null],
      );
      if (taken !== 1) return 'used_up';
      // Counted under the lock, so two checkouts of one shopper cannot both pass.
      if (limits.perShopper !== undefined && (await byShopper(use.code, conversation)) >= limits.perShopper) {
        await db.query('UPDATE promotion_counts SET held = held - 1 WHERE code = $1', [use.code]);
        return 'already_used';
      }
      await db.query(
        "INSERT INTO promotion_uses (order_id, code, conversation, status, reserved_at, updated_at) VALUES ($1, $2, $3, 'reserved', $4, $4)",
        [use.orderId, use.code, conversation, use.at],
      );
      return 'reserved';
    },
    async confirm(orderId, at) {
      const { rows } = await db.query<{ code: string; previous: PromotionUse['status'] }>(
        `UPDATE promotion_uses u SET status = 'confirmed', updated_at = $2 FROM (SELECT order_id, status AS previous FROM promotion_uses WHERE order_id = $1 FOR UPDATE) p
         WHERE u.order_id = p.order_id AND p.previous <> 'confirmed' RETURNING u.code, p.previous`,
        [orderId, at],
      );
      const row = rows[0];
      if (row?.previous === 'released') {
        await ensure(row.code);
        await db.query('UPDATE promotion_counts SET held = held + 1 WHERE code = $1', [row.code]);
      }
    },
    async release(orderId, at) {
      const { rows } = await db.query<{ code: string }>(
        "UPDATE promotion_uses SET status = 'released', updated_at = $2 WHERE order_id = $1 AND status = 'reserved' RETURNING code",
        [orderId, at],
      );
      const code = rows[0]?.code;
      if (code === undefined) return false;
      await db.query('UPDATE promotion_counts SET held = held - 1 WHERE code = $1', [code]);
      return true;
    },
    held: async (code) =>
      Number(
        (await db.query<{ held: string }>('SELECT held FROM promotion_counts WHERE code = $1', [code])).rows[0]?.held ??
          0,
      ),
    heldBy: (code, address) => byShopper(code, conversationKey(address)),
    listByConversation: async (address) =>
      (
        await db.query<UseRow>('SELECT * FROM promotion_uses WHERE conversation = $1 ORDER BY reserved_at, order_id', [
          conversationKey(address),
        ])
      ).rows.map(toUse),
  };
}

/**
 * The orders module's coupon uses, on both databases: a slice of its own (migrations numbered
 * under `promotions`), next to the orders slice whose orders the uses belong to.
 */
export const promotionsSlice: StoreSlice = {
  name: 'promotions',
  tables: {
    // Kept with the orders they discount; the conversation becomes the same pseudonym as the orders'.
    promotion_uses: 'anonymised',
    promotion_counts: "not personal: a coupon code's number of uses held",
  },
  sqlite: {
    migrations: [{ id: 1, sql: tables }],
    create: (db) => ({ promotions: sqliteRepository(db) }),
    erase: (db, target) => ({
      promotionUsesAnonymised: db
        .prepare('UPDATE promotion_uses SET conversation = @pseudonymKey WHERE conversation = @key')
        .run(target).changes,
    }),
  },
  postgres: {
    migrations: [{ id: 1, sql: tables.replace('held INTEGER', 'held BIGINT') }],
    create: (db) => ({ promotions: postgresRepository(db) }),
    erase: async (tx, target) => ({
      promotionUsesAnonymised: await changes(
        tx,
        'UPDATE promotion_uses SET conversation = $2 WHERE conversation = $1',
        [target.key, target.pseudonymKey],
      ),
    }),
  },
  exportShopper: async (store, address) => ({ couponUses: await store.promotions.listByConversation(address) }),
};
