import { messagingApi } from '@line/bot-sdk';
import type { Address, ChannelAdapter, SendResult } from '../../core/index.js';
import { lineLimits } from './limits.js';
import { resolveLineOptions, type LineChannelOptions } from './options.js';
import { parseLineRequest } from './parse.js';
import { createProfileLocales } from './profile-locale.js';
import { batchLineMessages, renderLineMessages, type LineMessage } from './render.js';
import { lineRetryKey } from './retry-key.js';
import { isAlreadyAccepted, isInvalidReplyToken, toLineSendError } from './send-error.js';
import { verifyLineRequest } from './verify.js';

export type { LineChannelOptions } from './options.js';

// How many used reply tokens to remember (see `send`); a few minutes' traffic, a few hundred KB.
const rememberedReplies = 10_000;

/**
 * The LINE Messaging API channel. Webhook: `POST /webhooks/line`, signed with the channel secret.
 * Replies use the event's reply token while it is fresh (free of charge in LINE's pricing) and push
 * messages otherwise, 5 messages per request. Throws ConfigError at creation for malformed options.
 *
 * @example
 * const line = createLineChannel({ channelSecret: env.LINE_CHANNEL_SECRET, channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN });
 */
export function createLineChannel(options: LineChannelOptions): ChannelAdapter {
  const { channelSecret, channelAccessToken, apiBaseUrl, clock } = resolveLineOptions(options);
  const client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: apiBaseUrl });
  // Reply tokens are single-use. If a later batch fails, the outbox retries the whole send; without
  // this memory the first batch, already delivered by reply, would be pushed a second time.
  const repliedWith = new Map<string, string>();

  const ids = (response: { sentMessages?: { id: string }[] }, messages: readonly LineMessage[]): SendResult[] =>
    messages.map((_, index) => {
      const id = response.sentMessages?.[index]?.id;
      return id !== undefined ? { platformMessageId: id } : {};
    });

  async function reply(token: string, messages: LineMessage[], fingerprint: string): Promise<SendResult[] | undefined> {
    if (repliedWith.has(token)) return undefined; // used already, for other messages: push
    try {
      // The SDK's Message union is stricter than our JSON; LINE validates the objects themselves.
      const response = await client.replyMessage({
        replyToken: token,
        messages: messages as unknown as messagingApi.Message[],
      });
      repliedWith.set(token, fingerprint);
      if (repliedWith.size > rememberedReplies) repliedWith.delete(repliedWith.keys().next().value as string);
      return ids(response, messages);
    } catch (error) {
      if (isInvalidReplyToken(error)) return undefined;
      throw toLineSendError('reply', error, clock);
    }
  }

  async function push(to: Address, messages: LineMessage[], retryKey: string): Promise<SendResult[]> {
    try {
      return ids(
        await client.pushMessage(
          { to: to.conversationId, messages: messages as unknown as messagingApi.Message[] },
          retryKey,
        ),
        messages,
      );
    } catch (error) {
      if (isAlreadyAccepted(error)) return messages.map(() => ({}));
      throw toLineSendError('push', error, clock);
    }
  }

  return {
    name: 'line',
    limits: lineLimits,
    verify: (request) => verifyLineRequest(request, channelSecret),
    parse: parseLineRequest,
    enrich: createProfileLocales(client),
    async send(to, replies) {
      const results: SendResult[] = [];
      const token =
        to.replyToken && Date.parse(to.replyToken.expiresAt) > clock.now().getTime() ? to.replyToken.token : undefined;
      // One request at a time, in order: the chat must read the batches as they were written.
      for (const [index, messages] of batchLineMessages(renderLineMessages(replies)).entries()) {
        const retryKey = lineRetryKey(to, index, messages);
        if (index === 0 && to.replyToken && repliedWith.get(to.replyToken.token) === retryKey) {
          results.push(...messages.map(() => ({}))); // delivered by reply on an earlier attempt, even if the token has lapsed since
          continue;
        }
        const replied = index === 0 && token ? await reply(token, messages, retryKey) : undefined;
        results.push(...(replied ?? (await push(to, messages, retryKey))));
      }
      return results;
    },
  };
}
