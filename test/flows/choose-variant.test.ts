import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Address, Product, Reply, Store } from '../../src/core/index.js';
import { ActionFailure, builtInActions, decodePayload, type FlowServices } from '../../src/flows/index.js';
import { initialContext } from '../../src/flows/context.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

// chooseVariant against a real SQLite catalog: what its buttons carry, and buttons from older messages.
const services: FlowServices = {
  shop: { name: { en: 'Shop' }, currency: 'USD', defaultLocale: 'en', locales: ['en', 'ja'], timeZone: 'UTC' },
  recommender: { name: 'none', recommend: async () => [] },
  faq: { answer: async () => null },
  orders: {
    checkout: async () => {
      throw new Error('no orders here');
    },
    applyPayment: async () => ({ kind: 'ignored', reason: 'test' }),
    expireDue: async () => [],
  },
};
const address: Address = { channel: 'simulator', conversationId: 'c1', userId: 'u1' };
const tee = (id: string, color: string, size: string, stock: number): Product => ({
  id,
  parent: 'trail-tee',
  options: { color, size },
  title: { en: 'Trail Tee', ja: 'トレイルTシャツ' },
  description: { en: '' },
  price: { amount: 3900, currency: 'USD' },
  stock,
  tags: [],
  attributes: {},
});

let dir: string;
let store: Store;
const clock = { now: () => new Date('2026-12-04T10:00:00Z') };
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-choose-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
  await store.catalog.upsertMany([
    tee('tee-black-m', 'Black', 'M', 2),
    tee('tee-black-l', 'Black', 'L', 0),
    tee('tee-navy-m', 'Navy', 'M', 1),
    {
      ...tee('solo', 'Red', 'S', 1),
      id: 'solo-red-s',
      parent: 'solo-tee',
    },
  ]);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const choose = async (arg: string, locale = 'en') => {
  const result = await store.transaction((tx) =>
    builtInActions.chooseVariant!({
      context: initialContext(locale),
      event: { type: 'chooseVariant', arg },
      args: { arg },
      services,
      address,
      tx,
      now: clock.now(),
    }),
  );
  if (!result) throw new Error('chooseVariant returned nothing');
  return result;
};
const choicesOf = (replies: Reply[] | undefined) => {
  const reply = replies?.[0];
  if (reply?.type !== 'choices') throw new Error(`expected choices, got ${reply?.type}`);
  return reply;
};

describe('chooseVariant', () => {
  it('asks option by option; buttons carry a variant and how many options are chosen, within 64 bytes', async () => {
    const colour = choicesOf((await choose('trail-tee')).replies);
    expect(colour.text).toBe('Which Color would you like for “Trail Tee”?');
    expect(colour.choices.map((choice) => [choice.label, choice.value, decodePayload(choice.payload)])).toEqual([
      ['Black', 'Black', { kind: 'do', action: 'chooseVariant', arg: 'tee-black-m|1' }],
      ['Navy', 'Navy', { kind: 'do', action: 'chooseVariant', arg: 'tee-navy-m|1' }],
    ]);
    const size = choicesOf((await choose('tee-black-m|1')).replies);
    expect(size.text).toBe('Which Size would you like for “Trail Tee”?\nSold out: L');
    expect(size.choices.map((choice) => [choice.label, decodePayload(choice.payload)])).toEqual([
      ['M', { kind: 'do', action: 'addToCart', arg: 'tee-black-m' }],
    ]);
    for (const choice of [...colour.choices, ...size.choices])
      expect(Buffer.byteLength(choice.payload)).toBeLessThanOrEqual(64);
  });

  it('speaks the shopper language: サイズ and 色', async () => {
    const colour = choicesOf((await choose('trail-tee', 'ja')).replies);
    expect(colour.text).toBe('「トレイルTシャツ」の色をお選びください。');
  });

  it('skips an option with one value, and adds the variant when a crafted button has every option chosen', async () => {
    const size = choicesOf((await choose('solo-tee')).replies);
    expect(size.text).toBe('Which Size would you like for “Trail Tee”?');
    expect(size.choices.map((choice) => decodePayload(choice.payload))).toEqual([
      { kind: 'do', action: 'addToCart', arg: 'solo-red-s' },
    ]);
    const result = await choose('solo-red-s|2');
    expect(result.replies).toEqual([{ type: 'text', text: 'Added “Trail Tee (Red / S)” to your cart ($39.00).' }]);
    expect(result.context?.cart).toEqual([{ productId: 'solo-red-s', quantity: 1 }]);
  });

  it('refuses a sold-out option and offers the product’s other options', async () => {
    const failure = await store
      .transaction((tx) =>
        builtInActions.addToCart!({
          context: initialContext('en'),
          event: { type: 'addToCart', arg: 'tee-black-l' },
          args: { arg: 'tee-black-l' },
          services,
          address,
          tx,
          now: clock.now(),
        }),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).text.en).toBe('Sorry, “Trail Tee (Black / L)” is out of stock.');
    expect((failure as ActionFailure).choices.map((choice) => decodePayload(choice.payload))).toEqual([
      { kind: 'do', action: 'chooseVariant', arg: 'trail-tee' },
    ]);
  });

  it('answers a button from an older message whose variant or product is gone, changing nothing', async () => {
    await expect(choose('tee-gone|1')).rejects.toBeInstanceOf(ActionFailure);
    await expect(choose('tee-gone|1')).rejects.toMatchObject({
      text: { en: 'Sorry, that option is no longer available.' },
    });
    await expect(choose('no-such-product')).rejects.toMatchObject({
      text: { en: 'Sorry, that product is no longer available.' },
    });
    await expect(choose('tee-black-m|7')).rejects.toMatchObject({
      text: { en: 'Sorry, that option is no longer available.' },
    });
    expect((await store.catalog.get('tee-black-m'))?.stock).toBe(2);
  });
});
