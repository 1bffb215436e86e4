import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';

export function healthRoutes(app: AppContext): Hono {
  return new Hono().get('/healthz', async (c) => {
    const pending = await app.store.outbox.pendingCount();
    return c.json({ status: 'ok', shop: app.shopName, outboxPending: pending });
  });
}
