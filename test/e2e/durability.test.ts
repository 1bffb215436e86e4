import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/index.js';
import { openShop, removeDir, type TestShop } from './helpers.js';

const opened: TestShop[] = [];
afterEach(async () => {
  for (const shop of opened.splice(0)) await shop.close().catch(() => undefined);
});

const hello = (id: string, user: string): InboundEvent => ({
  id,
  type: 'text',
  text: 'こんにちは',
  address: { channel: 'simulator', conversationId: user, userId: user },
  receivedAt: new Date().toISOString(),
});

describe('durability', () => {
  it('a redelivered event is acknowledged and changes nothing', async () => {
    const shop = await openShop();
    opened.push(shop);
    const [first] = await shop.kaiwa.engine.receive([hello('evt-1', 'redelivery')]);
    const [second] = await shop.kaiwa.engine.receive([hello('evt-1', 'redelivery')]);
    expect(first?.kind).toBe('handled');
    expect(second?.kind).toBe('duplicate');
    await shop.kaiwa.engine.drain();
    const conversation = await shop.transcript('redelivery');
    expect(conversation.messages.filter((message) => message.direction === 'in')).toHaveLength(1);
    removeDir(shop.dataDir);
  });

  it('replies stored by a turn are sent after a restart when the process died before sending', async () => {
    const shop = await openShop();
    opened.push(shop);
    // The turn commits (the webhook would be acknowledged now), then the process "dies" before draining.
    const [outcome] = await shop.kaiwa.engine.receive([hello('evt-crash', 'crash')]);
    expect(outcome?.kind).toBe('handled');
    expect((await shop.transcript('crash')).messages.filter((message) => message.direction === 'out')).toHaveLength(0);
    await shop.kaiwa.store.close();

    const restarted = await openShop(shop.dataDir);
    opened.push(restarted);
    expect(await restarted.kaiwa.store.outbox.pendingCount()).toBe(1);
    await restarted.kaiwa.engine.drain();
    const out = (await restarted.transcript('crash')).messages.filter((message) => message.direction === 'out');
    expect(out.length).toBeGreaterThan(0);
    expect(await restarted.kaiwa.store.outbox.pendingCount()).toBe(0);
    removeDir(shop.dataDir);
  });

  it('keeps the conversation and the cart across a restart', async () => {
    const shop = await openShop();
    opened.push(shop);
    await shop.say('restart', 'hello');
    const cards = (await shop.say('restart', 'recommend tea')).flatMap((reply) =>
      reply.type === 'products' ? reply.products : [],
    );
    const card = cards.find((item) => (item.stock ?? 0) > 0)!;
    await shop.press('restart', card.actions.find((action) => action.action === 'addToCart')!.payload);
    await shop.close();

    const restarted = await openShop(shop.dataDir);
    opened.push(restarted);
    const cart = await restarted.say('restart', 'cart');
    const text = cart
      .flatMap((reply) => (reply.type === 'choices' || reply.type === 'text' ? [reply.text] : []))
      .join('\n');
    expect(text).toContain(card.title);
    removeDir(shop.dataDir);
  });
});
