import { Hono, type Context } from 'hono';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { receivePayments } from '../../modules/orders/payment-intake.js';
import { toRawRequest } from '../raw-request.js';
import { pageHeaders, returnPage } from './payment-return-page.js';

const maxCallbackBytes = 256 * 1024;

/**
 * `POST /payments/<provider>/webhook`: the provider's signed callback; 200 only once its events
 * are stored. `GET /payments/<provider>/return`: the shopper's browser coming back from the
 * provider's page (providers that settle there, like LINE Pay, confirm in `handleReturn`).
 */
export function paymentRoutes(app: AppContext): Hono {
  const notConfigured = (c: Context, name: string) =>
    jsonError(
      c,
      404,
      'not_found',
      `payment provider "${name}" is not configured (set its variables; see docs/payments.md)`,
    );
  return new Hono()
    .post('/payments/:provider/webhook', async (c) => {
      const provider = app.payments.get(c.req.param('provider'));
      if (!provider || provider.name === 'demo') return notConfigured(c, c.req.param('provider'));
      try {
        const events = await provider.handleCallback(await toRawRequest(c, maxCallbackBytes));
        await receivePayments(app, events);
        return c.json({ received: true });
      } catch (error) {
        return errorResponse(c, error, app.log);
      }
    })
    .get('/payments/:provider/return', async (c) => {
      const provider = app.payments.get(c.req.param('provider'));
      if (!provider) return c.html(returnPage('unknown', undefined), 404, pageHeaders);
      const orderId = c.req.query('order') ?? c.req.query('orderId');
      try {
        if (provider.handleReturn)
          await receivePayments(
            app,
            await provider.handleReturn(
              await toRawRequest(c, 8 * 1024),
              orderId ? await app.store.orders.get(orderId) : undefined,
            ),
          );
      } catch (error) {
        app.log('payment return failed', { provider: provider.name, error: String(error) });
        return c.html(returnPage('failed', undefined), 400, pageHeaders);
      }
      const order = orderId ? await app.store.orders.get(orderId) : undefined;
      const cancelled = c.req.query('outcome') === 'cancel';
      const state = !order
        ? 'unknown'
        : order.status === 'paid' || order.status === 'fulfilled'
          ? 'paid'
          : cancelled
            ? 'cancelled'
            : 'processing';
      return c.html(returnPage(state, order), 200, pageHeaders);
    });
}
