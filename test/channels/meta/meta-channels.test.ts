import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessengerChannel } from '../../../src/channels/messenger/index.js';
import { renderMessengerReplies } from '../../../src/channels/messenger/render.js';
import { createWhatsAppChannel } from '../../../src/channels/whatsapp/index.js';
import { renderWhatsAppReplies } from '../../../src/channels/whatsapp/render.js';
import { InvalidPayloadError, SignatureError, type RawRequest, type Reply } from '../../../src/core/index.js';
import { startFakeGraph } from '../../fakes/meta-graph-api.js';

const secret = 'meta-app-secret';
const signed = (body: Buffer | string, signWith = secret): RawRequest => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    method: 'POST',
    url: 'http://shop.test/webhooks/x',
    headers: new Headers({
      'x-hub-signature-256': `sha256=${createHmac('sha256', signWith).update(bytes).digest('hex')}`,
    }),
    body: new Uint8Array(bytes),
  };
};
const messengerBody = readFileSync('test/fixtures/meta/messenger-multi.json');
const whatsappBody = readFileSync('test/fixtures/meta/whatsapp-multi.json');

let graph: Awaited<ReturnType<typeof startFakeGraph>>;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const messenger = () =>
  createMessengerChannel({
    appSecret: secret,
    pageAccessToken: 'PAGE_TOKEN',
    verifyToken: 'verify-me',
    graphApiUrl: graph.url,
  });
const whatsapp = () =>
  createWhatsAppChannel({
    appSecret: secret,
    accessToken: 'WA_TOKEN',
    phoneNumberId: 'PHONE_ID',
    verifyToken: 'verify-me',
    graphApiUrl: graph.url,
  });

const choices = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ label: `Option ${index + 1}`, payload: `k1:go:s${index}` }));
const card = {
  id: 'tea',
  title: '宇治煎茶',
  price: { amount: 1200, currency: 'JPY' },
  imageUrl: 'https://images.example.com/tea.jpg',
  reason: '『緑茶』に一致',
  actions: [{ label: 'カートに入れる', payload: 'k1:do:addToCart:tea', action: 'addToCart' }],
};

describe('Meta signature and handshake', () => {
  it('verifies X-Hub-Signature-256 over the raw bytes', () => {
    expect(() => messenger().verify(signed(messengerBody))).not.toThrow();
    expect(() => messenger().verify(signed(messengerBody, 'other'))).toThrow(SignatureError);
    const altered = Buffer.from(messengerBody);
    const request = signed(messengerBody);
    altered[10] = altered[10]! ^ 1;
    expect(() => whatsapp().verify({ ...request, body: new Uint8Array(altered) })).toThrow(SignatureError);
    expect(() => whatsapp().verify({ ...request, headers: new Headers() })).toThrow(SignatureError);
  });

  it('answers the subscription check only with the right verify token', () => {
    const get = (token: string) => ({
      method: 'GET',
      url: `http://shop.test/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      headers: new Headers(),
      body: new Uint8Array(),
    });
    expect(messenger().handshake!(get('verify-me'))).toEqual({ status: 200, body: '1158201444' });
    expect(whatsapp().handshake!(get('wrong'))).toMatchObject({ status: 403 });
  });
});

describe('Messenger', () => {
  it('maps every messaging item in order, skipping echoes and deliveries', () => {
    expect(
      messenger()
        .parse(signed(messengerBody))
        .map((event) => [event.id, event.type, 'payload' in event ? event.payload : 'text' in event ? event.text : '']),
    ).toEqual([
      ['m_AAA', 'text', 'hello 🍵'],
      ['m_BBB', 'postback', 'k1:go:recommend'],
      ['m_CCC', 'postback', 'k1:do:addToCart:tea-sencha-uji'],
    ]);
    expect(() => messenger().parse(signed('{"object":"page"'))).toThrow(InvalidPayloadError);
    expect(() => messenger().parse(signed('{"object":"user","entry":[]}'))).toThrow(InvalidPayloadError);
  });

  it('renders quick replies (13 per message), generic templates and URL buttons', () => {
    const rendered = renderMessengerReplies([
      { type: 'choices', text: 'Pick', choices: choices(15) },
      { type: 'products', products: [card] },
      { type: 'paymentLink', orderId: 'KW-1', url: 'https://shop.test/pay', total: { amount: 2400, currency: 'JPY' } },
    ]);
    expect(rendered[0]).toMatchObject({ text: 'Pick' });
    expect((rendered[0]!.quick_replies as unknown[]).length).toBe(13);
    expect((rendered[1]!.quick_replies as unknown[]).length).toBe(2);
    expect(rendered[2]).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: [
            {
              title: '宇治煎茶',
              subtitle: '￥1,200 · 『緑茶』に一致',
              image_url: 'https://images.example.com/tea.jpg',
              buttons: [{ type: 'postback', title: 'カートに入れる', payload: 'k1:do:addToCart:tea' }],
            },
          ],
        },
      },
    });
    expect(rendered[3]).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: '💳 ￥2,400',
          buttons: [{ type: 'web_url', url: 'https://shop.test/pay', title: '💳 ￥2,400' }],
        },
      },
    });
  });

  it('sends through the Send API with the page token; 429 and code 613 retry, 400 does not', async () => {
    graph.calls.length = 0;
    await messenger().send({ channel: 'messenger', conversationId: 'PSID_1', userId: 'PSID_1' }, [
      { type: 'text', text: 'hi' },
    ]);
    expect(graph.calls).toEqual([
      {
        path: '/v21.0/me/messages',
        authorization: 'Bearer PAGE_TOKEN',
        body: { recipient: { id: 'PSID_1' }, messaging_type: 'RESPONSE', message: { text: 'hi' } },
      },
    ]);
    graph.failNext({ status: 400, code: 613, message: 'Calls to this api have exceeded the rate limit.' });
    await expect(
      messenger().send({ channel: 'messenger', conversationId: 'P', userId: 'P' }, [{ type: 'text', text: 'x' }]),
    ).rejects.toMatchObject({ details: { retryable: true } });
    graph.failNext({ status: 400, code: 100, message: 'Invalid parameter' });
    await expect(
      messenger().send({ channel: 'messenger', conversationId: 'P', userId: 'P' }, [{ type: 'text', text: 'x' }]),
    ).rejects.toMatchObject({ details: { status: 400, retryable: false } });
  });
});

describe('WhatsApp Cloud API', () => {
  it('maps messages, button and list replies, ignores statuses, and hints the locale from the number', () => {
    const events = whatsapp().parse(signed(whatsappBody));
    expect(events.map((event) => [event.id, event.type, event.locale])).toEqual([
      ['wamid.AAA', 'text', 'ja'],
      ['wamid.BBB', 'postback', 'ja'],
      ['wamid.CCC', 'postback', 'ja'],
      ['wamid.DDD', 'media', 'ja'],
    ]);
    expect(events[1]).toMatchObject({
      payload: 'k1:go:recommend',
      address: { channel: 'whatsapp', conversationId: '819012345678' },
    });
  });

  it('renders up to 3 choices as reply buttons, 4–10 as a list, more as several lists', () => {
    const three = renderWhatsAppReplies([{ type: 'choices', text: 'Pick', choices: choices(3) }]);
    expect(three).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: {
            buttons: choices(3).map((choice) => ({
              type: 'reply',
              reply: { id: choice.payload, title: choice.label },
            })),
          },
        },
      },
    ]);
    const seven = renderWhatsAppReplies([{ type: 'choices', text: 'Pick', choices: choices(7) }]);
    expect(seven[0]).toMatchObject({
      interactive: {
        type: 'list',
        action: { sections: [{ rows: expect.arrayContaining([{ id: 'k1:go:s6', title: 'Option 7' }]) }] },
      },
    });
    const twelve = renderWhatsAppReplies([{ type: 'choices', text: 'Pick', choices: choices(12) }]);
    expect(twelve.map((message) => (message.interactive as { type: string }).type)).toEqual(['list', 'button']);
    const products = renderWhatsAppReplies([{ type: 'products', products: [card] }] as Reply[]);
    expect(products[0]).toEqual({
      type: 'image',
      image: { link: 'https://images.example.com/tea.jpg', caption: '宇治煎茶\n￥1,200\n『緑茶』に一致' },
    });
  });

  it('sends to /<phone id>/messages with the access token', async () => {
    graph.calls.length = 0;
    const results = await whatsapp().send(
      { channel: 'whatsapp', conversationId: '819012345678', userId: '819012345678' },
      [{ type: 'text', text: 'こんにちは' }],
    );
    expect(graph.calls).toEqual([
      {
        path: '/v21.0/PHONE_ID/messages',
        authorization: 'Bearer WA_TOKEN',
        body: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '819012345678',
          type: 'text',
          text: { body: 'こんにちは' },
        },
      },
    ]);
    expect(results[0]?.platformMessageId).toMatch(/^wamid\./);
    graph.failNext({ status: 503, code: 2, message: 'Service temporarily unavailable', retryAfter: 4 });
    await expect(
      whatsapp().send({ channel: 'whatsapp', conversationId: '1', userId: '1' }, [{ type: 'text', text: 'x' }]),
    ).rejects.toMatchObject({ details: { status: 503, retryable: true, retryAfterMs: 4000 } });
  });
});
