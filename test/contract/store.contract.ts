import { describe, expect, it } from 'vitest';
import { ConflictError, type Address, type Order, type Product, type Store } from '../../src/core/index.js';

const address = (id: string): Address => ({ channel: 'simulator', conversationId: id, userId: id });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();
const product = (id: string, stock: number, amount = 1200): Product => ({
  id,
  title: { ja: `商品${id}`, en: `Product ${id}` },
  description: { ja: '説明', en: 'Description' },
  price: { amount, currency: 'JPY' },
  stock,
  tags: ['tea'],
  attributes: { origin: '宇治' },
});
const order = (id: string, conversation: string, expiresMinute = 30): Order => ({
  id,
  address: address(conversation),
  locale: 'ja',
  status: 'awaiting_payment',
  lines: [{ productId: 'p1', title: '商品p1', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } }],
  total: { amount: 2400, currency: 'JPY' },
  createdAt: at(0),
  expiresAt: at(expiresMinute),
  updatedAt: at(0),
});

/** What every Store implementation must do, tested only through the port. */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    const withStore = (test: (store: Store) => Promise<void>) => async () => {
      const store = await makeStore();
      try {
        await test(store);
      } finally {
        await store.close();
      }
    };

    it(
      'saves sessions with optimistic versions',
      withStore(async (store) => {
        expect(await store.sessions.load('simulator:a')).toBeUndefined();
        await store.sessions.save('simulator:a', {
          flowId: 'f',
          flowHash: 'h1',
          snapshot: { value: 'start' },
          version: 1,
          updatedAt: at(1),
        });
        await expect(
          store.sessions.save('simulator:a', {
            flowId: 'f',
            flowHash: 'h1',
            snapshot: {},
            version: 1,
            updatedAt: at(2),
          }),
        ).rejects.toBeInstanceOf(ConflictError);
        await store.sessions.save('simulator:a', {
          flowId: 'f',
          flowHash: 'h2',
          snapshot: { value: 'next' },
          version: 2,
          updatedAt: at(3),
        });
        await expect(
          store.sessions.save('simulator:a', {
            flowId: 'f',
            flowHash: 'h2',
            snapshot: {},
            version: 2,
            updatedAt: at(4),
          }),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await store.sessions.load('simulator:a')).toEqual({
          flowId: 'f',
          flowHash: 'h2',
          snapshot: { value: 'next' },
          version: 2,
          updatedAt: at(3),
        });
      }),
    );

    it(
      'remembers inbound event ids per channel',
      withStore(async (store) => {
        expect(await store.inbox.seen('telegram', '42')).toBe(false);
        expect(await store.inbox.markSeen('telegram', '42', at(0))).toBe(true);
        expect(await store.inbox.markSeen('telegram', '42', at(1))).toBe(false);
        expect(await store.inbox.seen('telegram', '42')).toBe(true);
        expect(await store.inbox.seen('line', '42')).toBe(false);
        expect(await store.inbox.markSeen('line', '42', at(1))).toBe(true);
        // Seen inside a transaction that rolls back: not seen.
        await store
          .transaction(async (tx) => {
            await tx.inbox.markSeen('line', '43', at(2));
            throw new Error('roll back');
          })
          .catch(() => undefined);
        expect(await store.inbox.seen('line', '43')).toBe(false);
      }),
    );

    it(
      'counts failed attempts per inbound event, and retention forgets old ones',
      withStore(async (store) => {
        expect(await store.inbox.recordFailure('telegram', '77', 'TypeError: boom', at(0))).toBe(1);
        expect(await store.inbox.recordFailure('telegram', '77', 'TypeError: boom again', at(1))).toBe(2);
        expect(await store.inbox.recordFailure('line', '77', 'TypeError: boom', at(1))).toBe(1);
        expect(await store.inbox.recordFailure('telegram', '78', 'x'.repeat(5000), at(2))).toBe(1);
        expect(await store.inbox.recordFailure('telegram', '77', 'TypeError: boom', at(3))).toBe(3);
        // The purge counts them with the inbox (both are inbound ids): before at(2), the line one goes.
        expect((await store.privacy.purgeBefore(at(2))).inbox).toBe(1);
        expect(await store.inbox.recordFailure('line', '77', 'again', at(4))).toBe(1);
      }),
    );

    it(
      "claims only the named channels' outbox items when asked, leaving the others pending",
      withStore(async (store) => {
        const line = { channel: 'line', conversationId: 'U1', userId: 'U1' };
        const simulator = { channel: 'simulator', conversationId: 'aiko', userId: 'aiko' };
        const telegram = { channel: 'telegram', conversationId: '42', userId: '42' };
        const l1 = await store.outbox.enqueue(line, [{ type: 'text', text: 'for LINE' }], at(0));
        const s1 = await store.outbox.enqueue(simulator, [{ type: 'text', text: 'for the simulator' }], at(0));
        const t1 = await store.outbox.enqueue(telegram, [{ type: 'text', text: 'for Telegram' }], at(0));
        expect((await store.outbox.claimDue(at(0), 10, at(1), ['simulator'])).map((item) => item.id)).toEqual([s1]);
        expect(
          (await store.outbox.claimDue(at(0), 10, at(1), ['telegram', 'simulator'])).map((item) => item.id),
        ).toEqual([t1]);
        expect(await store.outbox.pendingCount()).toBe(3);
        // Without a filter every channel's item is claimable (LINE's was never leased).
        expect((await store.outbox.claimDue(at(0), 10, at(1))).map((item) => item.id)).toEqual([l1]);
      }),
    );

    it(
      'hands out the outbox oldest first, one item per conversation, honouring retries',
      withStore(async (store) => {
        const a1 = await store.outbox.enqueue(address('a'), [{ type: 'text', text: 'a1' }], at(0));
        const a2 = await store.outbox.enqueue(address('a'), [{ type: 'text', text: 'a2' }], at(0));
        const b1 = await store.outbox.enqueue(address('b'), [{ type: 'text', text: 'b1' }], at(0));
        expect((await store.outbox.claimDue(at(0), 10, at(0))).map((item) => item.id)).toEqual([a1, b1]);
        await store.outbox.markRetry(a1, at(5), 'HTTP 429');
        // a2 must not overtake a1 while a1 waits for its retry.
        expect((await store.outbox.claimDue(at(1), 10, at(1))).map((item) => item.id)).toEqual([b1]);
        const [retried] = await store.outbox.claimDue(at(5), 10, at(5));
        expect(retried).toMatchObject({
          id: a1,
          attempts: 1,
          replies: [{ type: 'text', text: 'a1' }],
          address: address('a'),
        });
        await store.outbox.markSent([retried!], at(5));
        await store.outbox.markFailed(b1, 'HTTP 403');
        expect((await store.outbox.claimDue(at(5), 10, at(5))).map((item) => item.id)).toEqual([a2]);
        expect(await store.outbox.pendingCount()).toBe(1);
        // Sending writes what was said into the transcript, in the same write.
        expect(await store.transcript.list('simulator:a')).toEqual([
          { direction: 'out', at: at(5), reply: { type: 'text', text: 'a1' } },
        ]);
        expect(await store.transcript.list('simulator:b')).toEqual([]);
      }),
    );

    it(
      'marks a round of sent items at once, each reply a transcript line in order',
      withStore(async (store) => {
        const c1 = await store.outbox.enqueue(
          address('c'),
          [
            { type: 'text', text: 'c1' },
            { type: 'text', text: 'c2' },
          ],
          at(0),
        );
        const d1 = await store.outbox.enqueue(address('d'), [{ type: 'text', text: 'd1' }], at(0));
        const round = await store.outbox.claimDue(at(0), 10, at(1));
        expect(round.map((item) => item.id)).toEqual([c1, d1]);
        await store.outbox.markSent(round, at(2));
        expect(await store.outbox.pendingCount()).toBe(0);
        expect((await store.transcript.list('simulator:c')).map((entry) => entry.reply)).toEqual([
          { type: 'text', text: 'c1' },
          { type: 'text', text: 'c2' },
        ]);
        expect((await store.transcript.list('simulator:d')).map((entry) => entry.reply)).toEqual([
          { type: 'text', text: 'd1' },
        ]);
        await store.outbox.markSent([], at(3));
        expect(await store.outbox.claimDue(at(9), 10, at(9))).toEqual([]);
      }),
    );

    it(
      'leases claimed outbox items so no other drainer gets them until the lease lapses',
      withStore(async (store) => {
        const id = await store.outbox.enqueue(address('lease'), [{ type: 'text', text: 'once' }], at(0));
        expect((await store.outbox.claimDue(at(1), 10, at(3))).map((item) => item.id)).toEqual([id]);
        expect(await store.outbox.claimDue(at(2), 10, at(4))).toEqual([]);
        // The first drainer died without marking it: the item comes back once the lease lapses.
        expect((await store.outbox.claimDue(at(3), 10, at(5))).map((item) => item.id)).toEqual([id]);
      }),
    );

    it(
      'keeps transcripts in order',
      withStore(async (store) => {
        await store.transcript.append(address('t'), [
          {
            direction: 'in',
            at: at(0),
            event: { id: 'e1', type: 'text', text: 'こんにちは', address: address('t'), receivedAt: at(0) },
          },
          { direction: 'out', at: at(0), reply: { type: 'text', text: 'いらっしゃいませ' } },
        ]);
        await store.transcript.append(address('other'), [
          { direction: 'out', at: at(1), reply: { type: 'text', text: 'x' } },
        ]);
        const entries = await store.transcript.list('simulator:t');
        expect(entries.map((entry) => entry.direction)).toEqual(['in', 'out']);
        expect(entries[1]?.reply).toEqual({ type: 'text', text: 'いらっしゃいませ' });
      }),
    );

    it(
      'lists conversations newest activity first, by channel, by words in their texts or key, a page at a time',
      withStore(async (store) => {
        const line: Address = { channel: 'line', conversationId: 'U_50%_off', userId: 'U1' };
        await store.transcript.append(address('old'), [
          {
            direction: 'in',
            at: at(0),
            event: {
              id: 'c1',
              type: 'text',
              text: 'Do you ship to Osaka?',
              address: address('old'),
              receivedAt: at(0),
            },
          },
          { direction: 'out', at: at(0), reply: { type: 'text', text: '送料は500円です' } },
        ]);
        await store.transcript.append(line, [
          {
            direction: 'in',
            at: at(1),
            event: { id: 'c2', type: 'postback', payload: 'k1:x', text: '緑茶', address: line, receivedAt: at(1) },
          },
        ]);
        await store.transcript.append(address('new'), [
          { direction: 'out', at: at(2), reply: { type: 'text', text: 'hello' } },
        ]);
        const keys = async (query?: Parameters<Store['transcript']['conversations']>[0]) =>
          (await store.transcript.conversations(query)).map((summary) => summary.key);
        expect(await keys()).toEqual(['simulator:new', 'line:U_50%_off', 'simulator:old']);
        const [newest, , oldest] = await store.transcript.conversations();
        expect(newest).toEqual({
          key: 'simulator:new',
          entries: 1,
          last: { direction: 'out', at: at(2), reply: { type: 'text', text: 'hello' } },
        });
        expect(oldest).toMatchObject({ entries: 2, last: { direction: 'out', reply: { text: '送料は500円です' } } });
        expect(await keys({ channel: 'line' })).toEqual(['line:U_50%_off']);
        expect(await keys({ channel: 'lin' })).toEqual([]);
        // Words in what the shopper wrote or the shop answered (ASCII case aside), or in the key.
        expect(await keys({ text: 'osaka' })).toEqual(['simulator:old']);
        expect(await keys({ text: '500円' })).toEqual(['simulator:old']);
        expect(await keys({ text: '緑茶' })).toEqual(['line:U_50%_off']);
        expect(await keys({ text: 'simulator:n' })).toEqual(['simulator:new']);
        // LIKE's wildcards are the characters themselves.
        expect(await keys({ text: '50%' })).toEqual(['line:U_50%_off']);
        expect(await keys({ text: '%' })).toEqual(['line:U_50%_off']);
        expect(await keys({ text: '_' })).toEqual(['line:U_50%_off']);
        expect(await keys({ text: 'hello', channel: 'line' })).toEqual([]);
        expect(await keys({ limit: 2 })).toEqual(['simulator:new', 'line:U_50%_off']);
        expect(await keys({ limit: 2, offset: 2 })).toEqual(['simulator:old']);
        // New activity moves a conversation to the top.
        await store.transcript.append(address('old'), [
          { direction: 'out', at: at(3), reply: { type: 'text', text: 'again' } },
        ]);
        expect((await keys())[0]).toBe('simulator:old');
      }),
    );

    it(
      'upserts the catalog and reports what changed, keeping reservations across re-imports',
      withStore(async (store) => {
        expect(await store.catalog.upsertMany([product('p1', 5), product('p2', 1)])).toEqual({
          inserted: 2,
          updated: 0,
          unchanged: 0,
        });
        expect(await store.catalog.reserve('p1', 2)).toBe(true);
        // Same file again: nothing changed, and the reservation is not undone.
        expect(await store.catalog.upsertMany([product('p1', 5), product('p2', 1)])).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 2,
        });
        expect((await store.catalog.get('p1'))?.stock).toBe(3);
        // The merchant changes the price and the stock figure: the file's stock wins.
        expect(await store.catalog.upsertMany([product('p1', 9, 1500)])).toEqual({
          inserted: 0,
          updated: 1,
          unchanged: 0,
        });
        expect(await store.catalog.get('p1')).toMatchObject({
          stock: 9,
          price: { amount: 1500, currency: 'JPY' },
          attributes: { origin: '宇治' },
        });
        expect((await store.catalog.getMany(['p2', 'nope', 'p1'])).map((item) => item.id)).toEqual(['p2', 'p1']);
        expect(await store.catalog.count()).toBe(2);
        expect((await store.catalog.all()).map((item) => item.id).sort()).toEqual(['p1', 'p2']);
      }),
    );

    it(
      'reserves stock atomically and never below zero',
      withStore(async (store) => {
        await store.catalog.upsertMany([product('p1', 3)]);
        const attempts = await Promise.all(
          [1, 2, 3, 4].map(() => store.transaction((tx) => tx.catalog.reserve('p1', 1))),
        );
        expect(attempts.filter(Boolean)).toHaveLength(3);
        expect(await store.catalog.reserve('p1', 1)).toBe(false);
        await store.catalog.release('p1', 2);
        expect((await store.catalog.get('p1'))?.stock).toBe(2);
        // Asking for more than is left changes nothing.
        expect(await store.catalog.reserve('p1', 3)).toBe(false);
        expect((await store.catalog.get('p1'))?.stock).toBe(2);
        expect(await store.catalog.reserve('missing', 1)).toBe(false);
      }),
    );

    it(
      'keeps reserved stock when a re-import changes other fields but not the stock figure',
      withStore(async (store) => {
        await store.catalog.upsertMany([product('p1', 5)]);
        expect(await store.catalog.reserve('p1', 2)).toBe(true);
        expect(await store.catalog.upsertMany([product('p1', 5, 1800)])).toEqual({
          inserted: 0,
          updated: 1,
          unchanged: 0,
        });
        expect(await store.catalog.get('p1')).toMatchObject({ stock: 3, price: { amount: 1800, currency: 'JPY' } });
      }),
    );

    it(
      'keeps variants: parent, option values in order, compare-at price, unlimited selling; each stocked on its own',
      withStore(async (store) => {
        const variant = (id: string, size: string, color: string, stock: number, extra: Partial<Product> = {}) => ({
          ...product(id, stock, 3900),
          parent: 'tee',
          options: { size, color },
          ...extra,
        });
        const tee = [
          variant('tee-l-black', 'L', 'Black', 2),
          variant('tee-xs-black', 'XS', 'Black', 0, { continueSelling: true }),
          variant('tee-m-navy', 'M', 'Navy', 1, { compareAtPrice: { amount: 4900, currency: 'JPY' } }),
          variant('tee-m-black', 'M', 'Black', 4),
        ];
        expect(await store.catalog.upsertMany([...tee, product('mug', 3)])).toEqual({
          inserted: 5,
          updated: 0,
          unchanged: 0,
        });
        // Option order (sizes small to large, then colour), not id or insertion order.
        expect((await store.catalog.variants('tee')).map((item) => item.id)).toEqual([
          'tee-xs-black',
          'tee-m-black',
          'tee-m-navy',
          'tee-l-black',
        ]);
        expect(await store.catalog.variants('mug')).toEqual([]);
        const navy = await store.catalog.get('tee-m-navy');
        expect(navy).toMatchObject({ parent: 'tee', compareAtPrice: { amount: 4900, currency: 'JPY' } });
        expect(Object.entries(navy!.options!)).toEqual([
          ['size', 'M'],
          ['color', 'Navy'],
        ]);
        const mug = await store.catalog.get('mug');
        expect([mug?.parent, mug?.options, mug?.compareAtPrice, mug?.continueSelling]).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
        ]);
        // Unlimited selling: reserving never fails and the figure stays; a limited variant runs out.
        expect(await store.catalog.reserve('tee-xs-black', 5)).toBe(true);
        await store.catalog.release('tee-xs-black', 5);
        expect((await store.catalog.get('tee-xs-black'))?.stock).toBe(0);
        expect(await store.catalog.reserve('tee-m-navy', 1)).toBe(true);
        expect(await store.catalog.reserve('tee-m-navy', 1)).toBe(false);
        // The same file again changes nothing; an option value or a sale ending is a change.
        expect(await store.catalog.upsertMany([...tee, product('mug', 3)])).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 5,
        });
        const changed = [
          variant('tee-l-black', 'XL', 'Black', 2),
          variant('tee-m-navy', 'M', 'Navy', 1),
          variant('tee-xs-black', 'XS', 'Black', 0),
        ];
        expect(await store.catalog.upsertMany(changed)).toEqual({ inserted: 0, updated: 3, unchanged: 0 });
        expect((await store.catalog.get('tee-l-black'))?.options).toEqual({ size: 'XL', color: 'Black' });
        expect((await store.catalog.get('tee-m-navy'))?.compareAtPrice).toBeUndefined();
        expect(await store.catalog.reserve('tee-xs-black', 1)).toBe(false);
      }),
    );

    it(
      "sets stock from the merchant's backend less what unpaid orders hold, never below 0, keeping the file's figure",
      withStore(async (store) => {
        await store.catalog.upsertMany([product('p1', 10), product('p2', 4)]);
        expect(await store.catalog.setAvailable('nope', 3)).toBeUndefined();
        await expect(store.catalog.setAvailable('p1', 1.5)).rejects.toThrow(RangeError);
        // An order awaiting payment holds its 2 units of p1.
        expect(await store.catalog.reserve('p1', 2)).toBe(true);
        await store.orders.create(order('KW-H1', 'h'), 'checkout');
        expect(await store.catalog.setAvailable('p1', 5)).toEqual({ id: 'p1', available: 5, reserved: 2, stock: 3 });
        expect(await store.catalog.setAvailable('p1', 1)).toEqual({ id: 'p1', available: 1, reserved: 2, stock: 0 });
        expect(await store.catalog.setAvailable('p1', -3)).toEqual({ id: 'p1', available: -3, reserved: 2, stock: 0 });
        expect(await store.catalog.reserved(['p1', 'p2', 'nope'])).toEqual(
          new Map([
            ['p1', 2],
            ['p2', 0],
            ['nope', 0],
          ]),
        );
        // The same catalog file again leaves the backend's figure: the file's own did not change.
        expect(await store.catalog.upsertMany([product('p1', 10)])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
        expect((await store.catalog.get('p1'))?.stock).toBe(0);
        // Paid units are sold, no longer held.
        await store.orders.transition('KW-H1', ['awaiting_payment'], 'paid', 'payment:demo:1', at(1));
        expect(await store.catalog.setAvailable('p1', 5)).toMatchObject({ reserved: 0, stock: 5 });
        // A wrong amount paid before expiry keeps its units held; after expiry (they were given back) not.
        await store.orders.create(order('KW-H2', 'h'), 'checkout');
        await store.orders.transition('KW-H2', ['awaiting_payment'], 'payment_mismatch', 'payment:demo:2', at(2));
        await store.orders.create(order('KW-H3', 'h'), 'checkout');
        await store.orders.transition('KW-H3', ['awaiting_payment'], 'expired', 'expired', at(3));
        await store.orders.transition('KW-H3', ['expired'], 'payment_mismatch', 'payment:demo:3', at(4));
        expect(await store.catalog.setAvailable('p1', 5)).toMatchObject({ reserved: 2, stock: 3 });
        // Inside a transaction that rolls back, nothing of it stays.
        await store
          .transaction(async (tx) => {
            await tx.catalog.setAvailable('p2', 0);
            throw new Error('roll back');
          })
          .catch(() => undefined);
        expect((await store.catalog.get('p2'))?.stock).toBe(4);
        // A product sold without a stock limit keeps selling whatever the figure.
        await store.catalog.upsertMany([{ ...product('free', 0), continueSelling: true }]);
        expect(await store.catalog.setAvailable('free', 0)).toMatchObject({ stock: 0 });
        expect(await store.catalog.reserve('free', 4)).toBe(true);
      }),
    );

    it(
      'updates fields but keeps stock when asked (keepStock), inserting new products with theirs',
      withStore(async (store) => {
        await store.catalog.upsertMany([product('k1', 5)]);
        await store.catalog.setAvailable('k1', 2);
        expect(await store.catalog.upsertMany([product('k1', 9, 1500), product('k2', 4)], { keepStock: true })).toEqual(
          {
            inserted: 1,
            updated: 1,
            unchanged: 0,
          },
        );
        expect(await store.catalog.get('k1')).toMatchObject({ stock: 2, price: { amount: 1500, currency: 'JPY' } });
        expect((await store.catalog.get('k2'))?.stock).toBe(4);
        expect(await store.catalog.upsertMany([product('k1', 0, 1500)], { keepStock: true })).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 1,
        });
        // The file's last figure (5) is still the one a re-import compares with.
        expect(await store.catalog.upsertMany([product('k1', 5, 1500)])).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 1,
        });
        expect((await store.catalog.get('k1'))?.stock).toBe(2);
      }),
    );

    it(
      'never oversells while the backend figure is set again and again during checkouts: exactly the figure sells',
      withStore(async (store) => {
        await store.catalog.upsertMany([product('race', 0)]);
        expect(await store.catalog.setAvailable('race', 3)).toMatchObject({ stock: 3 });
        const checkout = (index: number) =>
          store.transaction(async (tx) => {
            if (!(await tx.catalog.reserve('race', 1))) return false;
            // The order is written after the units are taken, as checkout does: the sync must wait for both.
            await new Promise((resolve) => setImmediate(resolve));
            await tx.orders.create(
              {
                ...order(`KW-R${index}`, `race-${index}`),
                lines: [
                  { productId: 'race', title: 'race', quantity: 1, unitPrice: { amount: 1200, currency: 'JPY' } },
                ],
                total: { amount: 1200, currency: 'JPY' },
              },
              'checkout',
            );
            return true;
          });
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            index % 2 === 0
              ? Promise.all([checkout(index), store.catalog.setAvailable('race', 3)])
              : Promise.all([checkout(index)]),
          ),
        );
        expect(outcomes.filter(([sold]) => sold)).toHaveLength(3);
        for (const [, figure] of outcomes)
          if (figure && typeof figure === 'object') expect(figure.reserved + figure.stock).toBe(3);
        expect((await store.catalog.get('race'))?.stock).toBe(0);
        expect(await store.catalog.setAvailable('race', 3)).toEqual({
          id: 'race',
          available: 3,
          reserved: 3,
          stock: 0,
        });
      }),
    );

    it(
      'remembers Shopify webhooks once (for a week) and links Shopify products, variants and inventory items',
      withStore(async (store) => {
        expect(await store.shopify.recordDelivery('w1', 'products/update', at(0))).toBe(true);
        expect(await store.shopify.recordDelivery('w1', 'products/update', at(1))).toBe(false);
        await store
          .transaction(async (tx) => {
            await tx.shopify.recordDelivery('w2', 'products/update', at(2));
            throw new Error('roll back');
          })
          .catch(() => undefined);
        expect(await store.shopify.recordDelivery('w2', 'products/update', at(3))).toBe(true);
        // A week later w1 is forgotten (Shopify retries for hours), w2 too once its week is over.
        expect(await store.shopify.recordDelivery('w3', 'products/update', '2026-11-29T10:02:00.000Z')).toBe(true);
        expect(await store.shopify.recordDelivery('w1', 'products/update', '2026-11-29T10:03:00.000Z')).toBe(true);
        expect(await store.shopify.recordDelivery('w3', 'products/update', '2026-11-29T10:04:00.000Z')).toBe(false);

        expect(await store.shopify.product('1001')).toBeUndefined();
        await store.shopify.saveProduct({ shopifyId: '1001', handle: 'tee', updatedAt: at(5), deleted: false });
        await store.shopify.saveProduct({ shopifyId: '1001', handle: 'trail-tee', updatedAt: at(6), deleted: false });
        expect(await store.shopify.product('1001')).toEqual({
          shopifyId: '1001',
          handle: 'trail-tee',
          updatedAt: at(6),
          deleted: false,
        });
        const links = [
          { variantId: '11', shopifyProductId: '1001', productId: 'TEE-S', inventoryItemId: '901' },
          { variantId: '12', shopifyProductId: '1001', productId: 'trail-tee/m' },
        ];
        await store.shopify.replaceVariants('1001', links);
        expect(await store.shopify.variants('1001')).toEqual(links);
        expect(await store.shopify.variantOf('trail-tee/m')).toEqual(links[1]);
        expect(await store.shopify.variantByItem('901')).toEqual(links[0]);
        expect(await store.shopify.variantByItem('999')).toBeUndefined();
        // Levels per location: their sum is the item's figure.
        expect(await store.shopify.levelSum('901')).toBeUndefined();
        expect(await store.shopify.saveLevel('901', '1', { available: 4, updatedAt: at(7) })).toBe(4);
        expect(await store.shopify.saveLevel('901', '2', { available: -1, updatedAt: at(7) })).toBe(3);
        expect(await store.shopify.saveLevel('901', '1', { available: 6, updatedAt: at(8) })).toBe(5);
        expect(await store.shopify.level('901', '1')).toEqual({ available: 6, updatedAt: at(8) });
        // A catalog id moves to the variant of another product that now has it; an item no longer linked is forgotten.
        await store.shopify.replaceVariants('1002', [
          { variantId: '21', shopifyProductId: '1002', productId: 'TEE-S' },
        ]);
        await store.shopify.replaceVariants('1001', [links[1]!]);
        expect(await store.shopify.variants('1001')).toEqual([links[1]]);
        expect(await store.shopify.variantOf('TEE-S')).toMatchObject({ variantId: '21', shopifyProductId: '1002' });
        expect(await store.shopify.levelSum('901')).toBeUndefined();
      }),
    );

    it(
      'moves orders by compare-and-set and records every transition',
      withStore(async (store) => {
        await store.orders.create(order('KW-1', 'o'), 'checkout');
        // A reference beyond 2^53 (LINE Pay's transactionId) comes back digit for digit.
        await store.orders.setPayment('KW-1', {
          provider: 'demo',
          url: 'http://x/pay',
          reference: '2026112200000000001',
        });
        expect(await store.orders.transition('KW-1', ['paid'], 'fulfilled', 'nope', at(1))).toBeUndefined();
        const paid = await store.orders.transition('KW-1', ['awaiting_payment'], 'paid', 'payment:demo:1', at(2));
        expect(paid).toMatchObject({
          status: 'paid',
          provider: 'demo',
          paymentUrl: 'http://x/pay',
          paymentReference: '2026112200000000001',
          total: { amount: 2400, currency: 'JPY' },
        });
        expect(await store.orders.transition('KW-1', ['awaiting_payment'], 'paid', 'again', at(3))).toBeUndefined();
        expect((await store.orders.history('KW-1')).map((step) => [step.from, step.to, step.cause])).toEqual([
          [null, 'awaiting_payment', 'checkout'],
          ['awaiting_payment', 'paid', 'payment:demo:1'],
        ]);
        await store.orders.create(order('KW-2', 'o', 10), 'checkout');
        await store.orders.create(order('KW-3', 'p', 50), 'checkout');
        expect((await store.orders.listExpired(at(20), 10)).map((item) => item.id)).toEqual(['KW-2']);
        // KW-1 is paid, so it never expires; KW-3 lapses later.
        expect((await store.orders.listExpired(at(40), 10)).map((item) => item.id)).toEqual(['KW-2']);
        expect(await store.orders.get('nope')).toBeUndefined();
        expect((await store.orders.listByConversation(address('o'))).map((item) => item.id)).toEqual(['KW-1', 'KW-2']);
      }),
    );

    it(
      'keeps an order’s shipping line with it, and an order without charges has none',
      withStore(async (store) => {
        const charges = [
          { kind: 'shipping' as const, label: '送料', amount: { amount: 500, currency: 'JPY' }, zone: 'japan' },
        ];
        await store.orders.create(
          { ...order('KW-S1', 's'), charges, total: { amount: 2900, currency: 'JPY' } },
          'checkout',
        );
        await store.orders.create(order('KW-S2', 's'), 'checkout');
        expect(await store.orders.get('KW-S1')).toMatchObject({ charges, total: { amount: 2900, currency: 'JPY' } });
        expect(await store.orders.get('KW-S2')).not.toHaveProperty('charges');
      }),
    );

    it(
      'keeps an order’s tax breakdown per rate and its exclusive tax line with it, and an order without tax has none',
      withStore(async (store) => {
        const yen = (amount: number) => ({ amount, currency: 'JPY' });
        const tax = {
          prices: 'inclusive' as const,
          lines: [
            { classes: ['standard'], rate: 10, base: yen(7000), tax: yen(636) },
            { classes: ['reduced'], rate: 8, base: yen(2400), tax: yen(177) },
          ],
          total: yen(813),
        };
        await store.orders.create(
          {
            ...order('KW-T1', 't'),
            lines: [{ productId: 'tea', title: '煎茶', quantity: 2, unitPrice: yen(1200), taxClass: 'reduced' }],
            tax,
          },
          'checkout',
        );
        const usd = (amount: number) => ({ amount, currency: 'USD' });
        const exclusive = {
          prices: 'exclusive' as const,
          region: 'US-CA',
          lines: [{ classes: ['standard'], rate: 7.25, base: usd(4500), tax: usd(326) }],
          total: usd(326),
        };
        const charges = [{ kind: 'tax' as const, label: 'Sales tax (CA 7.25%)', amount: usd(326), rate: 7.25 }];
        await store.orders.create({ ...order('KW-T2', 't'), charges, tax: exclusive, total: usd(4826) }, 'checkout');
        expect(await store.orders.get('KW-T1')).toMatchObject({
          tax,
          lines: [{ taxClass: 'reduced' }],
        });
        expect(await store.orders.get('KW-T2')).toMatchObject({ charges, tax: exclusive, total: usd(4826) });
        expect(await store.orders.get('KW-T2')).toMatchObject({ tax: { lines: [{ rate: 7.25 }] } });
        await store.orders.create(order('KW-T3', 't'), 'checkout');
        expect(await store.orders.get('KW-T3')).not.toHaveProperty('tax');
      }),
    );

    it(
      'keeps a fulfilled order’s carrier, tracking number and tracking page with it',
      withStore(async (store) => {
        await store.orders.create(order('KW-F1', 'f'), 'checkout');
        await store.orders.create(order('KW-F2', 'f'), 'checkout');
        const shipment = {
          carrier: 'yamato',
          trackingNumber: '1234-5678-9012',
          trackingUrl: 'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=1234-5678-9012',
        };
        await store.transaction(async (tx) => {
          await tx.orders.transition('KW-F1', ['awaiting_payment'], 'paid', 'payment:demo:F1', at(1));
          await tx.orders.transition('KW-F1', ['paid'], 'fulfilled', 'cli:fulfil', at(2));
          await tx.orders.setShipment('KW-F1', shipment);
        });
        expect(await store.orders.get('KW-F1')).toMatchObject({ status: 'fulfilled', shipment });
        expect((await store.orders.listByConversation(address('f')))[0]).toMatchObject({ shipment });
        expect(await store.orders.get('KW-F2')).not.toHaveProperty('shipment');
      }),
    );

    it(
      'keeps the delivery address the shopper gave with the order',
      withStore(async (store) => {
        await store.orders.create(order('KW-S1', 's'), 'checkout');
        await store.orders.create(order('KW-S2', 's'), 'checkout');
        const shipTo = {
          name: '山田 花子',
          postalCode: '150-0001',
          country: 'JP',
          region: '東京都',
          city: '渋谷区',
          line1: '神宮前1-2-3',
          line2: 'サワビル 4F',
          phone: '090-1234-5678',
        };
        await store.transaction(async (tx) => {
          await tx.orders.transition('KW-S1', ['awaiting_payment'], 'paid', 'payment:demo:S1', at(1));
          await tx.orders.setShipTo('KW-S1', shipTo);
        });
        expect(await store.orders.get('KW-S1')).toMatchObject({ status: 'paid', shipTo });
        expect((await store.orders.listByConversation(address('s')))[0]).toMatchObject({ shipTo });
        expect(await store.orders.get('KW-S2')).not.toHaveProperty('shipTo');
      }),
    );

    it(
      'lists orders for the merchant, newest first, by status, channel and creation time',
      withStore(async (store) => {
        const made = (id: string, minute: number, channel: Address['channel'] = 'simulator') => ({
          ...order(id, `c-${id}`),
          address: { channel, conversationId: `c-${id}`, userId: 'u' },
          createdAt: at(minute),
          updatedAt: at(minute),
        });
        await store.orders.create(made('KW-A', 1), 'checkout');
        await store.orders.create(made('KW-B', 2, 'line'), 'checkout');
        await store.orders.create(made('KW-C', 3, 'line'), 'checkout');
        await store.orders.transition('KW-B', ['awaiting_payment'], 'paid', 'payment:demo:B', at(4));
        const ids = async (filter: Parameters<Store['orders']['list']>[0]) =>
          (await store.orders.list(filter)).map((item) => item.id);
        expect(await ids({})).toEqual(['KW-C', 'KW-B', 'KW-A']);
        expect(await ids({ status: 'paid' })).toEqual(['KW-B']);
        expect(await ids({ channel: 'line' })).toEqual(['KW-C', 'KW-B']);
        expect(await ids({ channel: 'li%' })).toEqual([]);
        expect(await ids({ from: at(2), to: at(3) })).toEqual(['KW-B']);
        expect(await ids({ limit: 1 })).toEqual(['KW-C']);
      }),
    );

    it(
      'keeps handoffs: open once, listed longest-waiting first, touched, released',
      withStore(async (store) => {
        await store.handoffs.open(address('h2'), 'asked for a person', at(2));
        await store.handoffs.open(address('h1'), 'handoff', at(1));
        await store.handoffs.open(address('h1'), 'again', at(5));
        expect((await store.handoffs.list()).map((item) => [item.key, item.since])).toEqual([
          ['simulator:h1', at(1)],
          ['simulator:h2', at(2)],
        ]);
        await store.handoffs.touch('simulator:h1', 'まだですか？', at(6));
        expect(await store.handoffs.get('simulator:h1')).toEqual({
          key: 'simulator:h1',
          address: address('h1'),
          reason: 'handoff',
          since: at(1),
          lastMessage: 'まだですか？',
          lastMessageAt: at(6),
        });
        expect(await store.handoffs.release('simulator:h1')).toBe(true);
        expect(await store.handoffs.release('simulator:h1')).toBe(false);
        expect(await store.handoffs.get('simulator:h1')).toBeUndefined();
        expect((await store.handoffs.list()).map((item) => item.key)).toEqual(['simulator:h2']);
      }),
    );

    it(
      'erases one conversation and anonymises its orders, idempotently, leaving others alone',
      withStore(async (store) => {
        const shopper = address('erase-me');
        const other = address('keep-me');
        for (const who of [shopper, other]) {
          const id = `e-${who.conversationId}`;
          await store.sessions.save(`simulator:${who.conversationId}`, {
            flowId: 'f',
            flowHash: 'h',
            snapshot: { phone: '090-1234-5678' },
            version: 1,
            updatedAt: at(0),
          });
          await store.transcript.append(who, [
            {
              direction: 'in',
              at: at(1),
              event: { id, type: 'text', text: 'my address is 1-2-3 Tokyo', address: who, receivedAt: at(1) },
            },
          ]);
          await store.outbox.enqueue(who, [{ type: 'text', text: 'hi' }], at(1));
          await store.orders.create({ ...order(`KW-${who.conversationId}`, who.conversationId) }, 'checkout');
          await store.orders.setShipTo(`KW-${who.conversationId}`, {
            name: `Name ${who.conversationId}`,
            postalCode: '606-8267',
            country: 'JP',
            line1: '1-2-3 Kitashirakawa',
          });
          await store.promotions.reserve(
            { code: 'SAWA10', orderId: `KW-${who.conversationId}`, address: who, at: at(1) },
            {},
          );
          await store.consents.set(who, true, 'flow:optIn', at(1));
          await store.inbox.markSeen('simulator', id, at(1));
          await store.inbox.recordFailure('simulator', id, 'Error: cannot read "my address is 1-2-3 Tokyo"', at(1));
        }
        // The same event id on another channel is another event.
        await store.inbox.markSeen('line', 'e-erase-me', at(1));
        await store.handoffs.open(shopper, 'asked', at(2));
        const pseudonym = { channel: 'simulator' as const, conversationId: 'erased-x', userId: 'erased-x' };
        const report = {
          sessions: 1,
          transcript: 1,
          outbox: 1,
          handoffs: 1,
          ordersAnonymised: 1,
          promotionUsesAnonymised: 1,
          consents: 1,
          inbox: 2,
        };
        expect(await store.privacy.erase('simulator:erase-me', pseudonym)).toEqual(report);
        expect(await store.sessions.load('simulator:erase-me')).toBeUndefined();
        expect(await store.transcript.list('simulator:erase-me')).toEqual([]);
        expect(await store.orders.listByConversation(shopper)).toEqual([]);
        // The coupon use stays with its order (the code's count is right), under the order's pseudonym.
        expect(await store.promotions.listByConversation(shopper)).toEqual([]);
        expect(await store.promotions.listByConversation(pseudonym)).toMatchObject([{ orderId: 'KW-erase-me' }]);
        expect(await store.promotions.held('SAWA10')).toBe(2);
        expect(await store.consents.get('simulator', 'erase-me')).toBeUndefined();
        expect(await store.inbox.seen('simulator', 'e-erase-me')).toBe(false);
        const kept = await store.orders.get('KW-erase-me');
        expect(kept?.address).toEqual(pseudonym);
        expect(kept?.total).toEqual({ amount: 2400, currency: 'JPY' });
        // The delivery address goes with the shopper; the other shopper's stays.
        expect(kept).not.toHaveProperty('shipTo');
        expect((await store.orders.get('KW-keep-me'))?.shipTo).toMatchObject({ name: 'Name keep-me' });
        const zeros = Object.fromEntries(Object.keys(report).map((name) => [name, 0]));
        expect(await store.privacy.erase('simulator:erase-me', pseudonym)).toEqual(zeros);
        expect(await store.transcript.list('simulator:keep-me')).toHaveLength(1);
        expect(await store.orders.listByConversation(other)).toHaveLength(1);
        expect(await store.consents.get('simulator', 'keep-me')).toMatchObject({ optedIn: true, source: 'flow:optIn' });
        expect(await store.inbox.seen('simulator', 'e-keep-me')).toBe(true);
        expect(await store.inbox.seen('line', 'e-erase-me')).toBe(true);
        // The failed attempts went too: counting starts again; the other shopper's count goes on.
        expect(await store.inbox.recordFailure('simulator', 'e-erase-me', 'Error: again', at(2))).toBe(1);
        expect(await store.inbox.recordFailure('simulator', 'e-keep-me', 'Error: again', at(2))).toBe(2);
      }),
    );

    it(
      'counts funnel events per day and channel, each conversation once per step, revenue per currency',
      withStore(async (store) => {
        const line = (id: string): Address => ({ channel: 'line', conversationId: id, userId: id });
        await store.funnel.record(
          address('f1'),
          [{ step: 'conversation_started' }, { step: 'recommendations_shown' }],
          at(1),
        );
        await store.funnel.record(address('f1'), [{ step: 'recommendations_shown' }], at(2));
        await store.funnel.record(
          address('f2'),
          [
            { step: 'conversation_started' },
            { step: 'paid', orderId: 'KW-1', amount: { amount: 2400, currency: 'JPY' } },
          ],
          at(3),
        );
        await store.funnel.record(
          line('f3'),
          [{ step: 'paid', orderId: 'KW-2', amount: { amount: 1200, currency: 'JPY' } }],
          at(4),
        );
        await store.funnel.record(address('late'), [{ step: 'conversation_started' }], '2026-11-23T00:00:00.000Z');
        const days = await store.funnel.summary('2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z');
        expect(days).toEqual([
          {
            day: '2026-11-22',
            channel: 'line',
            counts: {
              conversation_started: 0,
              recommendations_shown: 0,
              added_to_cart: 0,
              checkout_started: 0,
              paid: 1,
            },
            revenue: { JPY: 1200 },
          },
          {
            day: '2026-11-22',
            channel: 'simulator',
            counts: {
              conversation_started: 2,
              recommendations_shown: 1,
              added_to_cart: 0,
              checkout_started: 0,
              paid: 1,
            },
            revenue: { JPY: 2400 },
          },
        ]);
      }),
    );

    it(
      'purges conversation data older than the retention cutoff, keeping orders, open handoffs and newer data',
      withStore(async (store) => {
        const old = address('old');
        const recent = address('recent');
        await store.sessions.save('simulator:old', {
          flowId: 'f',
          flowHash: 'h',
          snapshot: {},
          version: 1,
          updatedAt: at(1),
        });
        await store.sessions.save('simulator:recent', {
          flowId: 'f',
          flowHash: 'h',
          snapshot: {},
          version: 1,
          updatedAt: at(50),
        });
        await store.transcript.append(old, [
          {
            direction: 'in',
            at: at(1),
            event: { id: 'o1', type: 'text', text: 'old', address: old, receivedAt: at(1) },
          },
        ]);
        await store.transcript.append(recent, [
          {
            direction: 'in',
            at: at(50),
            event: { id: 'r1', type: 'text', text: 'new', address: recent, receivedAt: at(50) },
          },
        ]);
        await store.inbox.markSeen('simulator', 'o1', at(1));
        const sent = await store.outbox.enqueue(old, [{ type: 'text', text: 'x' }], at(1));
        await store.outbox.markSent([{ id: sent, address: old, replies: [{ type: 'text', text: 'x' }] }], at(2));
        await store.outbox.enqueue(old, [{ type: 'text', text: 'pending' }], at(1));
        await store.funnel.record(old, [{ step: 'conversation_started' }], at(1));
        await store.orders.create(order('KW-OLD', 'old'), 'checkout');
        expect(await store.privacy.purgeBefore(at(30))).toEqual({
          transcript: 2,
          sessions: 1,
          outbox: 1,
          inbox: 1,
          funnel: 1,
        });
        expect(await store.transcript.list('simulator:recent')).toHaveLength(1);
        expect(await store.sessions.load('simulator:recent')).toBeDefined();
        expect(await store.orders.get('KW-OLD')).toBeDefined();
        expect(await store.outbox.pendingCount()).toBe(1);
        expect(await store.inbox.markSeen('simulator', 'o1', at(60))).toBe(true);
      }),
    );

    it(
      'keeps the latest marketing consent per shopper and channel, with time and source',
      withStore(async (store) => {
        expect(await store.consents.get('simulator', 'c1')).toBeUndefined();
        await store.consents.set(address('c1'), true, 'flow:optIn', at(1));
        await store.consents.set(address('c1'), false, 'flow:optOut', at(2));
        expect(await store.consents.get('simulator', 'c1')).toEqual({
          channel: 'simulator',
          userId: 'c1',
          optedIn: false,
          at: at(2),
          source: 'flow:optOut',
        });
        expect(await store.consents.get('line', 'c1')).toBeUndefined();
      }),
    );

    it(
      'records each payment event once',
      withStore(async (store) => {
        const event = {
          providerEventId: 'demo:KW-1',
          provider: 'demo',
          orderId: 'KW-1',
          status: 'paid' as const,
          amount: { amount: 2400, currency: 'JPY' },
        };
        expect(await store.payments.record(event, 'paid', at(0))).toBe(true);
        expect(await store.payments.record(event, 'paid', at(1))).toBe(false);
      }),
    );

    it(
      'commits a transaction whole or not at all',
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.inbox.markSeen('simulator', 'kept', at(0));
        });
        await expect(
          store.transaction(async (tx) => {
            await tx.inbox.markSeen('simulator', 'dropped', at(0));
            await tx.outbox.enqueue(address('r'), [{ type: 'text', text: 'never sent' }], at(0));
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await store.inbox.markSeen('simulator', 'kept', at(1))).toBe(false);
        expect(await store.inbox.markSeen('simulator', 'dropped', at(1))).toBe(true);
        expect(await store.outbox.pendingCount()).toBe(0);
      }),
    );

    it(
      'rolls back what a nested transaction wrote when the outer one fails',
      withStore(async (store) => {
        await expect(
          store.transaction(async (tx) => {
            await tx.transaction(async (inner) => inner.inbox.markSeen('simulator', 'nested', at(0)));
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await store.inbox.markSeen('simulator', 'nested', at(1))).toBe(true);
      }),
    );

    it(
      'keeps writes made outside a transaction out of it, and its uncommitted writes out of sight',
      withStore(async (store) => {
        let wrote!: () => void;
        let finish!: () => void;
        const written = new Promise<void>((resolve) => (wrote = resolve));
        const gate = new Promise<void>((resolve) => (finish = resolve));
        const failing = store.transaction(async (tx) => {
          await tx.outbox.enqueue(address('x'), [{ type: 'text', text: 'uncommitted' }], at(0));
          wrote();
          await gate;
          throw new Error('abort');
        });
        await written;
        // Issued while the transaction is open; not awaited yet, as an implementation may make them wait for it.
        const outside = store.inbox.markSeen('simulator', 'outside', at(0));
        const claimed = store.outbox.claimDue(at(0), 10, at(1));
        finish();
        await expect(failing).rejects.toThrow('abort');
        expect(await outside).toBe(true);
        expect(await claimed).toEqual([]);
        expect(await store.inbox.markSeen('simulator', 'outside', at(1))).toBe(false);
        expect(await store.outbox.pendingCount()).toBe(0);
      }),
    );

    it(
      'does not interleave the writes of two transactions on one conversation',
      withStore(async (store) => {
        const write = (label: string) =>
          store.transaction(async (tx) => {
            await tx.lockConversation('simulator:log');
            for (let index = 0; index < 3; index++) {
              await tx.transcript.append(address('log'), [
                { direction: 'out', at: at(index), reply: { type: 'text', text: `${label}${index}` } },
              ]);
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
          });
        await Promise.all([write('a'), write('b')]);
        const texts = (await store.transcript.list('simulator:log')).map((entry) =>
          entry.reply?.type === 'text' ? entry.reply.text : '',
        );
        expect([
          ['a0', 'a1', 'a2', 'b0', 'b1', 'b2'],
          ['b0', 'b1', 'b2', 'a0', 'a1', 'a2'],
        ]).toContainEqual(texts);
      }),
    );

    it(
      'lets code inside a transaction call the root store: the call joins it, even with every connection in use',
      withStore(async (store) => {
        // The composition root hands the recommender `store.catalog`, and it is called during turns.
        const turn = (index: number) =>
          store.transaction(async (tx) => {
            await tx.inbox.markSeen('simulator', `joined-${index}`, at(0));
            await new Promise((resolve) => setTimeout(resolve, 5));
            const [seen, products] = await Promise.all([
              store.inbox.seen('simulator', `joined-${index}`),
              store.catalog.getMany(['none']),
            ]);
            const nested = await store.transaction(async (inner) =>
              inner.inbox.markSeen('simulator', `joined-${index}`, at(1)),
            );
            return { seen, products, nested };
          });
        // More turns at once than the PostgreSQL contract store has connections (5).
        const results = await Promise.all(Array.from({ length: 12 }, (_, index) => turn(index)));
        expect(results).toEqual(Array.from({ length: 12 }, () => ({ seen: true, products: [], nested: false })));
      }),
    );

    it(
      'serialises concurrent transactions and joins nested ones',
      withStore(async (store) => {
        await store.sessions.save('simulator:counter', {
          flowId: 'f',
          flowHash: 'h',
          snapshot: { n: 0 },
          version: 1,
          updatedAt: at(0),
        });
        const increment = () =>
          store.transaction(async (tx) => {
            await tx.lockConversation('simulator:counter');
            const session = (await tx.sessions.load('simulator:counter'))!;
            await new Promise((resolve) => setTimeout(resolve, 2));
            await tx.transaction(async (inner) =>
              inner.sessions.save('simulator:counter', {
                ...session,
                snapshot: { n: (session.snapshot as { n: number }).n + 1 },
                version: session.version + 1,
              }),
            );
          });
        await Promise.all(Array.from({ length: 10 }, increment));
        expect((await store.sessions.load('simulator:counter'))?.snapshot).toEqual({ n: 10 });
      }),
    );
  });
}
