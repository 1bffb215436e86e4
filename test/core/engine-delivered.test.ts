import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Address, type ChannelAdapter, type Engine, type Store } from '../../src/core/index.js';
import { createSimulatorChannel } from '../../src/simulator/simulator-channel.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

// engine.delivered(id): the simulator waits for its own reply, not for a drain that steady traffic keeps going.
let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-delivered-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const address = (id: string): Address => ({ channel: 'simulator', conversationId: id, userId: id });
const logic = { step: async () => ({ session: { flowId: 'f', flowHash: 'h', snapshot: {} }, replies: [] }) };

describe('engine.delivered', () => {
  it('resolves once its own reply is sent and marked, while traffic keeps the drain going', async () => {
    const simulator = createSimulatorChannel();
    let traffic = true;
    let background = 0;
    // Every background send queues the next one: as long as traffic lasts, the drain never runs dry.
    const busy: ChannelAdapter = {
      ...simulator,
      async send(to, replies) {
        if (to.conversationId === 'background' && traffic)
          await engine.sendProactive(address('background'), [{ type: 'text', text: `again ${++background}` }], {
            purpose: 'transactional',
          });
        return simulator.send(to, replies);
      },
    };
    const engine: Engine = createEngine({ store, logic, channels: [busy], rateLimiter: false });
    await engine.sendProactive(address('background'), [{ type: 'text', text: 'start' }], { purpose: 'transactional' });
    let drained = false;
    const draining = engine.drain().then(() => void (drained = true));

    const mine = await store.transaction((tx) =>
      tx.outbox.enqueue(address('mine'), [{ type: 'text', text: 'your answer' }], new Date().toISOString()),
    );
    await engine.delivered(mine);
    expect(drained).toBe(false);
    expect(background).toBeGreaterThan(0);
    expect((await store.transcript.list('simulator:mine')).map((entry) => entry.reply)).toEqual([
      { type: 'text', text: 'your answer' },
    ]);

    traffic = false;
    await draining;
    expect(await store.outbox.pendingCount()).toBe(0);
  });

  it('resolves when the drain runs dry, for an item another instance sent', async () => {
    const engine = createEngine({ store, logic, channels: [createSimulatorChannel()], rateLimiter: false });
    const id = await store.transaction((tx) =>
      tx.outbox.enqueue(
        address('elsewhere'),
        [{ type: 'text', text: 'sent by another instance' }],
        new Date().toISOString(),
      ),
    );
    await store.outbox.markSent(
      [(await store.outbox.claimDue(new Date().toISOString(), 10, new Date(Date.now() + 60_000).toISOString()))[0]!],
      new Date().toISOString(),
    );
    await engine.delivered(id);
    expect(await store.outbox.pendingCount()).toBe(0);
  });

  it('sends only the channels named in drainOnly, and refuses a name that is no channel name', async () => {
    const sent: string[] = [];
    const recording = (name: string): ChannelAdapter => ({
      ...createSimulatorChannel(),
      name,
      send: async (to, replies) => {
        sent.push(`${to.channel}:${replies.length}`);
        return replies.map(() => ({}));
      },
    });
    const engine = createEngine({
      store,
      logic,
      channels: [recording('simulator'), recording('line')],
      rateLimiter: false,
      drainOnly: ['simulator'],
    });
    const at = new Date(0).toISOString();
    await store.outbox.enqueue(
      { channel: 'line', conversationId: 'U1', userId: 'U1' },
      [{ type: 'text', text: 'a' }],
      at,
    );
    await store.outbox.enqueue(address('aiko'), [{ type: 'text', text: 'b' }], at);
    await engine.drain();
    expect(sent).toEqual(['simulator:1']);
    expect(await store.outbox.pendingCount()).toBe(1);
    expect(() => createEngine({ store, logic, channels: [], drainOnly: ['simulator', 'line,telegram'] })).toThrow(
      'drainOnly: "line,telegram" is not a channel name',
    );
  });
});
