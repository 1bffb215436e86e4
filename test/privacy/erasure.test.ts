import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasureReport, Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { eraseShopper, exportShopper, shopperAddress } from '../../src/modules/privacy/shopper-data.js';
import { createApp } from '../../src/server/app.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { storeTables } from '../../src/store/slice.js';

// Every table of the engine and of the built-in modules' slices, with what erasure does to it.
const shopperDataByTable = storeTables(builtInStoreSlices);

/** A database under test: its tables and every row of one as text, read beside Kaiwa's own connection. */
interface Backend {
  env: Record<string, string>;
  tables(): Promise<string[]>;
  rows(table: string): Promise<string[]>;
  /** The database's files as bytes (SQLite: kaiwa.db and kaiwa.db-wal); undefined when not on this machine. */
  bytes(): Buffer | undefined;
  close(): Promise<void>;
}

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const common = { LOG_LEVEL: 'silent', DEMO_PAYMENT_SECRET: 'erasure-demo-secret-0123456' };

const sqliteTables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
const postgresTables =
  "SELECT table_name AS value FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'";

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-erasure-'));
  const path = join(dir, 'kaiwa.db');
  // Opened on each read and closed at once: a reader left open would hold the WAL.
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(path, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    env: { ...common, DATABASE_URL: `sqlite://${path}` },
    tables: async () => read((db) => db.prepare(sqliteTables).pluck().all() as string[]),
    rows: async (table) =>
      read((db) =>
        db
          .prepare(`SELECT * FROM "${table}"`)
          .all()
          .map((row) => JSON.stringify(row)),
      ),
    bytes: () => Buffer.concat([path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file))),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(): Backend {
  const schema = `kaiwa_erasure_${Date.now().toString(36)}${process.pid}`;
  const client = new pg.Client({ connectionString: pgUrl });
  const connected = client.connect();
  const query = async (sql: string, values: unknown[] = []) => {
    await connected;
    return (await client.query<{ value: string }>(sql, values)).rows.map((row) => row.value);
  };
  return {
    env: { ...common, DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema },
    tables: () => query(postgresTables, [schema]),
    rows: (table) => query(`SELECT t::text AS value FROM ${schema}."${table}" t`),
    bytes: () => undefined,
    close: async () => {
      await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

// The shopper erased, with a distinctive id and what they type; another shopper, who stays.
const hanako = { user: 'hanako-7781', words: ['山田花子', '北白川', 'quokka-tangerine'] };
const taro = { user: 'taro-5523', words: ['佐藤太郎', '下鴨', 'wombat-lime'] };
const needles = (who: typeof hanako) => [who.user, ...who.words];
type PaymentLink = Extract<Reply, { type: 'paymentLink' }>;

/** The example shop on `backend`, and a shopper's whole visit: words, opt-in, an order paid, a person asked for. */
async function openShop(backend: Backend) {
  const kaiwa = await createKaiwa({ shopDir: 'examples/shop', env: backend.env, log: () => undefined });
  const app = createApp(kaiwa.app);
  const post = (path: string, type: string, body: string) =>
    app.request(path, { method: 'POST', headers: { 'content-type': type }, body });
  const say = async (user: string, body: Record<string, string>) => {
    const response = await post('/simulator/api/messages', 'application/json', JSON.stringify({ user, ...body }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { replies: Reply[] }).replies;
  };
  const pay = async (link: PaymentLink) => {
    const url = new URL(link.url);
    const { amount, currency } = link.total;
    const form = new URLSearchParams({ token: url.searchParams.get('token')!, amount: String(amount), currency });
    const paid = await post(url.pathname, 'application/x-www-form-urlencoded', form.toString());
    expect(paid.status).toBe(200);
  };
  const visit = async ({ user, words: [name, street, word] }: typeof hanako) => {
    await say(user, { text: `こんにちは、${name}です。住所は左京区${street}です` });
    await say(user, { payload: 'k1:do:optIn' });
    await say(user, { payload: 'k1:do:addToCart:tea-mugicha' });
    // A coupon use is kept with the order, keyed by the conversation until erasure.
    await say(user, { payload: 'k1:do:addToCart:tea-gyokuro-yame' });
    await say(user, { text: 'クーポン SAWA10' });
    const replies = await say(user, { payload: 'k1:do:checkout' });
    const link = replies.find((reply): reply is PaymentLink => reply.type === 'paymentLink')!;
    await pay(link);
    await kaiwa.engine.drain();
    // The delivery address a provider's page collected (docs/orders.md, The delivery address).
    await kaiwa.store.orders.setShipTo(link.orderId, {
      name: name!,
      postalCode: '606-8267',
      country: 'JP',
      region: '京都府',
      city: '京都市左京区',
      line1: `${street}1-2-3`,
      phone: '090-1234-5678',
    });
    await say(user, { text: `担当者と話したい、合言葉は ${word}` });
    // A turn that failed before it went through: the error quotes what the shopper typed.
    const [first] = await kaiwa.store.transcript.list(`simulator:${user}`);
    const id = first?.direction === 'in' ? (first.event?.id ?? '') : '';
    const at = new Date().toISOString();
    await kaiwa.store.inbox.recordFailure('simulator', id, `TypeError: cannot read "${word}"`, at);
    await kaiwa.engine.drain();
  };
  return { kaiwa, visit };
}

/** The tables holding any of `words` in any column. */
async function tablesHolding(backend: Backend, words: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of await backend.tables()) {
    const rows = await backend.rows(table);
    if (rows.some((row) => words.some((word) => row.includes(word)))) found.push(table);
  }
  return found.sort();
}

const inBytes = (bytes: Buffer, words: string[]) => words.filter((word) => bytes.includes(Buffer.from(word, 'utf8')));

describe.each([
  ['SQLite', sqliteBackend],
  ['PostgreSQL', postgresBackend],
])('erasing a shopper on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  let kaiwa: Kaiwa;
  let before: string[] = [];
  let bytesBefore: string[] | undefined;
  let erased: ErasureReport;
  let exported: Awaited<ReturnType<typeof exportShopper>>;

  beforeAll(async () => {
    const shop = await openShop(backend);
    kaiwa = shop.kaiwa;
    await shop.visit(hanako);
    await shop.visit(taro);
    before = await tablesHolding(backend, needles(hanako));
    bytesBefore = backend.bytes() && inBytes(backend.bytes()!, needles(hanako));
    exported = await exportShopper(kaiwa.store, shopperAddress('simulator', hanako.user), new Date());
    // What `kaiwa privacy delete` and DELETE /admin/api/privacy/:channel/:userId run.
    erased = await eraseShopper(kaiwa.store, shopperAddress('simulator', hanako.user));
  }, 60_000);
  afterAll(async () => {
    await kaiwa?.close();
    await backend.close();
  });

  it('classifies exactly the tables the migrations create (storeTables: the engine and every slice)', async () => {
    expect((await backend.tables()).sort()).toEqual(Object.keys(shopperDataByTable).sort());
  });

  // The simulator's event ids are random UUIDs: the inbox holds none of the shopper (the contract test covers it).
  it('found the shopper in every personal table but the inbox before', () => {
    const personal = Object.entries(shopperDataByTable).filter(
      ([table, treatment]) => !treatment.startsWith('not personal') && table !== 'inbox',
    );
    expect(before).toEqual(personal.map(([table]) => table).sort());
  });

  it('exported the delivery address with the order before', () => {
    expect(exported.orders).toMatchObject([{ status: 'paid', shipTo: { name: '山田花子', line1: '北白川1-2-3' } }]);
  });

  it('reports the consent and delivery ids erased, and exports nothing of the shopper afterwards', async () => {
    expect(erased).toMatchObject({
      sessions: 1,
      handoffs: 1,
      ordersAnonymised: 1,
      promotionUsesAnonymised: 1,
      consents: 1,
    });
    expect(erased.inbox).toBeGreaterThan(4);
    const data = await exportShopper(kaiwa.store, shopperAddress('simulator', hanako.user), new Date());
    expect(data).toMatchObject({
      session: null,
      transcript: [],
      orders: [],
      couponUses: [],
      handoff: null,
      consent: null,
    });
    const other = await exportShopper(kaiwa.store, shopperAddress('simulator', taro.user), new Date());
    expect(other.consent).toMatchObject({ userId: taro.user, optedIn: true, source: 'flow:optIn' });
  });

  it("leaves the shopper's id and words in no column of any table; the other shopper is all there", async () => {
    expect(await tablesHolding(backend, needles(hanako))).toEqual([]);
    expect(await tablesHolding(backend, needles(taro))).toEqual(before);
  });

  // Only SQLite's files are this process's to read (PostgreSQL's pages: VACUUM, docs/security.md).
  if (backend.bytes() !== undefined)
    it('leaves none of it in the bytes of kaiwa.db and kaiwa.db-wal (secure_delete, WAL cut)', () => {
      expect(bytesBefore).toEqual(needles(hanako));
      const bytes = backend.bytes()!;
      expect(inBytes(bytes, needles(hanako))).toEqual([]);
      expect(inBytes(bytes, needles(taro))).toEqual(needles(taro));
    });
});

describe('erasing on SQLite while another process reads', () => {
  it('erases at once; the old pages stay in the WAL while the read lasts, and go at the latest on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaiwa-erasure-'));
    const path = join(dir, 'kaiwa.db');
    const store = createSqliteStore({ slices: builtInStoreSlices, path, busyTimeoutMs: 50 });
    const reader = new Database(path, { readonly: true });
    const address = { channel: 'simulator' as const, conversationId: hanako.user, userId: hanako.user };
    const walHolds = () => inBytes(readFileSync(`${path}-wal`), needles(hanako));
    try {
      const at = new Date().toISOString();
      const event = { id: 'e1', type: 'text' as const, text: hanako.words.join(' '), address, receivedAt: at };
      await store.transcript.append(address, [{ direction: 'in', at, event }]);
      reader.exec('BEGIN');
      reader.prepare('SELECT COUNT(*) FROM transcript').get();
      const pseudonym = { channel: 'simulator' as const, conversationId: 'erased-x', userId: 'erased-x' };
      expect(await store.privacy.erase(`simulator:${hanako.user}`, pseudonym)).toMatchObject({ transcript: 1 });
      expect(walHolds()).toEqual(needles(hanako));
      reader.exec('COMMIT');
      await store.close();
      expect(walHolds()).toEqual([]);
      expect(inBytes(readFileSync(path), needles(hanako))).toEqual([]);
    } finally {
      reader.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
