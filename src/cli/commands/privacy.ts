import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { isChannelName, ConfigError, type ChannelName, type ErasureReport } from '../../core/index.js';
import { withShopStore } from '../../app/index.js';
import { purgeOlderThan } from '../../modules/privacy/retention.js';
import { eraseShopper, exportShopper, shopperAddress } from '../../modules/privacy/shopper-data.js';
import { reportError } from '../report-error.js';
import { shopFolder, withShopDir } from '../shop-folder.js';

function channelOf(value: string): ChannelName {
  if (!isChannelName(value))
    throw new ConfigError(`"${value}" is no channel name (lower-case letters, digits and dashes, e.g. line)`);
  return value;
}

/** What `kaiwa privacy delete` prints. */
function erasureLine(report: ErasureReport): string {
  const { transcript, sessions, outbox, handoffs } = report;
  const erased = `erased ${transcript} messages, ${sessions} session, ${outbox} outgoing, ${handoffs} handoff`;
  const kept = `${report.ordersAnonymised} orders kept for the accounts without the shopper's identity`;
  return `ok: ${erased}; ${kept}; ${report.consents} consent and ${report.inbox} delivery ids erased`;
}

/**
 * `kaiwa privacy export|delete <channel> <userId> [dir]`, `kaiwa privacy purge [dir]`: a shopper's data, and erasing
 * it (docs/security.md). The shop folder (its kaiwa.yaml and DATABASE_URL) comes last; `--shop` is its deprecated alias.
 */
export function privacyCommand(): Command {
  const privacy = new Command('privacy').description("a shopper's right to their data and to erasure");
  const subcommand = (name: string, shopper: boolean) => {
    const command = privacy.command(name);
    if (shopper)
      command
        .argument('<channel>', 'e.g. line, telegram, whatsapp')
        .argument('<userId>', "the shopper's id on that channel (a group's id for group chats)");
    return withShopDir(command);
  };
  subcommand('export', true)
    .option('--out <file>', 'write the JSON here instead of stdout')
    .action(
      async (channel: string, userId: string, dir: string | undefined, options: { shop?: string; out?: string }) => {
        try {
          await withShopStore(shopFolder(dir, options.shop), async ({ store, clock }) => {
            const data = await exportShopper(store, shopperAddress(channelOf(channel), userId), clock.now());
            const json = `${JSON.stringify(data, null, 2)}\n`;
            if (options.out) {
              writeFileSync(options.out, json, { mode: 0o600 });
              console.error(
                `ok: ${data.transcript.length} messages and ${Array.isArray(data.orders) ? data.orders.length : 0} orders written to ${options.out}`,
              );
            } else process.stdout.write(json);
          });
        } catch (error) {
          reportError(error);
        }
      },
    );
  subcommand('delete', true).action(
    async (channel: string, userId: string, dir: string | undefined, options: { shop?: string }) => {
      try {
        const report = await withShopStore(shopFolder(dir, options.shop), ({ store }) =>
          eraseShopper(store, shopperAddress(channelOf(channel), userId)),
        );
        console.log(erasureLine(report));
      } catch (error) {
        reportError(error);
      }
    },
  );
  subcommand('purge', false)
    .description(
      "delete conversation data older than kaiwa.yaml's retention.days (orders are kept); kaiwa start also does it hourly",
    )
    .option('--days <n>', 'override retention.days')
    .action(async (dir: string | undefined, options: { shop?: string; days?: string }) => {
      try {
        const days = options.days === undefined ? undefined : Number(options.days);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1))
          throw new ConfigError('--days must be a whole number of days, at least 1');
        const report = await withShopStore(shopFolder(dir, options.shop), async ({ store, clock, config }) => {
          const keep = days ?? config.shop.retention.days;
          if (keep === undefined)
            throw new ConfigError('no retention period: set retention.days in kaiwa.yaml or pass --days');
          return purgeOlderThan(store, clock, keep);
        });
        console.log(
          `ok: deleted ${report.transcript} messages, ${report.sessions} idle sessions, ${report.outbox} sent replies, ${report.inbox} delivery ids, ${report.funnel} funnel events`,
        );
      } catch (error) {
        reportError(error);
      }
    });
  return privacy;
}
