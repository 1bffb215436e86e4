import { Command } from 'commander';
import { setLineWebhook } from '../../channels/line/webhook-endpoint.js';
import { createTelegramChannel } from '../../channels/telegram/index.js';
import { loadEnv } from '../../config/load-config.js';
import { ConfigError } from '../../core/index.js';
import { reportError } from '../report-error.js';

export function webhookCommand(): Command {
  const webhook = new Command('webhook').description("register this server's webhook URL with a platform");
  webhook
    .command('set')
    .argument('<channel>', 'telegram or line')
    .requiredOption('--url <url>', 'public base URL of this server, e.g. https://shop.example.com')
    .action(async (channel: string, options: { url: string }) => {
      try {
        const env = loadEnv();
        if (channel === 'line') {
          if (!env.LINE_CHANNEL_SECRET || !env.LINE_CHANNEL_ACCESS_TOKEN)
            throw new ConfigError('set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN first');
          const endpoint = `${options.url.replace(/\/$/, '')}/webhooks/line`;
          const verdict = await setLineWebhook(
            {
              channelSecret: env.LINE_CHANNEL_SECRET,
              channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
              ...(env.LINE_API_BASE_URL ? { apiBaseUrl: env.LINE_API_BASE_URL } : {}),
            },
            endpoint,
          );
          if (!verdict.success)
            throw new ConfigError(
              `LINE saved ${endpoint} but its test request failed (${verdict.reason || 'no reason given'}): is the server reachable over HTTPS?`,
            );
          console.log(`ok: LINE now posts events to ${endpoint} (test request answered)`);
          return;
        }
        if (channel !== 'telegram')
          throw new ConfigError(
            `"${channel}" has no webhook API here; docs/channels.md says how to set it in the platform's console`,
          );
        if (!env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET)
          throw new ConfigError('set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first');
        const target = `${options.url.replace(/\/$/, '')}/webhooks/telegram`;
        await createTelegramChannel({
          botToken: env.TELEGRAM_BOT_TOKEN,
          webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
          ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
        }).setWebhook(target);
        console.log(`ok: Telegram now posts updates to ${target}`);
      } catch (error) {
        reportError(error);
      }
    });
  return webhook;
}
