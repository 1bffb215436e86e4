import { Command } from 'commander';
import { createTelegramChannel } from '../../channels/telegram/index.js';
import { loadEnv } from '../../config/load-config.js';
import { ConfigError } from '../../core/index.js';
import { reportError } from '../report-error.js';

export function webhookCommand(): Command {
  const webhook = new Command('webhook').description("register this server's webhook URL with a platform");
  webhook
    .command('set')
    .argument('<channel>', 'telegram')
    .requiredOption('--url <url>', 'public base URL of this server, e.g. https://shop.example.com')
    .action(async (channel: string, options: { url: string }) => {
      try {
        if (channel !== 'telegram') throw new ConfigError(`"${channel}" has no webhook API here; docs/channels.md says how to set it in the platform's console`);
        const env = loadEnv();
        if (!env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET) throw new ConfigError('set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first');
        const target = `${options.url.replace(/\/$/, '')}/webhooks/telegram`;
        await createTelegramChannel({ botToken: env.TELEGRAM_BOT_TOKEN, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET, ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}) }).setWebhook(target);
        console.log(`ok: Telegram now posts updates to ${target}`);
      } catch (error) {
        reportError(error);
      }
    });
  return webhook;
}
