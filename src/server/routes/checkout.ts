import { Hono } from 'hono';
import { SignatureError } from '../../core/index.js';
import { receivePayments } from '../../modules/orders/payment-intake.js';
import type { AppContext } from '../app-context.js';
import { toRawRequest } from '../raw-request.js';

const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The built-in demo checkout: GET shows the order and a Pay button, POST pays. A payment goes
 * through the same path as any provider's webhook: a `payment` event in the order's conversation,
 * deduplicated by the provider event id, so a second POST pays nothing twice.
 */
export function checkoutRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/checkout/demo/:orderId', async (c) => {
      const order = await app.store.orders.get(c.req.param('orderId'));
      const token = c.req.query('token') ?? '';
      if (!order || !app.demoCheckout.verifyToken(order.id, token))
        return c.html(
          '<!doctype html><title>Not found</title><p>This payment link is not valid.</p>',
          404,
          securityHeaders,
        );
      const state =
        order.status === 'paid' || order.status === 'fulfilled'
          ? 'already-paid'
          : order.status === 'awaiting_payment'
            ? 'open'
            : 'expired';
      return c.html(app.demoCheckout.renderPage(order, token, state), 200, securityHeaders);
    })
    .post('/checkout/demo/:orderId', async (c) => {
      const request = await toRawRequest(c, 8 * 1024);
      let events;
      try {
        events = await app.demoCheckout.provider.handleCallback(request);
      } catch (error) {
        const status = error instanceof SignatureError ? 401 : 400;
        return c.html(
          `<!doctype html><title>Payment refused</title><p>${status === 401 ? 'This payment link is not valid.' : 'The payment form was incomplete.'}</p>`,
          status,
          securityHeaders,
        );
      }
      const token = new URLSearchParams(new TextDecoder().decode(request.body)).get('token') ?? '';
      await receivePayments(app, events);
      const order = events[0] ? await app.store.orders.get(events[0].orderId) : undefined;
      if (!order) return c.html('<!doctype html><title>Not found</title><p>No such order.</p>', 404, securityHeaders);
      const state =
        order.status === 'paid' || order.status === 'fulfilled'
          ? 'paid'
          : order.status === 'awaiting_payment'
            ? 'open'
            : 'expired';
      return c.html(app.demoCheckout.renderPage(order, token, state), 200, securityHeaders);
    });
}
