import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceValidationError } from '../../src/core/index.js';
import { builtInActions, builtInGuards, flowsFromSources } from '../../src/flows/index.js';
import { openShop, removeDir, texts, type TestShop } from '../e2e/helpers.js';

// The outside tester's finding: every state was a `go` target, so a forged postback `k1:go:paid`
// made the shop say "Payment received… KW-…" for an unpaid order, and the console showed it.
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
  removeDir(shop.dataDir);
});

describe('a forged button payload', () => {
  it('cannot enter a state the flow reaches only by a payment event', async () => {
    await shop.say('forger', 'hello');
    await shop.press('forger', 'k1:do:addToCart:tea-mugicha');
    const checkout = await shop.press('forger', 'k1:do:checkout');
    const link = checkout.find((reply) => reply.type === 'paymentLink');
    expect(link).toBeDefined();
    for (const payload of ['k1:go:paid', 'k1:go:__checkout', 'k1:go:subscribed', 'k1:go:unsubscribed']) {
      const replies = await shop.press('forger', payload);
      expect(texts(replies), payload).not.toMatch(/Payment received|お支払いを確認/);
      expect(texts(replies), payload).toMatch(/That offer has changed|内容が変わりました/);
    }
    const order = await shop.kaiwa.store.orders.get(link!.type === 'paymentLink' ? link!.orderId : '');
    expect(order?.status).toBe('awaiting_payment');
    const transcript = await shop.transcript('forger');
    expect(JSON.stringify(transcript.messages)).not.toMatch(/Payment received/);
  });

  it('still moves to every state a choice in the flow offers', async () => {
    await shop.say('presser', 'hello');
    expect(texts(await shop.press('presser', 'k1:go:help'))).toMatch(/shipping|送料/i);
    expect(texts(await shop.press('presser', 'k1:go:human'))).not.toMatch(/That offer has changed/);
  });

  it('is refused at validation when a choice would lead to a payment-only state', () => {
    const source = [
      'id: demo',
      'initial: start',
      'on:',
      '  paid: thanks',
      'states:',
      '  start:',
      '    say: { en: hi }',
      '    choices:',
      '      - label: { en: I paid }',
      '        goto: thanks',
      '  thanks:',
      '    say: { en: "Payment received" }',
    ].join('\n');
    let issues: string[] = [];
    try {
      flowsFromSources([{ file: 'flows/demo.yaml', source }], {
        locales: ['en'],
        actions: Object.keys(builtInActions),
        guards: Object.keys(builtInGuards),
      });
    } catch (error) {
      if (!(error instanceof SourceValidationError)) throw error;
      issues = error.message.split('\n');
    }
    expect(issues).toEqual([
      'flows/demo.yaml:10:15: state "thanks" is entered by the paid event; a button cannot go there (anyone can forge a button press)',
    ]);
  });
});
