import { Command } from 'commander';
import { carriersWith, ConfigError, formatMoney, type Order, type OrderStatus } from '../../core/index.js';
import type { OrderFilter } from '../../modules/orders/store.js';
import { createKaiwa, withShopStore, type Kaiwa, type ShopStore } from '../../app/index.js';
import { fulfilOptions } from '../../app/fulfilment.js';
import { OrderStateError } from '../../modules/orders/errors.js';
import { cancelOrder, fulfilOrder, refundOrder } from '../../modules/orders/merchant-actions.js';
import { reportError } from '../report-error.js';
import { shopFolder, withShopDir } from '../shop-folder.js';

const statuses: readonly OrderStatus[] = [
  'awaiting_payment',
  'paid',
  'fulfilled',
  'expired',
  'cancelled',
  'refunded',
  'payment_mismatch',
];

/** Boots the shop like `kaiwa start` does (a refund needs its payment providers and engine), runs `fn`, closes. */
async function withShop<T>(shopDir: string, fn: (kaiwa: Kaiwa) => Promise<T>): Promise<T> {
  const kaiwa = await createKaiwa({ shopDir, log: () => undefined });
  try {
    return await fn(kaiwa);
  } finally {
    await kaiwa.close();
  }
}

const line = (order: Order) =>
  [
    order.id.padEnd(14),
    order.status.padEnd(17),
    order.address.channel.padEnd(10),
    formatMoney(order.total, order.locale).padStart(12),
    ` ${order.createdAt.slice(0, 16).replace('T', ' ')}`,
  ].join(' ');

function parseDay(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new ConfigError(`${flag} must be a date like 2026-11-22, got "${value}"`);
  return `${value}T00:00:00.000Z`;
}

/**
 * `kaiwa orders list|show|cancel|refund|fulfil … [dir]`: the merchant's order desk (docs/orders.md).
 * The shop folder (its kaiwa.yaml and DATABASE_URL) comes last, as in every command; `--shop` is its deprecated alias.
 */
export function ordersCommand(): Command {
  const orders = new Command('orders').description("list and act on the shop's orders");
  orders.addCommand(ordersListCommand());
  orders.addCommand(ordersShowCommand());
  // Cancelling and fulfilling need the database only; a refund needs the provider and the engine.
  const inStore = (change: (shop: ShopStore, id: string) => Promise<Order>) => (shopDir: string, id: string) =>
    withShopStore(shopDir, (shop) => change(shop, id));
  orders.addCommand(
    orderActionCommand(
      'cancel',
      'cancel an unpaid order and give its stock back',
      inStore(({ store, clock }, id) => store.transaction((tx) => cancelOrder(tx, id, 'cli:cancel', clock))),
    ),
  );
  orders.addCommand(ordersFulfilCommand());
  orders.addCommand(
    orderActionCommand('refund', 'refund a paid order in full through its payment provider', (shopDir, id) =>
      withShop(shopDir, (kaiwa) => refundOrder(kaiwa.app, id)),
    ),
  );
  return orders;
}

interface ListOptions {
  shop?: string;
  status?: string;
  channel?: string;
  since?: string;
  until?: string;
  limit: string;
  json?: boolean;
}

/** `kaiwa orders list`: orders, newest first, as a table or JSON. */
function ordersListCommand(): Command {
  return withShopDir(new Command('list').description('orders, newest first'))
    .option('--status <status>', `one of ${statuses.join(', ')}`)
    .option('--channel <channel>', 'e.g. line, telegram')
    .option('--since <day>', 'created on or after this UTC day (YYYY-MM-DD)')
    .option('--until <day>', 'created before this UTC day')
    .option('--limit <n>', 'at most this many (up to 1000)', '50')
    .option('--json', 'print JSON instead of a table')
    .action(async (dir: string | undefined, options: ListOptions) => {
      try {
        const filter = listFilter(options);
        const shopDir = shopFolder(dir, options.shop);
        const found = await withShopStore(shopDir, ({ store }) => store.orders.list(filter));
        if (options.json) return console.log(JSON.stringify(found, null, 2));
        if (found.length === 0) return console.log('no orders');
        console.log(
          ['order'.padEnd(14), 'status'.padEnd(17), 'channel'.padEnd(10), 'total'.padStart(12), ' created (UTC)'].join(
            ' ',
          ),
        );
        for (const order of found) console.log(line(order));
      } catch (error) {
        reportError(error);
      }
    });
}

/** The store filter for `orders list`'s flags, or the ConfigError refusing one. */
function listFilter(options: ListOptions): OrderFilter {
  if (options.status && !statuses.includes(options.status as OrderStatus))
    throw new ConfigError(`--status must be one of ${statuses.join(', ')}, got "${options.status}"`);
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ConfigError('--limit must be a whole number from 1 to 1000');
  const from = parseDay(options.since, '--since');
  const to = parseDay(options.until, '--until');
  return {
    limit,
    ...(options.status ? { status: options.status as OrderStatus } : {}),
    ...(options.channel ? { channel: options.channel } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** `kaiwa orders show <order>`: one order, its lines, payment and history. */
function ordersShowCommand(): Command {
  return withShopDir(new Command('show').argument('<order>', 'order number, e.g. KW-7Q3M-9XKD'))
    .option('--json', 'print JSON')
    .action(async (id: string, dir: string | undefined, options: { shop?: string; json?: boolean }) => {
      try {
        await withShopStore(shopFolder(dir, options.shop), async ({ store }) => {
          const order = await store.orders.get(id);
          if (!order) throw new OrderStateError(id, 'missing', `no order "${id}"`);
          const history = await store.orders.history(id);
          if (options.json) return console.log(JSON.stringify({ ...order, history }, null, 2));
          console.log(
            `${order.id}  ${order.status}  ${order.address.channel}:${order.address.conversationId}  ${order.provider ?? ''}`,
          );
          for (const item of order.lines)
            console.log(
              `  ${String(item.quantity).padStart(3)} × ${item.title}  ${formatMoney(item.unitPrice, order.locale)}`,
            );
          console.log(
            `  total ${formatMoney(order.total, order.locale)}${order.provider ? `  payment ${order.provider}${order.paymentReference ? ` ${order.paymentReference}` : ''}` : ''}`,
          );
          if (order.shipment)
            console.log(
              `  shipped ${order.shipment.carrier} ${order.shipment.trackingNumber}  ${order.shipment.trackingUrl}`,
            );
          for (const step of history) console.log(`  ${step.at}  ${step.from ?? '—'} → ${step.to}  (${step.cause})`);
        });
      } catch (error) {
        reportError(error);
      }
    });
}

/** `kaiwa orders <name> <order>`: one change to one order, printed as its new status. */
function orderActionCommand(
  name: string,
  description: string,
  run: (shopDir: string, id: string) => Promise<Order>,
): Command {
  return withShopDir(new Command(name).description(description).argument('<order>', 'order number')).action(
    async (id: string, dir: string | undefined, options: { shop?: string }) => {
      try {
        const order = await run(shopFolder(dir, options.shop), id);
        console.log(`ok: ${order.id} is ${order.status}`);
      } catch (error) {
        reportError(error);
      }
    },
  );
}

/**
 * `kaiwa orders fulfil <order> [--carrier c --tracking n]`: paid → fulfilled, with the carrier and
 * tracking number when given; the shopper's message is queued with it and sent by the running shop.
 */
function ordersFulfilCommand(): Command {
  return withShopDir(
    new Command('fulfil')
      .description('mark a paid order as shipped and tell the shopper (with the tracking link when given)')
      .argument('<order>', 'order number'),
  )
    .option(
      '--carrier <name>',
      `the carrier: ${Object.keys(carriersWith(undefined)).join(', ')} or one of kaiwa.yaml carriers`,
    )
    .option('--tracking <number>', "the carrier's tracking number")
    .action(
      async (id: string, dir: string | undefined, options: { shop?: string; carrier?: string; tracking?: string }) => {
        try {
          if ((options.carrier === undefined) !== (options.tracking === undefined))
            throw new ConfigError('give --carrier and --tracking together (or neither)');
          const tracking =
            options.carrier !== undefined && options.tracking !== undefined
              ? { carrier: options.carrier, number: options.tracking }
              : undefined;
          const done = await withShopStore(shopFolder(dir, options.shop), ({ config, store, clock }) =>
            store.transaction((tx) => fulfilOrder(tx, id, 'cli:fulfil', clock, fulfilOptions(config, tracking))),
          );
          const { shipment } = done.order;
          console.log(
            `ok: ${done.order.id} is ${done.order.status}${shipment ? ` (${shipment.carrier} ${shipment.trackingNumber}: ${shipment.trackingUrl})` : ''}; the shopper is told on ${done.order.address.channel}`,
          );
          if (done.warning) console.error(`warning: ${done.warning}`);
        } catch (error) {
          reportError(error);
        }
      },
    );
}
