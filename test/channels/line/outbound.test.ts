import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Address, Choice, Clock, ProductCard, Reply } from '../../../src/core/index.js';
import { createLineChannel } from '../../../src/channels/line/index.js';
import { startFakeLineApi } from '../../fakes/line-api.js';
import { channelAccessToken, channelSecret } from './helpers.js';

let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
beforeAll(async () => {
  fake = await startFakeLineApi(channelAccessToken);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const now = new Date('2025-11-22T09:00:10.000Z');
const clock: Clock = { now: () => now };
const channel = () => createLineChannel({ channelSecret, channelAccessToken, apiBaseUrl: fake.url, clock });
let tokens = 0;
/** A fresh address with a reply token that lapses at 09:00:50 (event at 09:00:00 + 50 s). */
const address = (): Address => ({
  channel: 'line',
  conversationId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
  userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
  replyToken: { token: `token-${++tokens}`, expiresAt: '2025-11-22T09:00:50.000Z' },
});
const push = {
  channel: 'line' as const,
  conversationId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
  userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
};
const postback = (label: string, data: string) => ({ type: 'postback', label, data, displayText: label });

describe('LINE rendering: exact request bodies through the real SDK client', () => {
  it('text: one text message by reply while the token is fresh', async () => {
    const to = address();
    await channel().send(to, [{ type: 'text', text: 'いらっしゃいませ🍵' }]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/v2/bot/message/reply');
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${channelAccessToken}`);
    expect(fake.requests[0]?.body).toEqual({
      replyToken: to.replyToken?.token,
      messages: [{ type: 'text', text: 'いらっしゃいませ🍵' }],
    });
  });

  it('text over 5000 characters is split, never cut', async () => {
    await channel().send(push, [{ type: 'text', text: `${'あ'.repeat(4000)}\n${'い'.repeat(3000)}` }]);
    expect(fake.requests[0]?.body.messages).toEqual([
      { type: 'text', text: 'あ'.repeat(4000) },
      { type: 'text', text: 'い'.repeat(3000) },
    ]);
  });

  it('15 choices: 13 quick-reply postbacks, the other 2 in a follow-up message; labels cut to 20', async () => {
    const choices: Choice[] = Array.from({ length: 15 }, (_, index) => ({
      label: `Choice ${index + 1}`,
      payload: `k1:go:c${index + 1}`,
    }));
    choices[0] = { label: '一番人気の宇治抹茶ラテを今すぐカートに入れる', payload: 'k1:do:addToCart:latte' };
    await channel().send(address(), [{ type: 'choices', text: 'どれにしますか？', choices }]);
    const items = (from: number, to: number) =>
      choices.slice(from, to).map((choice) => ({ type: 'action', action: postback(choice.label, choice.payload) }));
    expect(fake.requests[0]?.body.messages).toEqual([
      {
        type: 'text',
        text: 'どれにしますか？',
        quickReply: {
          items: [
            { type: 'action', action: postback('一番人気の宇治抹茶ラテを今すぐカートに…', 'k1:do:addToCart:latte') },
            ...items(1, 13),
          ],
        },
      },
      { type: 'text', text: '…', quickReply: { items: items(13, 15) } },
    ]);
  });

  it('14 products: a carousel of 12 bubbles and one of 2, with price in yen, reason and up to 3 postback buttons (the rest as quick replies)', async () => {
    const card = (index: number): ProductCard => ({
      id: `p${index}`,
      title: `Tea ${index}`,
      price: { amount: 1000 + index, currency: 'JPY' },
      actions: [{ label: 'カートに入れる', payload: `k1:do:addToCart:p${index}` }],
    });
    const cards = Array.from({ length: 14 }, (_, index) => card(index + 1));
    cards[0] = {
      id: 'sencha',
      title: '宇治煎茶',
      price: { amount: 1200, currency: 'JPY' },
      imageUrl: 'https://images.example.com/sencha.jpg',
      reason: '『緑茶』に一致',
      actions: ['詳細', 'カートに入れる', '似た商品', '四つ目'].map((label, index) => ({
        label,
        payload: `k1:do:a${index}:sencha`,
      })),
    };
    cards[13] = { ...card(14), actions: [] };
    await channel().send(address(), [{ type: 'products', products: cards }]);
    const plain = (index: number) => ({
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: `Tea ${index}`, weight: 'bold', size: 'lg', wrap: true },
          { type: 'text', text: `￥${(1000 + index).toLocaleString('ja')}`, size: 'md' },
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          {
            type: 'button',
            style: 'link',
            height: 'sm',
            action: postback('カートに入れる', `k1:do:addToCart:p${index}`),
          },
        ],
      },
    });
    const first = {
      type: 'bubble',
      hero: {
        type: 'image',
        url: 'https://images.example.com/sencha.jpg',
        size: 'full',
        aspectRatio: '20:13',
        aspectMode: 'cover',
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: '宇治煎茶', weight: 'bold', size: 'lg', wrap: true },
          { type: 'text', text: '￥1,200', size: 'md' },
          { type: 'text', text: '『緑茶』に一致', size: 'sm', color: '#666666', wrap: true },
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: ['詳細', 'カートに入れる', '似た商品'].map((label, index) => ({
          type: 'button',
          style: 'link',
          height: 'sm',
          action: postback(label, `k1:do:a${index}:sencha`),
        })),
      },
    };
    const { footer: _none, ...last } = plain(14);
    const messages = fake.requests[0]?.body.messages as unknown[];
    expect(messages[0]).toEqual({
      type: 'flex',
      altText: ['宇治煎茶', ...Array.from({ length: 11 }, (_, index) => `Tea ${index + 2}`)].join(' / '),
      contents: { type: 'carousel', contents: [first, ...Array.from({ length: 11 }, (_, index) => plain(index + 2))] },
    });
    // The fourth action does not fit a bubble: it follows as a quick reply named after its card.
    expect(messages[1]).toMatchObject({
      type: 'text',
      quickReply: { items: [{ type: 'action', action: postback('宇治煎茶: 四つ目', 'k1:do:a3:sencha') }] },
    });
    expect(messages[2]).toEqual({
      type: 'flex',
      altText: 'Tea 13 / Tea 14',
      contents: { type: 'carousel', contents: [plain(13), last] },
    });
    expect(messages).toHaveLength(3);
  });

  it('paymentLink: a bubble with the total and a URI button; image; handoff sends nothing', async () => {
    await channel().send(push, [
      {
        type: 'paymentLink',
        orderId: 'KW-1',
        url: 'https://shop.test/checkout/demo/KW-1?token=t',
        total: { amount: 2400, currency: 'JPY' },
      },
      { type: 'image', url: 'https://images.example.com/map.png', alt: 'map' },
      { type: 'handoff', reason: 'asked for a person' },
    ]);
    expect(fake.requests[0]?.body).toEqual({
      to: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
      messages: [
        {
          type: 'flex',
          altText: '💳 ￥2,400',
          contents: {
            type: 'bubble',
            body: {
              type: 'box',
              layout: 'vertical',
              contents: [{ type: 'text', text: '💳 ￥2,400', weight: 'bold', size: 'xl' }],
            },
            footer: {
              type: 'box',
              layout: 'vertical',
              contents: [
                {
                  type: 'button',
                  style: 'primary',
                  action: { type: 'uri', label: '💳 ￥2,400', uri: 'https://shop.test/checkout/demo/KW-1?token=t' },
                },
              ],
            },
          },
        },
        {
          type: 'image',
          originalContentUrl: 'https://images.example.com/map.png',
          previewImageUrl: 'https://images.example.com/map.png',
        },
      ],
    });
    fake.requests.length = 0;
    expect(await channel().send(push, [{ type: 'handoff', reason: 'x' }])).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('channelOptions.line.messages replaces the rendering, as given', async () => {
    const sticker = { type: 'sticker', packageId: '446', stickerId: '1988' };
    const reply: Reply = { type: 'text', text: 'x'.repeat(6000), channelOptions: { line: { messages: [sticker] } } };
    await channel().send(push, [reply]);
    expect(fake.requests[0]?.body.messages).toEqual([sticker]);
  });
});
