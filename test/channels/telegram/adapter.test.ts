import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelSendError,
  InvalidPayloadError,
  SignatureError,
  UpstreamUnreachableError,
  type RawRequest,
  type Reply,
} from '../../../src/core/index.js';
import { createTelegramChannel } from '../../../src/channels/telegram/index.js';
import { renderTelegramReplies } from '../../../src/channels/telegram/render.js';
import { startFakeTelegram } from '../../fakes/telegram-bot-api.js';

const token = '123456:TEST-token-abcdefghijklmnop';
const secret = 'test-webhook-secret-0123';
const fixture = (name: string) => readFileSync(`test/fixtures/telegram/${name}.json`);
const request = (
  body: Uint8Array | string,
  headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': secret },
): RawRequest => ({
  method: 'POST',
  url: 'http://shop.test/webhooks/telegram',
  headers: new Headers(headers),
  body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
});

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(() => fake.close());
const channel = () => createTelegramChannel({ botToken: token, webhookSecret: secret, apiRoot: fake.url });

describe('Telegram channel: inbound', () => {
  it('accepts only the webhook secret, compared on the raw request', () => {
    expect(() => channel().verify(request(fixture('text-ja')))).not.toThrow();
    expect(() => channel().verify(request(fixture('text-ja'), {}))).toThrow(SignatureError);
    expect(() =>
      channel().verify(request(fixture('text-ja'), { 'x-telegram-bot-api-secret-token': `${secret}x` })),
    ).toThrow(SignatureError);
  });

  it('maps updates to events keyed by update_id, with the shopper language', () => {
    expect(channel().parse(request(fixture('text-ja')))).toMatchObject([
      {
        id: '811000001',
        type: 'text',
        text: 'こんにちは🍵',
        locale: 'ja',
        address: { channel: 'telegram', conversationId: '5551234', userId: '5551234' },
        receivedAt: '2025-11-22T09:00:00.000Z',
      },
    ]);
    expect(channel().parse(request(fixture('callback-query')))).toMatchObject([
      { id: '811000002', type: 'postback', payload: 'k1:go:recommend' },
    ]);
    expect(channel().parse(request(fixture('blocked')))).toMatchObject([{ type: 'unfollow' }]);
    expect(channel().parse(request(fixture('photo')))).toMatchObject([{ type: 'media', media: 'image', locale: 'en' }]);
    expect(channel().parse(request(fixture('edited-message')))).toEqual([]);
    expect(channel().parse(request('{"update_id": 9, "poll": {"id": "1"}}'))).toEqual([]);
  });

  it('rejects malformed bodies', () => {
    expect(() => channel().parse(request('{"update_id":'))).toThrow(InvalidPayloadError);
    expect(() => channel().parse(request('{"message": {}}'))).toThrow(InvalidPayloadError);
    expect(() => channel().parse(request(new Uint8Array([0xff, 0xfe, 0x7b])))).toThrow(InvalidPayloadError);
  });
});

describe('Telegram channel: outbound', () => {
  const replies: Reply[] = [
    {
      type: 'choices',
      text: 'いらっしゃいませ',
      choices: [
        { label: 'おすすめを見る', payload: 'k1:go:recommend' },
        { label: 'Way too long', payload: `k1:do:showProduct:${'x'.repeat(70)}` },
      ],
    },
    {
      type: 'products',
      products: [
        {
          id: 'tea',
          title: '宇治煎茶',
          price: { amount: 1200, currency: 'JPY' },
          imageUrl: 'https://images.example.com/tea.jpg',
          reason: '『緑茶』に一致',
          actions: [{ label: 'カートに入れる', payload: 'k1:do:addToCart:tea', action: 'addToCart' }],
        },
      ],
    },
    {
      type: 'paymentLink',
      orderId: 'KW-1',
      url: 'https://shop.test/checkout/demo/KW-1?token=t',
      total: { amount: 2400, currency: 'JPY' },
    },
    { type: 'handoff', reason: 'asked for a person' },
  ];

  it('renders inline keyboards, photos with captions and URL buttons', () => {
    expect(renderTelegramReplies('5551234', replies)).toEqual([
      {
        method: 'sendMessage',
        payload: {
          chat_id: '5551234',
          text: 'いらっしゃいませ\n2. Way too long',
          reply_markup: { inline_keyboard: [[{ text: 'おすすめを見る', callback_data: 'k1:go:recommend' }]] },
        },
      },
      {
        method: 'sendPhoto',
        payload: {
          chat_id: '5551234',
          photo: 'https://images.example.com/tea.jpg',
          caption: '宇治煎茶\n￥1,200\n『緑茶』に一致',
          reply_markup: { inline_keyboard: [[{ text: 'カートに入れる', callback_data: 'k1:do:addToCart:tea' }]] },
        },
      },
      {
        method: 'sendMessage',
        payload: {
          chat_id: '5551234',
          text: '💳 ￥2,400',
          reply_markup: {
            inline_keyboard: [[{ text: '💳 ￥2,400', url: 'https://shop.test/checkout/demo/KW-1?token=t' }]],
          },
        },
      },
    ]);
  });

  it('sends them in order through the real client, with exact bodies', async () => {
    fake.calls.length = 0;
    const results = await channel().send(
      { channel: 'telegram', conversationId: '5551234', userId: '5551234' },
      replies,
    );
    expect(fake.calls.map((call) => call.method)).toEqual(['sendMessage', 'sendPhoto', 'sendMessage']);
    expect(fake.calls.every((call) => call.token === token)).toBe(true);
    expect(fake.calls[1]?.body).toEqual({
      chat_id: '5551234',
      photo: 'https://images.example.com/tea.jpg',
      caption: '宇治煎茶\n￥1,200\n『緑茶』に一致',
      reply_markup: { inline_keyboard: [[{ text: 'カートに入れる', callback_data: 'k1:do:addToCart:tea' }]] },
    });
    expect(results).toHaveLength(3);
    expect(results[0]?.platformMessageId).toMatch(/^\d+$/);
  });

  it('turns 429 and 5xx into retryable errors, 403 into a permanent one, a dead host into UpstreamUnreachable', async () => {
    const to = { channel: 'telegram' as const, conversationId: '1', userId: '1' };
    fake.failNext({ status: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
    await expect(channel().send(to, [{ type: 'text', text: 'hi' }])).rejects.toMatchObject({
      details: { status: 429, retryable: true, retryAfterMs: 7000 },
    });
    fake.failNext({ status: 502, description: 'Bad Gateway' });
    await expect(channel().send(to, [{ type: 'text', text: 'hi' }])).rejects.toMatchObject({
      details: { status: 502, retryable: true },
    });
    fake.failNext({ status: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = channel().send(to, [{ type: 'text', text: 'hi' }]);
    await expect(blocked).rejects.toBeInstanceOf(ChannelSendError);
    await expect(blocked).rejects.toMatchObject({ details: { status: 403, retryable: false } });
    const dead = createTelegramChannel({ botToken: token, webhookSecret: secret, apiRoot: 'http://127.0.0.1:9' });
    await expect(dead.send(to, [{ type: 'text', text: 'hi' }])).rejects.toBeInstanceOf(UpstreamUnreachableError);
  });

  it('refuses malformed credentials at creation', () => {
    expect(() => createTelegramChannel({ botToken: 'nope', webhookSecret: secret })).toThrow(/BotFather/);
    expect(() => createTelegramChannel({ botToken: token, webhookSecret: 'short' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });
});
