import type { Env } from './config/schema.js';
import { ConfigError, type ChannelAdapter } from './core/index.js';
import { createTelegramChannel } from './channels/telegram/index.js';

/** A channel is enabled when its credentials are set; half-set credentials are a boot error. */
export function channelsFromEnv(env: Env): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  if (env.TELEGRAM_BOT_TOKEN || env.TELEGRAM_WEBHOOK_SECRET) {
    if (!env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET) throw new ConfigError('Telegram needs both TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET (see .env.example)');
    try {
      channels.push(createTelegramChannel({ botToken: env.TELEGRAM_BOT_TOKEN, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET, ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}) }));
    } catch (error) {
      throw new ConfigError((error as Error).message, { cause: error });
    }
  }
  return channels;
}
