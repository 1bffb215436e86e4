import { Hono } from 'hono';
import type { OrderStatus } from '../../core/index.js';
import type { OrderFilter } from '../../modules/orders/store.js';
import { consoleScript } from '../../console/app-script.js';
import { consoleHeaders } from '../../console/html.js';
import { funnelReport } from '../../console/funnel.js';
import {
  catalogPage,
  conversationPage,
  funnelPage,
  handoffQueuePage,
  orderPage,
  ordersPage,
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

/** The merchant console (docs/console.md): server-rendered pages over the same store as the admin API. */
export function consoleRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/console/app.js', (c) =>
      c.body(consoleScript, 200, { ...consoleHeaders, 'content-type': 'text/javascript; charset=utf-8' }),
    )
    .get('/console', async (c) =>
      c.html(handoffQueuePage(app.shopName, await app.store.handoffs.list(200)), 200, consoleHeaders),
    )
    .get('/console/conversations/:channel/:conversationId', async (c) => {
      const { channel, conversationId } = c.req.param();
      const key = `${channel}:${conversationId}`;
      return c.html(
        conversationPage(
          app.shopName,
          channel,
          conversationId,
          (await app.store.transcript.list(key)).slice(-200),
          await app.store.handoffs.get(key),
        ),
        200,
        consoleHeaders,
      );
    })
    .get('/console/orders', async (c) => {
      const status = c.req.query('status') ?? '';
      const channel = c.req.query('channel') ?? '';
      const since = c.req.query('since') ?? '';
      const filter: OrderFilter = {
        limit: 200,
        ...(statuses.has(status) ? { status: status as OrderStatus } : {}),
        ...(channel ? { channel } : {}),
        ...(/^\d{4}-\d{2}-\d{2}$/.test(since) ? { from: `${since}T00:00:00.000Z` } : {}),
      };
      return c.html(
        ordersPage(app.shopName, await app.store.orders.list(filter), { status, channel, since }),
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
      return c.html(catalogPage(app.shopName, found.slice(0, 500), query, all.length), 200, consoleHeaders);
    })
    .get('/console/funnel', async (c) => {
      const range = funnelRange((name) => c.req.query(name), app.clock.now());
      if ('error' in range)
        return c.html(`<!doctype html><title>Funnel</title><p>${range.error}</p>`, 400, consoleHeaders);
      const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString();
      return c.html(
        funnelPage(
          app.shopName,
          funnelReport(range.from, range.to, await app.store.funnel.summary(`${range.from}T00:00:00.000Z`, to)),
        ),
        200,
        consoleHeaders,
      );
    })
    .get('/console/orders/:id', async (c) => {
      const order = await app.store.orders.get(c.req.param('id'));
      if (!order) return c.html('<!doctype html><title>Not found</title><p>No such order.</p>', 404, consoleHeaders);
      return c.html(orderPage(app.shopName, order, await app.store.orders.history(order.id)), 200, consoleHeaders);
    });
}
