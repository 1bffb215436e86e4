import { builtInTurnHooks } from '../../src/modules/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Clock, type InboundEvent, type Reply, type Store } from '../../src/core/index.js';
import {
  ActionFailure,
  builtInActions,
  builtInGuards,
  createFlowRuntime,
  decodePayload,
  encodePayload,
  flowsFromSources,
  type FlowAction,
  type FlowServices,
} from '../../src/flows/index.js';
import { interpolate } from '../../src/flows/interpolate.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const flow = (extra = '') => `
id: t
initial: start
intents:
  go: { keywords: { en: [next] } }
  boom: { keywords: { en: [boom] } }
  greet: { keywords: { en: [hello] } }
on:
  greet: start
  boom: failing
states:
  start:
    say: "Hello {{ vars.name }} ({{ cart.count }})"
    choices:
      - { label: Next, goto: second }
    on:
      go: second
  second:
    do: [remember]
    say: "Second, {{ vars.name }}"
    choices:
      - { label: Back, goto: start }
  failing:
    do: explode
    onError: start
${extra}`;

const remember: FlowAction = async ({ context }) => ({
  context: { vars: { ...context.vars, name: 'Aiko' }, cart: [{ productId: 'p1', quantity: 2 }] },
});
const explode: FlowAction = async () => {
  throw new ActionFailure({ en: 'That went wrong, sorry.' });
};

const services: FlowServices = {
  shop: { name: { en: 'Test Shop' }, currency: 'JPY', defaultLocale: 'en', locales: ['en'], timeZone: 'Asia/Tokyo' },
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

let dir: string;
let store: Store;
let now = new Date('2026-11-22T10:00:00Z');
const clock: Clock = { now: () => now };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-flow-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function runtimeFor(source: string, options: { idleTimeoutMs?: number } = {}) {
  const actions = { ...builtInActions, remember, explode };
  const definition = flowsFromSources([{ file: 'flows/t.yaml', source }], {
    locales: ['en'],
    actions: Object.keys(actions),
    guards: Object.keys(builtInGuards),
  });
  return createFlowRuntime({ definition, implementations: { actions, guards: builtInGuards, services }, ...options });
}

let counter = 0;
async function send(
  runtime: ReturnType<typeof runtimeFor>,
  event: { text?: string; payload?: string },
): Promise<Reply[]> {
  const engine = createEngine({ store, logic: runtime, channels: [], clock, turns: { hooks: builtInTurnHooks } });
  const base = {
    id: `e${++counter}`,
    address: { channel: 'simulator' as const, conversationId: 'c1', userId: 'c1' },
    receivedAt: now.toISOString(),
  };
  const inbound: InboundEvent = event.payload
    ? { ...base, type: 'postback', payload: event.payload }
    : { ...base, type: 'text', text: event.text ?? '' };
  const [outcome] = await engine.receive([inbound]);
  return outcome?.kind === 'handled' ? outcome.replies : [];
}
const say = (replies: Reply[]) => replies.map((reply) => ('text' in reply ? reply.text : reply.type)).join(' | ');

describe('flow runtime', () => {
  it('runs actions, keeps context between turns and renders templates from it', async () => {
    const runtime = runtimeFor(flow());
    expect(say(await send(runtime, { text: 'hello' }))).toBe('Hello  (0)');
    expect(say(await send(runtime, { text: 'next' }))).toBe('Second, Aiko');
    expect(say(await send(runtime, { text: 'hello' }))).toBe('Hello Aiko (2)');
  });

  it('presses a button by its number and by its payload', async () => {
    const runtime = runtimeFor(flow());
    await send(runtime, { text: 'hello' });
    expect(say(await send(runtime, { text: '1' }))).toBe('Second, Aiko');
    expect(say(await send(runtime, { payload: encodePayload({ kind: 'goto', state: 'start' }) }))).toBe(
      'Hello Aiko (2)',
    );
  });

  it('turns an action failure into the flow onError route, with its message', async () => {
    const runtime = runtimeFor(flow());
    await send(runtime, { text: 'hello' });
    expect(say(await send(runtime, { text: 'boom' }))).toBe('That went wrong, sorry. | Hello  (0)');
  });

  it('keeps the conversation in the same state after the merchant edits the flow, and answers stale buttons politely', async () => {
    const before = runtimeFor(flow());
    await send(before, { text: 'hello' });
    await send(before, { text: 'next' });
    const edited = runtimeFor(
      flow()
        .replace('Second, {{ vars.name }}', 'Step two, {{ vars.name }}')
        .replace('  second:', '  second:\n    on: { go: start }'),
    );
    expect(edited.definition.hash).not.toBe(before.definition.hash);
    // Resumes in "second" with its context: "next" is now routed back to start.
    expect(say(await send(edited, { text: 'next' }))).toBe('Hello Aiko (2)');
    expect(say(await send(edited, { payload: 'k1:go:removed-state' }))).toMatch(/That offer has changed/);
    expect(say(await send(edited, { payload: 'not-a-kaiwa-button' }))).toMatch(/That offer has changed/);
  });

  it('starts an idle conversation over at the initial state, keeping the cart', async () => {
    const runtime = runtimeFor(flow(), { idleTimeoutMs: 60_000 });
    await send(runtime, { text: 'hello' });
    await send(runtime, { text: 'next' });
    now = new Date(now.getTime() + 120_000);
    // "next" is routed from start only: it works because the idle conversation was reset to start.
    expect(say(await send(runtime, { text: 'next' }))).toBe('Second, Aiko');
    const session = await store.sessions.load('simulator:c1');
    expect((session?.snapshot as { context: { cart: unknown[] } }).context.cart).toHaveLength(1);
  });

  it('rolls the turn back when an action fails with a bug, so the platform redelivers it', async () => {
    const broken: FlowAction = async () => {
      throw new TypeError('bug');
    };
    const actions = { ...builtInActions, remember, explode: broken };
    const definition = flowsFromSources([{ file: 'flows/t.yaml', source: flow() }], {
      locales: ['en'],
      actions: Object.keys(actions),
      guards: Object.keys(builtInGuards),
    });
    const runtime = createFlowRuntime({ definition, implementations: { actions, guards: builtInGuards, services } });
    await send(runtime, { text: 'hello' });
    const engine = createEngine({ store, logic: runtime, channels: [], clock, turns: { hooks: builtInTurnHooks } });
    const event: InboundEvent = {
      id: 'bug-1',
      type: 'text',
      text: 'boom',
      address: { channel: 'simulator', conversationId: 'c1', userId: 'c1' },
      receivedAt: now.toISOString(),
    };
    await expect(engine.receive([event])).rejects.toThrow('bug');
    // Nothing of the failed turn was kept: not even the dedup row, so a redelivery is processed.
    expect(await store.inbox.markSeen('simulator', 'bug-1', now.toISOString())).toBe(true);
  });
});

describe('payloads and templates', () => {
  it('round-trips version-1 payloads and rejects others', () => {
    for (const payload of [
      { kind: 'goto', state: 'cart' },
      { kind: 'do', action: 'addToCart', arg: 'tea:1' },
      { kind: 'intent', intent: 'faq' },
    ] as const) {
      expect(decodePayload(encodePayload(payload))).toEqual(payload);
    }
    expect(decodePayload('k2:go:cart')).toBeUndefined();
    expect(decodePayload('k1:go:cart:extra')).toBeUndefined();
  });

  it('interpolates values only, never code', () => {
    expect(interpolate('{{ shop.name }} / {{ missing.x }} / {{ constructor.name }}', { shop: { name: 'S' } })).toBe(
      'S /  / ',
    );
    expect(interpolate('{{ process.exit(1) }}', { process })).toBe('');
  });
});
