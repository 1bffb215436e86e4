import http from 'node:http';
import { Telegram } from 'telegraf';
import {
  ChannelSendError,
  UpstreamUnreachableError,
  type ChannelAdapter,
  type InboundEvent,
  type SendResult,
} from '../../core/index.js';
import { telegramLimits } from './limits.js';
import { parseTelegramRequest, readPreCheckoutQuery } from './parse.js';
import { allowedUpdates, pollTelegram } from './poll.js';
import { renderTelegramReplies } from './render.js';
import { verifyTelegramRequest } from './verify.js';

export interface TelegramChannelOptions {
  botToken: string;
  /** The secret given to setWebhook; Telegram echoes it in every webhook request. Not needed when polling. */
  webhookSecret?: string;
  /** Receive by long polling (getUpdates) instead of the webhook: development without a public URL. */
  poll?: boolean;
  onPollError?: (error: unknown) => void;
  /**
   * Telegram Payments: decides a `pre_checkout_query` (the order still awaits payment, its stock is
   * still reserved, the total is unchanged). Without it every pre-checkout is refused.
   */
  preCheckout?: (query: {
    orderId: string;
    amount: { amount: number; currency: string };
  }) => Promise<{ ok: true } | { ok: false; message: string }>;
  /** Bot API root (TELEGRAM_API_ROOT), for tests, proxies and local Bot API servers. */
  apiRoot?: string;
}

export interface TelegramChannel extends ChannelAdapter {
  /** Registers this server's webhook URL with Telegram, with the secret. */
  setWebhook(url: string): Promise<void>;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  if (!/^\d+:[\w-]{20,}$/.test(options.botToken))
    throw new RangeError('TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…); get one from @BotFather');
  const webhookSecret = options.webhookSecret ?? '';
  if (!options.poll && !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret))
    throw new RangeError('TELEGRAM_WEBHOOK_SECRET must be 16–256 characters of A–Z, a–z, 0–9, _ and -');
  const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
  // telegraf's default agent speaks https only; a plain-http root (a local Bot API server) needs its own.
  const telegram = new Telegram(options.botToken, {
    apiRoot,
    ...(apiRoot.startsWith('http:') ? { agent: new http.Agent({ keepAlive: true }) } : {}),
  });
  const call = async (method: string, payload: Record<string, unknown>) => {
    try {
      return await telegram.callApi(method as 'sendMessage', payload as never);
    } catch (error) {
      throw toSendError(method, error);
    }
  };

  const adapter: TelegramChannel = {
    name: 'telegram',
    limits: telegramLimits,
    verify: (request) => verifyTelegramRequest(request, webhookSecret),
    parse: parseTelegramRequest,
    async send(to, replies) {
      const results: SendResult[] = [];
      // In order, one at a time: the chat must read them in the order they were written.
      for (const { method, payload } of renderTelegramReplies(to.conversationId, replies)) {
        const message = (await call(method, payload)) as { message_id?: number };
        results.push(message.message_id !== undefined ? { platformMessageId: String(message.message_id) } : {});
      }
      return results;
    },
    ...(options.poll
      ? {
          listen: (deliver: (events: readonly InboundEvent[]) => Promise<void>) =>
            pollTelegram(telegram, deliver, {
              acknowledge: (events) => adapter.acknowledge?.(events) ?? Promise.resolve(),
              ...(options.onPollError ? { onError: options.onPollError } : {}),
            }),
        }
      : {}),
    async respond(request) {
      const query = readPreCheckoutQuery(request);
      if (!query) return false;
      const verdict = options.preCheckout
        ? await options.preCheckout(query).catch(() => ({
            ok: false as const,
            message: 'The shop could not check this order; please try again in a moment.',
          }))
        : { ok: false as const, message: 'This shop does not take payments in Telegram.' };
      await call(
        'answerPreCheckoutQuery',
        verdict.ok
          ? { pre_checkout_query_id: query.id, ok: true }
          : { pre_checkout_query_id: query.id, ok: false, error_message: verdict.message.slice(0, 200) },
      );
      return true;
    },
    async acknowledge(events: readonly InboundEvent[]) {
      // Every pressed inline button must be answered, or the shopper's client keeps spinning.
      for (const event of events) {
        const query = (event.raw as { callback_query?: { id: string } } | undefined)?.callback_query;
        if (query) await call('answerCallbackQuery', { callback_query_id: query.id }).catch(() => undefined);
      }
    },
    async setWebhook(url) {
      if (!webhookSecret) throw new RangeError('setWebhook needs TELEGRAM_WEBHOOK_SECRET');
      await call('setWebhook', { url, secret_token: webhookSecret, allowed_updates: allowedUpdates });
    },
  };
  return adapter;
}

/** grammY's split: the API said no (ChannelSendError, retryable for 429/5xx) vs the request never got through. */
function toSendError(method: string, error: unknown): Error {
  const response = (
    error as { response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } } }
  ).response;
  if (response?.error_code !== undefined) {
    const status = response.error_code;
    const retryAfter = response.parameters?.retry_after;
    return new ChannelSendError(
      `Telegram ${method}: ${status} ${response.description ?? ''}`.trim(),
      {
        status,
        retryable: status === 429 || status >= 500,
        ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}),
      },
      { cause: error },
    );
  }
  return new UpstreamUnreachableError(`Telegram ${method}: ${(error as Error).message}`, { cause: error });
}
