import { describe, expect, it } from 'vitest';
import { InvalidPayloadError, SignatureError } from '../../../src/core/index.js';
import { createLineChannel } from '../../../src/channels/line/index.js';
import { parseLineRequest } from '../../../src/channels/line/parse.js';
import { verifyLineRequest } from '../../../src/channels/line/verify.js';
import { channelAccessToken, channelSecret, fixture, sign, webhook } from './helpers.js';

describe('LINE webhook signature', () => {
  const body = fixture('multi-event');

  it('accepts Base64(HMAC-SHA256(channel secret, raw body))', () => {
    expect(() => verifyLineRequest(webhook(body), channelSecret)).not.toThrow();
  });

  it('rejects a missing or wrong signature, another secret, and a body altered by one byte', () => {
    expect(() => verifyLineRequest(webhook(body, {}), channelSecret)).toThrow(SignatureError);
    expect(() =>
      verifyLineRequest(webhook(body, { 'x-line-signature': 'bm90IGEgc2lnbmF0dXJl' }), channelSecret),
    ).toThrow(SignatureError);
    expect(() =>
      verifyLineRequest(webhook(body, { 'x-line-signature': sign(body, 'f'.repeat(32)) }), channelSecret),
    ).toThrow(SignatureError);
    const altered = Buffer.from(body);
    altered[altered.indexOf('Hello')] = 'J'.charCodeAt(0);
    expect(() => verifyLineRequest(webhook(altered, { 'x-line-signature': sign(body) }), channelSecret)).toThrow(
      SignatureError,
    );
  });

  it('never puts the secret in its message', () => {
    try {
      verifyLineRequest(webhook(body, { 'x-line-signature': 'x' }), channelSecret);
    } catch (error) {
      expect((error as Error).message).not.toContain(channelSecret);
    }
  });
});

describe('LINE webhook events', () => {
  it('maps a multi-event body in order, ignoring event types Kaiwa does not act on', () => {
    const events = parseLineRequest(webhook(fixture('multi-event')));
    expect(events.map((event) => event.type)).toEqual(['text', 'postback', 'follow', 'unfollow']);
    const raw = JSON.parse(fixture('multi-event').toString('utf8')) as { events: unknown[] };
    expect(events[0]).toEqual({
      id: '01FZ74A0TDDPYRVKNK77XKC3ZR',
      type: 'text',
      text: 'Hello, world',
      address: {
        channel: 'line',
        conversationId: 'U80696558e1aa831a1a8de8ac1e5e7cba',
        userId: 'U80696558e1aa831a1a8de8ac1e5e7cba',
        replyToken: { token: '757913772c4646b784d4b7ce46d12671', expiresAt: '2021-07-07T13:41:32.211Z' },
      },
      receivedAt: '2021-07-07T13:40:42.211Z',
      raw: raw.events[0],
    });
    // A postback in a group: the group is the conversation, the member is the user.
    expect(events[1]).toMatchObject({
      id: '01FZ74AAE5NS7Q0JE1E6EF6S5M',
      type: 'postback',
      payload: 'k1:do:addToCart:tea',
      address: {
        conversationId: 'Ca56f94637c2b1d0e4f3b2a1908b7c6d5',
        userId: 'U80696558e1aa831a1a8de8ac1e5e7cba',
        replyToken: { token: 'b60d432864f44d079f6d8efe86cf404b' },
      },
    });
    expect(events[2]).toMatchObject({
      id: '01FZ74ASS536FW97EX38NKCZQK',
      type: 'follow',
      address: { userId: 'Ufc729a925b3abef4e1b9a8d7c6b5a493' },
    });
    // Unfollow events carry no reply token: nothing can be sent to a shopper who blocked the bot.
    expect(events[3]?.address).toEqual({
      channel: 'line',
      conversationId: 'Ubbd4f124aee5113f9a8b7c6d5e4f3a21',
      userId: 'Ubbd4f124aee5113f9a8b7c6d5e4f3a21',
    });
  });

  it('maps a redelivery like the original, with the same id, so the engine dedups it', () => {
    const [redelivered] = parseLineRequest(webhook(fixture('redelivery')));
    const [original] = parseLineRequest(webhook(fixture('multi-event')));
    expect(redelivered).toMatchObject({
      id: original?.id,
      type: 'text',
      text: 'Hello, world',
      address: original?.address,
    });
  });

  it('keeps Japanese text and emoji as sent', () => {
    expect(parseLineRequest(webhook(fixture('text-ja-emoji')))).toMatchObject([
      {
        id: '01H810YECXQQZ37VAXPF6H9E6T',
        type: 'text',
        text: '緑茶のおすすめは？🍵 $',
        receivedAt: '2025-11-22T09:00:00.000Z',
        address: { replyToken: { expiresAt: '2025-11-22T09:00:50.000Z' } },
      },
    ]);
  });

  it('maps stickers and media to media (a URL only for externally hosted content) and locations', () => {
    expect(parseLineRequest(webhook(fixture('sticker')))).toEqual([
      expect.objectContaining({
        type: 'media',
        media: 'sticker',
        address: expect.objectContaining({
          conversationId: 'Ra8dbf4673c4c812cd491258042226c99',
          userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
        }),
      }),
    ]);
    const [image, video] = parseLineRequest(webhook(fixture('image')));
    expect(image).toMatchObject({ type: 'media', media: 'image' });
    expect(image).not.toHaveProperty('url');
    expect(video).toMatchObject({ type: 'media', media: 'video', url: 'https://example.com/original.mp4' });
    expect(parseLineRequest(webhook(fixture('location')))).toMatchObject([
      { type: 'location', latitude: 35.67966, longitude: 139.73669 },
    ]);
  });

  it('ignores join, leave, unsend, beacon and unknown types, and the console Verify body', () => {
    const body = JSON.stringify({
      destination: 'U1',
      events: [
        'join',
        'leave',
        'memberJoined',
        'unsend',
        'videoPlayComplete',
        'beacon',
        'accountLink',
        'somethingNew',
      ].map((type, index) => ({
        type,
        webhookEventId: `E${index}`,
        timestamp: 1,
        source: { type: 'user', userId: 'U1' },
      })),
    });
    expect(parseLineRequest(webhook(body))).toEqual([]);
    expect(parseLineRequest(webhook('{"destination":"U1","events":[]}'))).toEqual([]);
  });

  it('rejects malformed bodies with InvalidPayloadError', () => {
    for (const body of [
      '{"events":',
      '{"destination":"U1"}',
      '{"events":{}}',
      '[]',
      '{"events":[42]}',
      '{"events":[{"type":"follow","timestamp":1,"source":{"type":"user","userId":"U1"}}]}',
    ]) {
      expect(() => parseLineRequest(webhook(body)), body).toThrow(InvalidPayloadError);
    }
    expect(() => parseLineRequest(webhook(new Uint8Array([0xff, 0xfe, 0x7b])))).toThrow(InvalidPayloadError);
  });
});

describe('createLineChannel: inbound wiring', () => {
  it('verifies with its own secret and parses', () => {
    const line = createLineChannel({ channelSecret, channelAccessToken });
    const body = fixture('multi-event');
    expect(() => line.verify(webhook(body))).not.toThrow();
    expect(() => line.verify(webhook(body, { 'x-line-signature': sign(body, 'f'.repeat(32)) }))).toThrow(
      SignatureError,
    );
    expect(line.parse(webhook(body))).toHaveLength(4);
  });
});
