import { ConfigError } from '../../core/index.js';
import type { ChannelModule } from '../../core/index.js';
import { createTelegramChannel } from './index.js';
import { telegramLimits } from './limits.js';
import { renderTelegramReplies } from './render.js';

/** Telegram: a webhook with its secret, or long polling (`kaiwa start --poll telegram`) with the token alone. */
export const telegramChannel: ChannelModule = {
  name: 'telegram',
  label: 'Telegram',
  variables: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_API_ROOT', 'TELEGRAM_POLLING'],
  fromEnv(settings, context) {
    const apiRoot = settings.url('TELEGRAM_API_ROOT');
    const common = { preCheckout: context.checkPayable, ...(apiRoot ? { apiRoot } : {}) };
    if (settings.flag('TELEGRAM_POLLING')) {
      // Development without a public URL: long polling needs only the token.
      const botToken = settings.string('TELEGRAM_BOT_TOKEN');
      if (!botToken) {
        settings.problem('--poll telegram (TELEGRAM_POLLING=1) needs TELEGRAM_BOT_TOKEN');
        return undefined;
      }
      return createTelegramChannel({
        ...common,
        botToken,
        poll: true,
        onPollError: (error) => context.log('Telegram polling failed', { error: (error as Error).message }),
      });
    }
    const telegram = settings.group('Telegram', ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']);
    return telegram
      ? createTelegramChannel({
          ...common,
          botToken: telegram.TELEGRAM_BOT_TOKEN,
          webhookSecret: telegram.TELEGRAM_WEBHOOK_SECRET,
        })
      : undefined;
  },
  preview: { limits: telegramLimits, render: (replies) => renderTelegramReplies('<chat_id>', replies) },
  async setWebhook(settings, baseUrl) {
    const apiRoot = settings.url('TELEGRAM_API_ROOT');
    const botToken = settings.string('TELEGRAM_BOT_TOKEN');
    const webhookSecret = settings.string('TELEGRAM_WEBHOOK_SECRET');
    settings.done();
    if (!botToken || !webhookSecret) throw new ConfigError('set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first');
    const target = `${baseUrl}/webhooks/telegram`;
    await createTelegramChannel({ botToken, webhookSecret, ...(apiRoot ? { apiRoot } : {}) }).setWebhook(target);
    return `ok: Telegram now posts updates to ${target}`;
  },
};
