import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentRequiredError } from '../../src/core/index.js';
import { openShop, removeDir, texts, type TestShop } from '../e2e/helpers.js';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
  removeDir(shop.dataDir);
});

const address = { channel: 'simulator' as const, conversationId: 'promo', userId: 'promo' };
const proactive = (purpose: string) =>
  shop.app.request('/admin/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'simulator', userId: 'promo', text: '新茶が入荷しました', purpose }),
  });

describe('marketing opt-in', () => {
  it('refuses a marketing message to a shopper who has not opted in, but sends an order update', async () => {
    await shop.say('promo', 'こんにちは');
    await expect(
      shop.kaiwa.engine.sendProactive(address, [{ type: 'text', text: 'sale!' }], { purpose: 'marketing' }),
    ).rejects.toBeInstanceOf(ConsentRequiredError);
    const refused = await proactive('marketing');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('consent_required');
    expect((await proactive('transactional')).status).toBe(202);
    expect((await proactive('spam')).status).toBe(400);
  });

  it('records the opt-in with its time and source from a flow action, then allows marketing; opt-out stops it again', async () => {
    expect(texts(await shop.press('promo', 'k1:do:optIn'))).toContain('お知らせの配信を承りました');
    const consent = await shop.kaiwa.store.consents.get('simulator', 'promo');
    expect(consent).toMatchObject({ optedIn: true, source: 'flow:optIn' });
    expect(Date.parse(consent!.at)).not.toBeNaN();
    expect((await proactive('marketing')).status).toBe(202);
    await shop.kaiwa.engine.drain();
    const transcript = await shop.transcript('promo');
    expect(
      transcript.messages.some(
        (message) => message.reply && 'text' in message.reply && message.reply.text === '新茶が入荷しました',
      ),
    ).toBe(true);
    await shop.press('promo', 'k1:do:optOut');
    expect((await proactive('marketing')).status).toBe(409);
  });
});
