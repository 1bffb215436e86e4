import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConsentRequiredError,
  createEngine,
  type Address,
  type ConversationLogic,
  type InboundEvent,
  type Store,
  type TurnHook,
} from '../../src/core/index.js';
import { builtInTurnHooks } from '../../src/modules/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const clock = { now: () => new Date('2026-12-02T09:00:00.000Z') };

// The engine knows no feature: handoff, funnel, consent and order updates take part through hooks.
let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-hooks-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const address: Address = { channel: 'simulator', conversationId: 'aiko', userId: 'aiko' };
let sequence = 0;
const text = (value: string): InboundEvent => ({
  id: `e${++sequence}`,
  address,
  receivedAt: '2026-12-02T00:00:00.000Z',
  type: 'text',
  text: value,
});
/** Answers "staff" with a handoff, anything else with an echo; counts its steps. */
function echo(): ConversationLogic & { steps: number } {
  const logic = {
    steps: 0,
    async step({ event }: { event: InboundEvent }) {
      logic.steps += 1;
      const said = event.type === 'text' ? event.text : '';
      return {
        session: { flowId: 'f', flowHash: 'h', snapshot: {} },
        replies:
          said === 'staff'
            ? [{ type: 'handoff' as const, reason: 'asked for a person' }]
            : [{ type: 'text' as const, text: `echo ${said}` }],
        signals: [{ name: 'recommendations_shown' }],
      };
    },
  };
  return logic;
}

describe('turn hooks', () => {
  it('without hooks the engine runs every turn through the flow, and records no feature', async () => {
    const logic = echo();
    const engine = createEngine({ store, logic, channels: [], rateLimiter: false, clock });
    await engine.receive([text('staff')]);
    await engine.receive([text('hello')]);
    expect(logic.steps).toBe(2);
    expect(await store.handoffs.get('simulator:aiko')).toBeUndefined();
  });

  it('with the built-in modules a handoff holds the conversation for a person: kept, not answered', async () => {
    const logic = echo();
    const engine = createEngine({
      store,
      logic,
      channels: [],
      rateLimiter: false,
      clock,
      turns: { hooks: builtInTurnHooks },
    });
    await engine.receive([text('staff')]);
    const [held] = await engine.receive([text('is anyone there?')]);
    expect(held).toEqual({ kind: 'handled', replies: [] });
    expect(logic.steps).toBe(1);
    expect((await store.handoffs.get('simulator:aiko'))?.lastMessage).toBe('is anyone there?');
    const inbound = (await store.transcript.list('simulator:aiko')).filter((entry) => entry.direction === 'in');
    expect(inbound).toHaveLength(2);
  });

  it("refuses a marketing message without the shopper's opt-in, and queues order news", async () => {
    const engine = createEngine({
      store,
      logic: echo(),
      channels: [],
      rateLimiter: false,
      clock,
      turns: { hooks: builtInTurnHooks },
    });
    await expect(
      engine.sendProactive(address, [{ type: 'text', text: 'sale!' }], { purpose: 'marketing' }),
    ).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(await store.outbox.pendingCount()).toBe(0);
    const queued = await engine.sendProactive(address, [{ type: 'text', text: 'shipped' }], {
      purpose: 'transactional',
    });
    expect(queued).toBeGreaterThan(0);
  });

  it("a hook of one's own runs in the turn's transaction: when it throws, nothing of the turn is kept", async () => {
    const seen: string[] = [];
    const audit: TurnHook = {
      name: 'audit',
      async after({ event, result }) {
        seen.push(`${event.id}:${result.replies.length}`);
        if (event.type === 'text' && event.text === 'boom') throw new Error('audit store down');
      },
    };
    const engine = createEngine({
      store,
      logic: echo(),
      channels: [],
      rateLimiter: false,
      clock,
      turns: { hooks: [...builtInTurnHooks, audit], maxAttempts: 5 },
    });
    await engine.receive([text('hello')]);
    await expect(engine.receive([text('boom')])).rejects.toThrow('audit store down');
    expect(seen).toHaveLength(2);
    expect((await store.transcript.list('simulator:aiko')).filter((entry) => entry.direction === 'in')).toHaveLength(1);
    const funnel = await store.funnel.summary('2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z');
    // The first turn's funnel step is kept; the second's rolled back with it.
    expect(funnel.reduce((sum, day) => sum + day.counts.recommendations_shown, 0)).toBe(1);
  });
});
