import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { builtInCarriers, escapeHtml, type Order, type OrderStatus } from '../../core/index.js';
import type { OrderFilter } from '../../modules/orders/store.js';
import { consoleScript } from '../../console/app-script.js';
import { consoleHeaders, type ConsoleView } from '../../console/html.js';
import { chooseLang, isConsoleLang, langCookie, translator } from '../../console/i18n.js';
import { funnelReport } from '../../console/funnel.js';
import {
  catalogPage,
  conversationPage,
  conversationsPage,
  funnelPage,
  handoffQueuePage,
  orderPage,
  ordersPage,
  splitKey,
} from '../../console/pages.js';
import { funnelRange } from './admin-api.js';
import type { AppContext } from '../app-context.js';

const statuses = new Set<string>([
  'awaiting_payment',
  'paid',
  'fulfilled',
  'expired',
  'cancelled',
  'refunded',
  'payment_mismatch',
]);

/** What an order is found by: its number, the shopper's conversation and user id, its products' ids and titles. */
const orderText = (order: Order) =>
  [
    order.id,
    order.address.conversationId,
    order.address.userId,
    order.shipment?.trackingNumber ?? '',
    ...order.lines.flatMap((line) => [line.productId, line.title]),
  ]
    .join(' ')
    .toLowerCase();

/**
 * The instant a day (`YYYY-MM-DD`, plus `add` days) starts in `timeZone`, as ISO; undefined for
 * anything that is not a day. The zone's offset is read at that day's noon, so days that change
 * to or from summer time still start at their midnight.
 */
export function dayStart(day: string, timeZone: string, add = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) return undefined;
  const utcMidnight = Date.parse(`${day}T00:00:00Z`) + add * 86_400_000;
  const noon = new Date(utcMidnight + 12 * 3_600_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(noon)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const shown = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  const offset = shown - noon.getTime();
  return new Date(utcMidnight - offset).toISOString();
}

/** Conversations per page of the conversations list. */
export const conversationsPerPage = 50;

/**
 * The page's language and what it is drawn with: `?lang=ja|en` (remembered in a cookie for the
 * pages after), else the cookie, else the shop's default locale.
 */
function consoleView(app: AppContext, c: Context): ConsoleView {
  const asked = c.req.query('lang');
  const lang = chooseLang(asked, getCookie(c, langCookie), app.defaultLocale);
  const url = new URL(c.req.url);
  if (isConsoleLang(asked))
    setCookie(c, langCookie, asked, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: 365 * 86_400,
      secure: url.protocol === 'https:',
    });
  url.searchParams.delete('lang');
  return {
    shopName: app.shopName,
    lang,
    t: translator(lang),
    timeZone: app.timeZone ?? 'UTC',
    here: `${url.pathname}${url.search}`,
  };
}

/** The merchant console (docs/console.md): server-rendered pages over the same store as the admin API. */
export function consoleRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/console/app.js', (c) =>
      c.body(consoleScript, 200, { ...consoleHeaders, 'content-type': 'text/javascript; charset=utf-8' }),
    )
    .get('/console', async (c) =>
      c.html(handoffQueuePage(consoleView(app, c), await app.store.handoffs.list(200)), 200, consoleHeaders),
    )
    .get('/console/conversations', async (c) => {
      const view = consoleView(app, c);
      const channel = (c.req.query('channel') ?? '').trim().slice(0, 50);
      const q = (c.req.query('q') ?? '').trim().slice(0, 100);
      const asked = Number.parseInt(c.req.query('page') ?? '1', 10);
      const page = Number.isSafeInteger(asked) && asked >= 1 ? Math.min(asked, 10_000) : 1;
      // One more than a page: whether there is an older page.
      const found = await app.store.transcript.conversations({
        ...(channel ? { channel } : {}),
        ...(q ? { text: q } : {}),
        limit: conversationsPerPage + 1,
        offset: (page - 1) * conversationsPerPage,
      });
      const rows = await Promise.all(
        found.slice(0, conversationsPerPage).map(async (summary) => {
          const { channel: on, conversationId } = splitKey(summary.key);
          const [handoff, orders] = await Promise.all([
            app.store.handoffs.get(summary.key),
            app.store.orders.listByConversation({ channel: on, conversationId, userId: '' }),
          ]);
          return { summary, handedOff: handoff !== undefined, orders };
        }),
      );
      const channels = [...new Set([...app.channelNames, ...(channel ? [channel] : [])])].sort();
      return c.html(
        conversationsPage(view, rows, { channel, q, page }, channels, found.length > conversationsPerPage),
        200,
        consoleHeaders,
      );
    })
    .get('/console/conversations/:channel/:conversationId', async (c) => {
      const { channel, conversationId } = c.req.param();
      const key = `${channel}:${conversationId}`;
      return c.html(
        conversationPage(
          consoleView(app, c),
          channel,
          conversationId,
          (await app.store.transcript.list(key)).slice(-200),
          await app.store.handoffs.get(key),
          await app.store.orders.listByConversation({ channel, conversationId, userId: '' }),
        ),
        200,
        consoleHeaders,
      );
    })
    .get('/console/orders', async (c) => {
      const view = consoleView(app, c);
      const status = c.req.query('status') ?? '';
      const channel = c.req.query('channel') ?? '';
      const since = c.req.query('since') ?? '';
      const until = c.req.query('until') ?? '';
      const q = (c.req.query('q') ?? '').trim().slice(0, 100);
      const timeZone = view.timeZone;
      // Days as the merchant means them: midnight to midnight in the shop's time zone.
      const from = dayStart(since, timeZone);
      const to = dayStart(until, timeZone, 1);
      const filter: OrderFilter = {
        // Words are matched here, over the newest orders the other filters leave.
        limit: q ? 1000 : 200,
        ...(statuses.has(status) ? { status: status as OrderStatus } : {}),
        ...(channel ? { channel } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      };
      const found = await app.store.orders.list(filter);
      const words = q.toLowerCase().split(/\s+/).filter(Boolean);
      const matching =
        words.length === 0 ? found : found.filter((order) => words.every((word) => orderText(order).includes(word)));
      return c.html(
        ordersPage(view, matching.slice(0, 200), { status, channel, since, until, q }),
        200,
        consoleHeaders,
      );
    })
    .get('/console/catalog', async (c) => {
      const query = (c.req.query('q') ?? '').trim().slice(0, 100);
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const all = await app.store.catalog.all();
      const haystack = (product: (typeof all)[number]) =>
        [product.id, ...Object.values(product.title), ...product.tags, ...Object.values(product.attributes)]
          .join(' ')
          .toLowerCase();
      const found =
        words.length === 0 ? all : all.filter((product) => words.every((word) => haystack(product).includes(word)));
      return c.html(catalogPage(consoleView(app, c), found.slice(0, 500), query, all.length), 200, consoleHeaders);
    })
    .get('/console/funnel', async (c) => {
      const view = consoleView(app, c);
      const range = funnelRange((name) => c.req.query(name), app.clock.now());
      if ('error' in range)
        return c.html(
          `<!doctype html><title>${escapeHtml(view.t('nav.funnel'))}</title><p>${escapeHtml(range.error)}</p>`,
          400,
          consoleHeaders,
        );
      const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString();
      return c.html(
        funnelPage(
          view,
          funnelReport(range.from, range.to, await app.store.funnel.summary(`${range.from}T00:00:00.000Z`, to)),
        ),
        200,
        consoleHeaders,
      );
    })
    .get('/console/orders/:id', async (c) => {
      const view = consoleView(app, c);
      const order = await app.store.orders.get(c.req.param('id'));
      if (!order)
        return c.html(
          `<!doctype html><html lang="${view.lang}"><title>404</title><p>${escapeHtml(view.t('order.notFound'))}</p></html>`,
          404,
          consoleHeaders,
        );
      const desk = {
        carriers: (app.fulfilment ?? { carriers: builtInCarriers }).carriers,
        canRefund: app.payments.get(order.provider ?? '')?.refund !== undefined,
      };
      return c.html(orderPage(view, order, await app.store.orders.history(order.id), desk), 200, consoleHeaders);
    });
}
