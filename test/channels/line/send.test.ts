import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ChannelSendError,
  ConfigError,
  UpstreamUnreachableError,
  type Address,
  type Clock,
  type Reply,
} from '../../../src/core/index.js';
import { createLineChannel } from '../../../src/channels/line/index.js';
import { invalidReplyToken, startFakeLineApi } from '../../fakes/line-api.js';
import { channelAccessToken, channelSecret } from './helpers.js';

let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
beforeAll(async () => {
  fake = await startFakeLineApi(channelAccessToken);
});
afterAll(() => fake.close());

let now: Date;
const clock: Clock = { now: () => now };
beforeEach(() => {
  fake.requests.length = 0;
  now = new Date('2025-11-22T09:00:10.000Z');
});
const channel = (apiBaseUrl = fake.url) => createLineChannel({ channelSecret, channelAccessToken, apiBaseUrl, clock });
let tokens = 0;
const address = (): Address => ({
  channel: 'line',
  conversationId: 'Ca56f94637c2b1d0e4f3b2a1908b7c6d5',
  userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
  replyToken: { token: `send-token-${++tokens}`, expiresAt: '2025-11-22T09:00:50.000Z' },
});
const texts = (count: number): Reply[] =>
  Array.from({ length: count }, (_, index) => ({ type: 'text', text: `message ${index + 1}` }));
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('LINE send: reply token, push and retry key', () => {
  it('answers the first 5 messages by reply while the token is fresh, then pushes the rest to the conversation', async () => {
    const to = address();
    const results = await channel().send(to, texts(7));
    expect(fake.requests.map((request) => request.path)).toEqual(['/v2/bot/message/reply', '/v2/bot/message/push']);
    expect(fake.requests[0]?.body).toEqual({ replyToken: to.replyToken?.token, messages: texts(5) });
    expect(fake.requests[0]?.headers['x-line-retry-key']).toBeUndefined();
    expect(fake.requests[1]?.body).toEqual({ to: 'Ca56f94637c2b1d0e4f3b2a1908b7c6d5', messages: texts(7).slice(5) });
    expect(fake.requests[1]?.headers['x-line-retry-key']).toMatch(uuid);
    expect(results).toHaveLength(7);
    expect(results.every((result) => /^\d+$/.test(result.platformMessageId ?? ''))).toBe(true);
  });

  it('pushes everything once the token has expired by the injected clock', async () => {
    now = new Date('2025-11-22T09:00:50.000Z');
    await channel().send(address(), texts(6));
    expect(fake.requests.map((request) => request.path)).toEqual(['/v2/bot/message/push', '/v2/bot/message/push']);
    expect(fake.requests[0]?.body).toEqual({ to: 'Ca56f94637c2b1d0e4f3b2a1908b7c6d5', messages: texts(5) });
  });

  it('pushes the batch when LINE answers 400 "Invalid reply token"', async () => {
    fake.failNext(invalidReplyToken);
    await channel().send(address(), texts(2));
    expect(fake.requests.map((request) => [request.path, request.body.messages])).toEqual([
      ['/v2/bot/message/reply', texts(2)],
      ['/v2/bot/message/push', texts(2)],
    ]);
  });

  it('derives the retry key from address and content, so a retried push is deduplicated by LINE (409 = delivered)', async () => {
    const to = {
      channel: 'line' as const,
      conversationId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
      userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
    };
    await channel().send(to, texts(1));
    // A new adapter instance stands for a restarted process retrying the same outbox item.
    await expect(channel().send(to, texts(1))).resolves.toEqual([{}]);
    expect(fake.requests.map((request) => request.headers['x-line-retry-key'])).toEqual([
      fake.requests[0]?.headers['x-line-retry-key'],
      fake.requests[0]?.headers['x-line-retry-key'],
    ]);
    fake.requests.length = 0;
    await channel().send(to, [{ type: 'text', text: 'something else' }]);
    await channel().send({ ...to, conversationId: 'U0000000000000000000000000000000f' }, texts(1));
    const keys = new Set(fake.requests.map((request) => request.headers['x-line-retry-key']));
    expect(keys.size).toBe(2);
  });

  it('after a failed push, a retry skips the batch already delivered by reply and pushes the rest once', async () => {
    const line = channel();
    const other = address();
    fake.failNext({ status: 500, message: 'Internal server error', path: '/v2/bot/message/push' });
    await expect(line.send(other, texts(6))).rejects.toMatchObject({ details: { status: 500, retryable: true } });
    now = new Date('2025-11-22T09:01:30.000Z'); // the retry comes after the token lapsed
    await line.send(other, texts(6));
    expect(fake.requests.map((request) => request.path)).toEqual([
      '/v2/bot/message/reply',
      '/v2/bot/message/push',
      '/v2/bot/message/push',
    ]);
    expect(fake.requests[2]?.body.messages).toEqual(texts(6).slice(5));
  });
});

describe('LINE send: errors', () => {
  const to = {
    channel: 'line' as const,
    conversationId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
    userId: 'U4af4980629d1c2b3a4f5e6d7c8b9a0f1',
  };
  let text = 0;
  const once = (): Reply[] => [{ type: 'text', text: `error case ${++text}` }];

  it('429 → retryable with retryAfterMs from Retry-After (seconds or an HTTP date)', async () => {
    fake.failNext({ status: 429, message: 'The API rate limit has been exceeded. Try again later.', retryAfter: '7' });
    await expect(channel().send(to, once())).rejects.toMatchObject({
      details: { status: 429, retryable: true, retryAfterMs: 7000 },
    });
    fake.failNext({ status: 429, message: 'rate limit', retryAfter: new Date(now.getTime() + 30_000).toUTCString() });
    await expect(channel().send(to, once())).rejects.toMatchObject({
      details: { status: 429, retryable: true, retryAfterMs: 30_000 },
    });
    fake.failNext({ status: 429, message: 'rate limit' });
    const error = (await channel()
      .send(to, once())
      .catch((caught: unknown) => caught)) as ChannelSendError;
    expect(error.details).toEqual({ status: 429, retryable: true });
  });

  it('500 → retryable; 403 → a permanent ChannelSendError; the token never appears in messages', async () => {
    fake.failNext({ status: 500, message: 'Internal server error' });
    await expect(channel().send(to, once())).rejects.toMatchObject({ details: { status: 500, retryable: true } });
    fake.failNext({ status: 403, message: 'Not authorized to use this endpoint' });
    const error = (await channel()
      .send(to, once())
      .catch((caught: unknown) => caught)) as ChannelSendError;
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.details).toEqual({ status: 403, retryable: false });
    expect(error.message).toContain('Not authorized');
    expect(error.message).not.toContain(channelAccessToken);
  });

  it('a reply failing with 5xx is not pushed instead (the outbox retries the whole send)', async () => {
    fake.failNext({ status: 503, message: 'Service unavailable' });
    await expect(channel().send(address(), once())).rejects.toMatchObject({
      details: { status: 503, retryable: true },
    });
    expect(fake.requests.map((request) => request.path)).toEqual(['/v2/bot/message/reply']);
  });

  it('connection refused → UpstreamUnreachableError', async () => {
    await expect(channel('http://127.0.0.1:9').send(to, once())).rejects.toBeInstanceOf(UpstreamUnreachableError);
  });

  it('refuses malformed options at creation, naming every problem and no secret', () => {
    expect(() =>
      createLineChannel({ channelSecret: 'nope', channelAccessToken: 'short', apiBaseUrl: 'ftp://x' }),
    ).toThrow(ConfigError);
    expect(() =>
      createLineChannel({ channelSecret: 'nope', channelAccessToken: 'short', apiBaseUrl: 'ftp://x' }),
    ).toThrow(/LINE_CHANNEL_SECRET.*LINE_CHANNEL_ACCESS_TOKEN.*LINE_API_BASE_URL/);
    expect(createLineChannel({ channelSecret, channelAccessToken })).toMatchObject({
      name: 'line',
      limits: { maxTextLength: 5000, maxButtons: 13, maxButtonLabel: 20, maxCarouselCards: 12, maxCardActions: 3 },
    });
  });
});
