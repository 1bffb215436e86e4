import { Hono } from 'hono';
import { adminAuth } from './admin-auth.js';
import type { AppContext } from './app-context.js';
import { errorResponse, jsonError } from './errors.js';
import { adminApiRoutes } from './routes/admin-api.js';
import { apiRoutes } from './routes/api.js';
import { checkoutRoutes } from './routes/checkout.js';
import { consoleRoutes } from './routes/console.js';
import { healthRoutes } from './routes/health.js';
import { paymentRoutes } from './routes/payments.js';
import { simulatorRoutes } from './routes/simulator.js';
import { simulatorPage } from './routes/simulator-page.js';
import { shopifyWebhookRoutes } from './routes/shopify-webhook.js';
import { webhookRoutes } from './routes/webhooks.js';

/** The HTTP app: a fetch handler, so tests call `app.request()` and any runtime can serve it. */
export function createApp(context: AppContext): Hono {
  const app = new Hono();
  // Console, simulator and admin API: open on loopback, token-guarded when exposed (docs/security.md).
  const guard = adminAuth(context.admin);
  for (const path of ['/simulator', '/simulator/*', '/console', '/console/*', '/admin/*', '/api/orders/*'])
    app.use(path, guard);
  app.route('/', healthRoutes(context));
  app.route('/', apiRoutes(context));
  app.route('/', adminApiRoutes(context));
  app.route('/', consoleRoutes(context));
  app.route('/', simulatorRoutes(context));
  app.route('/', simulatorPage(context));
  app.route('/', checkoutRoutes(context));
  app.route('/', paymentRoutes(context));
  // Before the channels' `/webhooks/:channel`: Shopify is the merchant's backend, not a channel.
  app.route('/', shopifyWebhookRoutes(context));
  app.route('/', webhookRoutes(context));
  app.notFound((c) => jsonError(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => errorResponse(c, error, context.log));
  return app;
}
