import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { channelNames, ConfigError, type ChannelName, type ErasureReport } from '../../core/index.js';
import { createKaiwa } from '../../kaiwa.js';
import { eraseShopper, exportShopper, shopperAddress } from '../../privacy/shopper-data.js';
import { reportError } from '../report-error.js';

function channelOf(value: string): ChannelName {
  if (!channelNames.includes(value as ChannelName))
    throw new ConfigError(`unknown channel "${value}"; one of ${channelNames.join(', ')}`);
  return value as ChannelName;
}

/** What `kaiwa privacy delete` prints. */
function erasureLine(report: ErasureReport): string {
  const { transcript, sessions, outbox, handoffs } = report;
  const erased = `erased ${transcript} messages, ${sessions} session, ${outbox} outgoing, ${handoffs} handoff`;
  const kept = `${report.ordersAnonymised} orders kept for the accounts without the shopper's identity`;
  return `ok: ${erased}; ${kept}; ${report.consents} consent and ${report.inbox} delivery ids erased`;
}

/** `kaiwa privacy export|delete <channel> <userId>`: a shopper's data, and erasing it (docs/security.md). */
export function privacyCommand(): Command {
  const privacy = new Command('privacy').description("a shopper's right to their data and to erasure");
  privacy
    .command('export')
    .argument('<channel>', 'e.g. line, telegram, whatsapp')
    .argument('<userId>', "the shopper's id on that channel (a group's id for group chats)")
    .option('--shop <dir>', 'shop folder (its kaiwa.yaml and DATABASE_URL)', '.')
    .option('--out <file>', 'write the JSON here instead of stdout')
    .action(async (channel: string, userId: string, options: { shop: string; out?: string }) => {
      try {
        const kaiwa = await createKaiwa({ shopDir: options.shop, log: () => undefined });
        try {
          const data = await exportShopper(
            kaiwa.store,
            shopperAddress(channelOf(channel), userId),
            kaiwa.app.clock.now(),
          );
          const json = `${JSON.stringify(data, null, 2)}\n`;
          if (options.out) {
            writeFileSync(options.out, json, { mode: 0o600 });
            console.error(
              `ok: ${data.transcript.length} messages and ${data.orders.length} orders written to ${options.out}`,
            );
          } else process.stdout.write(json);
        } finally {
          await kaiwa.close();
        }
      } catch (error) {
        reportError(error);
      }
    });
  privacy
    .command('delete')
    .argument('<channel>')
    .argument('<userId>')
    .option('--shop <dir>', 'shop folder', '.')
    .action(async (channel: string, userId: string, options: { shop: string }) => {
      try {
        const kaiwa = await createKaiwa({ shopDir: options.shop, log: () => undefined });
        try {
          console.log(erasureLine(await eraseShopper(kaiwa.store, shopperAddress(channelOf(channel), userId))));
        } finally {
          await kaiwa.close();
        }
      } catch (error) {
        reportError(error);
      }
    });
  privacy
    .command('purge')
    .description(
      "delete conversation data older than kaiwa.yaml's retention.days (orders are kept); kaiwa start also does it hourly",
    )
    .option('--shop <dir>', 'shop folder', '.')
    .option('--days <n>', 'override retention.days')
    .action(async (options: { shop: string; days?: string }) => {
      try {
        const days = options.days === undefined ? undefined : Number(options.days);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1))
          throw new ConfigError('--days must be a whole number of days, at least 1');
        const kaiwa = await createKaiwa({ shopDir: options.shop, log: () => undefined });
        try {
          const report = await kaiwa.purgeExpiredData(days);
          if (!report) throw new ConfigError('no retention period: set retention.days in kaiwa.yaml or pass --days');
          console.log(
            `ok: deleted ${report.transcript} messages, ${report.sessions} idle sessions, ${report.outbox} sent replies, ${report.inbox} delivery ids, ${report.funnel} funnel events`,
          );
        } finally {
          await kaiwa.close();
        }
      } catch (error) {
        reportError(error);
      }
    });
  return privacy;
}
