import { Command } from 'commander';
import { channelModules } from '../../channels/registry.js';
import { ConfigError, readSettings } from '../../core/index.js';
import { reportError } from '../report-error.js';

export function webhookCommand(): Command {
  const webhook = new Command('webhook').description("register this server's webhook URL with a platform");
  const settable = channelModules.filter((module) => module.setWebhook).map((module) => module.name);
  webhook
    .command('set')
    .argument('<channel>', settable.join(' or '))
    .requiredOption('--url <url>', 'public base URL of this server, e.g. https://shop.example.com')
    .action(async (channel: string, options: { url: string }) => {
      try {
        const module = channelModules.find((candidate) => candidate.name === channel);
        if (!module?.setWebhook)
          throw new ConfigError(
            `"${channel}" has no webhook API here; docs/channels.md says how to set it in the platform's console`,
          );
        const settings = readSettings(process.env, 'docs/channels.md');
        console.log(await module.setWebhook(settings, options.url.replace(/\/$/, '')));
      } catch (error) {
        reportError(error);
      }
    });
  return webhook;
}
