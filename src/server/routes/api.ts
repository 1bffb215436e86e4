import { Hono } from 'hono';
import { pickText } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { jsonError } from '../errors.js';

/** The small admin JSON API. Shapes are promises to scripts: change only by adding fields. */
export function apiRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/api/products/:id', async (c) => {
      const product = await app.store.catalog.get(c.req.param('id'));
      if (!product) return jsonError(c, 404, 'not_found', `no product "${c.req.param('id')}"`);
      const locale = c.req.query('locale') ?? app.defaultLocale;
      return c.json({
        id: product.id,
        title: pickText(product.title, locale, app.defaultLocale),
        price: { amount: product.price.amount, currency: product.price.currency },
        stock: product.stock,
      });
    })
    .get('/api/orders/:id', async (c) => {
      const order = await app.store.orders.get(c.req.param('id'));
      if (!order) return jsonError(c, 404, 'not_found', `no order "${c.req.param('id')}"`);
      return c.json({
        id: order.id,
        status: order.status,
        total: { amount: order.total.amount, currency: order.total.currency },
        lines: order.lines.map((line) => ({
          productId: line.productId,
          quantity: line.quantity,
          unitPrice: { amount: line.unitPrice.amount, currency: line.unitPrice.currency },
        })),
        createdAt: order.createdAt,
        expiresAt: order.expiresAt,
        history: await app.store.orders.history(order.id),
      });
    });
}
