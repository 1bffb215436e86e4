import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';

/** Unauthenticated: liveness, and which shop answers here (nothing a shopper could not read in the chat). */
export function healthRoutes(app: AppContext): Hono {
  return (
    new Hono()
      .get('/healthz', async (c) => {
        const pending = await app.store.outbox.pendingCount();
        return c.json({ status: 'ok', shop: app.shopName, outboxPending: pending });
      })
      // What `kaiwa chat --url` checks before it chats: is this the shop of its folder? (id: null when not known)
      .get('/api/shop', (c) => c.json({ name: app.shopName, id: app.shopId ?? null }))
  );
}
