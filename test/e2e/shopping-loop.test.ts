import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { buttons, cards, openShop, removeDir, texts, type TestShop } from './helpers.js';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
  removeDir(shop.dataDir);
});

async function buyFirstRecommended(user: string, greeting: string, ask: string) {
  await shop.say(user, greeting);
  const recommended = await shop.say(user, ask);
  const card = cards(recommended).find((item) => (item.stock ?? 0) > 1);
  expect(card, `a product in stock among ${JSON.stringify(cards(recommended).map((c) => c.id))}`).toBeDefined();
  const add = card!.actions.find((action) => action.action === 'addToCart')!;
  const added = await shop.press(user, add.payload);
  const checkout = buttons(added).find((button) => /購入|Check out/.test(button.label))!;
  const paying = await shop.press(user, checkout.payload);
  const link = paying.find((reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink');
  return { card: card!, added, paying, link };
}

describe('the whole shopping loop in the simulator', () => {
  it('greets in Japanese and in English', async () => {
    const ja = await shop.say('greet-ja', 'こんにちは');
    expect(texts(ja)).toContain('いらっしゃいませ');
    expect(buttons(ja).map((button) => button.label)).toContain('おすすめを見る');
    const en = await shop.say('greet-en', 'hello');
    expect(texts(en)).toContain('Welcome to Sawa Tea');
    expect(buttons(en).map((button) => button.label)).toContain('Show recommendations');
  });

  it('answers an FAQ in the shopper language and abstains on nonsense', async () => {
    await shop.say('faq-ja', 'こんにちは');
    expect(texts(await shop.say('faq-ja', '送料はいくらですか？'))).toMatch(/500円/);
    await shop.say('faq-en', 'hi');
    expect(texts(await shop.say('faq-en', 'how much is shipping?'))).toMatch(/500 yen/);
    const unknown = await shop.say('faq-en', 'qwerty zxcv');
    expect(texts(unknown)).toMatch(/didn't catch that/);
    expect(buttons(unknown).length).toBeGreaterThan(0);
  });

  it('recommends products whose price and stock are the catalog figures', async () => {
    await shop.say('rec', 'こんにちは');
    const replies = await shop.say('rec', 'おすすめの緑茶を教えて');
    const shown = cards(replies);
    expect(shown.length).toBeGreaterThan(0);
    for (const card of shown) {
      const product = (await (await shop.app.request(`/api/products/${card.id}`)).json()) as {
        price: unknown;
        stock: number;
      };
      expect(card.price).toEqual(product.price);
      expect(card.stock).toBe(product.stock);
    }
  });

  it('treats free text with a budget as a product request, within the budget, and a how-to question as an FAQ', async () => {
    await shop.say('budget', 'こんにちは');
    const shown = cards(await shop.say('budget', '3000円以下の緑茶'));
    expect(shown.length).toBeGreaterThan(0);
    for (const card of shown) expect(card.price.amount).toBeLessThanOrEqual(3000);
    expect(texts(await shop.say('budget', '緑茶の淹れ方'))).toMatch(/70〜80℃/);
  });

  it('adds to cart, checks out, pays on the demo page and confirms in the chat with the order number', async () => {
    const user = 'buyer-ja';
    const { card, link } = await buyFirstRecommended(user, 'こんにちは', 'おすすめを見せて');
    expect(link).toBeDefined();
    const before = (await (await shop.app.request(`/api/products/${card.id}`)).json()) as { stock: number };
    expect(before.stock).toBe(card.stock! - 1);
    // The card's price and, under ¥5,000, the example shop's ¥500 shipping (kaiwa.yaml).
    const shipping = card.price.amount >= 5000 ? 0 : 500;
    expect(link!.total).toEqual({ amount: card.price.amount + shipping, currency: 'JPY' });

    const url = new URL(link!.url);
    const page = await shop.app.request(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    if (shipping > 0) expect(await page.clone().text()).toContain('送料');
    const html = await page.text();
    expect(html).toContain(link!.orderId);
    const form = new URLSearchParams({
      token: url.searchParams.get('token')!,
      amount: String(link!.total.amount),
      currency: link!.total.currency,
    });
    const paid = await shop.app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(paid.status).toBe(200);
    await shop.kaiwa.engine.drain();

    const order = (await (await shop.app.request(`/api/orders/${link!.orderId}`)).json()) as {
      status: string;
      total: unknown;
      lines: { productId: string; quantity: number; unitPrice: unknown }[];
    };
    expect(order.status).toBe('paid');
    expect(order.lines).toEqual([{ productId: card.id, quantity: 1, unitPrice: card.price }]);
    const conversation = await shop.transcript(user);
    const last = conversation.messages.at(-1)?.reply;
    expect(last && 'text' in last ? last.text : '').toContain(link!.orderId);
    expect(last && 'text' in last ? last.text : '').toContain('お支払いを確認しました');
    // Sent in a turn run by the payment, not by a shopper's message: channels with a reply window tag it.
    expect(last?.purpose).toBe('order_update');

    // Paying again pays nothing twice and says nothing twice.
    const count = conversation.messages.length;
    const again = await shop.app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(again.status).toBe(200);
    await shop.kaiwa.engine.drain();
    expect((await shop.transcript(user)).messages).toHaveLength(count);
    const history = (await (await shop.app.request(`/api/orders/${link!.orderId}`)).json()) as {
      history: { to: string }[];
    };
    expect(history.history.filter((step) => step.to === 'paid')).toHaveLength(1);

    // Asked again, the shop suggests what goes with that purchase, and says so from the catalog.
    const again2 = cards(await shop.say(user, 'おすすめを見せて'));
    expect(again2.length).toBeGreaterThan(0);
    expect(again2.some((item) => (item.reason ?? '').startsWith('以前お買い上げの「'))).toBe(true);
    expect(again2[0]?.id).not.toBe(card.id);
  });

  it('works the same in English', async () => {
    const { link } = await buyFirstRecommended('buyer-en', 'hello', 'please recommend some tea');
    expect(link?.url).toMatch(/^http:\/\/shop\.test\/checkout\/demo\//);
  });

  it('refuses a forged payment token and a tampered amount', async () => {
    const { link } = await buyFirstRecommended('forger', 'hello', 'recommend tea');
    const url = new URL(link!.url);
    const forged = new URLSearchParams({
      token: 'forged',
      amount: String(link!.total.amount),
      currency: link!.total.currency,
    });
    const response = await shop.app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: forged.toString(),
    });
    expect(response.status).toBe(401);
    const cheap = new URLSearchParams({
      token: url.searchParams.get('token')!,
      amount: '1',
      currency: link!.total.currency,
    });
    await shop.app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: cheap.toString(),
    });
    await shop.kaiwa.engine.drain();
    const order = (await (await shop.app.request(`/api/orders/${link!.orderId}`)).json()) as { status: string };
    expect(order.status).toBe('payment_mismatch');
    expect(texts((await shop.transcript('forger')).messages.flatMap((m) => (m.reply ? [m.reply] : [])))).not.toMatch(
      /Payment received/,
    );
  });

  it('answers an unknown or outdated button politely with the current choices', async () => {
    await shop.say('old-button', 'hello');
    const replies = await shop.press('old-button', 'k1:go:summer-sale');
    expect(texts(replies)).toMatch(/That offer has changed/);
    expect(buttons(replies).length).toBeGreaterThan(0);
    const gone = await shop.press('old-button', 'k1:do:addToCart:no-such-product');
    expect(texts(gone)).toMatch(/no longer available/);
  });

  it('rejects malformed simulator bodies with 400 naming the field', async () => {
    const post = (body: string) =>
      shop.app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const missing = await post(JSON.stringify({ text: 'hi' }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'payload_invalid', field: 'user' } });
    expect((await post('{not json')).status).toBe(400);
    const channel = await post(JSON.stringify({ user: 'u', text: 'hi', channel: 'fax' }));
    expect(await channel.json()).toMatchObject({ error: { field: 'channel' } });
    expect(await (await post(JSON.stringify({ user: 'u' }))).json()).toMatchObject({ error: { field: 'text' } });
    // A pressed button may carry its label: the payload decides, the transcript shows the label.
    expect(
      (await post(JSON.stringify({ user: 'labelled', text: 'Show recommendations', payload: 'k1:go:recommend' })))
        .status,
    ).toBe(200);
    const transcript = await shop.transcript('labelled');
    expect(transcript.messages[0]).toMatchObject({
      direction: 'in',
      event: { type: 'postback', text: 'Show recommendations', payload: 'k1:go:recommend' },
    });
  });

  it("previews each channel within that adapter's own limits", async () => {
    for (const channel of ['telegram', 'line', 'messenger', 'whatsapp'] as const) {
      const limits = shop.kaiwa.app.previews.get(channel)!.limits;
      const replies = await shop.say(`preview-${channel}`, 'hello', channel);
      for (const reply of replies) {
        if (reply.type !== 'choices') continue;
        expect(reply.choices.length).toBeLessThanOrEqual(limits.maxButtons);
        for (const choice of reply.choices) expect([...choice.label].length).toBeLessThanOrEqual(limits.maxButtonLabel);
      }
      expect(buttons(replies).length).toBeGreaterThanOrEqual(4);
    }
  });
});
