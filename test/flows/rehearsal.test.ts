import { builtInTurnHooks } from '../../src/modules/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  conversationKey,
  createEngine,
  noteCall,
  type Clock,
  type ConversationLogic,
  type InboundEvent,
  type Product,
  type RecommendQuery,
  type Reply,
  type Store,
} from '../../src/core/index.js';
import {
  builtInActions,
  builtInGuards,
  createFlowRuntime,
  flowsFromSources,
  type FlowAction,
  type FlowServices,
} from '../../src/flows/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

// LLM mode rehearses a turn before its transaction and keeps the model's answers (src/flows/rehearsal.ts).
const source = `
id: r
initial: start
intents:
  find: { keywords: { en: [find] } }
  buy: { keywords: { en: [buy] } }
on:
  find: found
  buy: bought
states:
  start:
    say: "Hi"
  found:
    do: recommend
    say: "Found"
  bought:
    do: [recommend, note]
    say: "Noted"
`;

const tea: Product = {
  id: 'tea',
  title: { en: 'Sencha' },
  description: { en: 'Green tea' },
  price: { amount: 1200, currency: 'JPY' },
  stock: 5,
  tags: ['tea'],
  attributes: {},
};

let dir: string;
let store: Store;
const now = new Date('2026-11-29T10:00:00Z');
const clock: Clock = { now: () => now };
/** What the "model" was asked, in order; and how often the shop's own action ran. */
let asked: RecommendQuery[];
let noted: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-rehearsal-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
  await store.catalog.upsertMany([tea]);
  asked = [];
  noted = 0;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const note: FlowAction = async () => {
  noted++;
  await store.consents.get('simulator', 'c1'); // stands for a custom action with effects
  return {};
};

const services: FlowServices = {
  shop: { name: { en: 'Test Shop' }, currency: 'JPY', defaultLocale: 'en', locales: ['en'], timeZone: 'Asia/Tokyo' },
  recommender: {
    name: 'model',
    recommend: async (query) => {
      asked.push(query);
      noteCall({ kind: 'llm', name: 'recommend', ms: 5, outcome: 'ok' });
      return [{ productId: 'tea', reason: 'Fresh' }];
    },
  },
  faq: { answer: async () => null },
  orders: {
    checkout: async () => {
      throw new Error('no orders here');
    },
    applyPayment: async () => ({ kind: 'ignored', reason: 'test' }),
    expireDue: async () => [],
  },
};

function runtime() {
  const actions = { ...builtInActions, note };
  const definition = flowsFromSources([{ file: 'flows/r.yaml', source }], {
    locales: ['en'],
    actions: Object.keys(actions),
    guards: Object.keys(builtInGuards),
  });
  return createFlowRuntime({
    definition,
    implementations: { actions, guards: builtInGuards, services },
    rehearse: true,
  });
}

const address = { channel: 'simulator' as const, conversationId: 'c1', userId: 'c1' };
const text = (id: string, words: string): InboundEvent => ({
  id,
  type: 'text',
  text: words,
  address,
  receivedAt: now.toISOString(),
});
const receive = async (logic: ConversationLogic, event: InboundEvent): Promise<Reply[]> => {
  const [outcome] = await createEngine({
    store,
    logic,
    channels: [],
    clock,
    turns: { hooks: builtInTurnHooks },
  }).receive([event]);
  return outcome?.kind === 'handled' ? outcome.replies : [];
};
const lastTrace = async () =>
  (await store.transcript.list(conversationKey(address))).filter((entry) => entry.direction === 'in').at(-1)?.trace;

describe('the rehearsal of a turn in LLM mode', () => {
  it('asks the model before the transaction, and the turn takes that answer, shown in its own trace', async () => {
    const logic = runtime();
    await receive(logic, text('e1', 'hi'));
    const replies = await receive(logic, text('e2', 'find tea'));
    expect(replies.map((reply) => reply.type)).toEqual(['products', 'text']);
    expect(asked).toHaveLength(1);
    expect((await lastTrace())?.calls).toEqual([{ kind: 'llm', name: 'recommend', ms: 5, outcome: 'ok' }]);
  });

  it("stops before the shop's own action, which runs once, in the turn", async () => {
    const logic = runtime();
    await receive(logic, text('e1', 'hi'));
    const prepared = await logic.prepare!({
      store,
      event: text('e2', 'buy tea'),
      session: await store.sessions.load(conversationKey(address)),
      now,
    });
    expect(asked).toHaveLength(1);
    expect(noted).toBe(0);
    expect(prepared).toBeInstanceOf(Map);
    expect(await store.sessions.load(conversationKey(address))).toMatchObject({ version: 1 });

    const replies = await receive(logic, text('e2', 'buy tea'));
    expect(replies.map((reply) => ('text' in reply ? reply.text : reply.type))).toEqual(['products', 'Noted']);
    expect(noted).toBe(1);
    expect(asked).toHaveLength(2); // the engine's own rehearsal of e2 asked once more; the turn asked nothing
  });

  it('asks again when the conversation moved on between the rehearsal and the turn', async () => {
    const plain = runtime();
    await receive(plain, text('e1', 'hi'));
    // e3 is rehearsed on the session before e2, then e2 commits (the shopper has now seen the tea), then e3's turn runs.
    const racing: ConversationLogic = {
      step: (input) => plain.step(input),
      prepare: async (input) => {
        const answers = await plain.prepare!(input);
        await receive(plain, text('e2', 'find tea'));
        return answers;
      },
    };
    await receive(racing, text('e3', 'find tea'));
    expect(asked.map((query) => query.seen)).toEqual([[], [], ['tea']]);
    expect((await lastTrace())?.calls).toHaveLength(1);
  });

  it('makes no rehearsal for a redelivered event: the model is not paid twice', async () => {
    const logic = runtime();
    await receive(logic, text('e1', 'hi'));
    expect(await receive(logic, text('e2', 'find tea'))).toHaveLength(2);
    expect(await receive(logic, text('e2', 'find tea'))).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('makes no rehearsal for a conversation a person has taken over', async () => {
    const logic = runtime();
    await receive(logic, text('e1', 'hi'));
    await store.transaction(async (tx) => void (await tx.handoffs.open(address, 'test', now.toISOString())));
    expect(await receive(logic, text('e2', 'find tea'))).toEqual([]);
    expect(asked).toHaveLength(0);
  });
});
