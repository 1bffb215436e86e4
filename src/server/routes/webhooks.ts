import { Hono } from 'hono';
import type { ChannelName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { errorResponse } from '../errors.js';
import { toRawRequest } from '../raw-request.js';

const maxWebhookBytes = 1024 * 1024;

/**
 * `POST /webhooks/<channel>`: verify on the raw bytes, parse, run the turns, and only then
 * answer 200 — so an acknowledged webhook is always stored. Replies go out from the outbox after.
 */
export function webhookRoutes(app: AppContext): Hono {
  return new Hono().post('/webhooks/:channel', async (c) => {
    const name = c.req.param('channel') as ChannelName;
    const channel = name === 'simulator' ? undefined : app.engine.channels.get(name);
    if (!channel) return c.json({ error: { code: 'not_found', message: `channel "${name}" is not enabled (set its credentials; see docs/channels.md)` } }, 404);
    try {
      const request = await toRawRequest(c, maxWebhookBytes);
      channel.verify(request);
      const events = channel.parse(request);
      await app.engine.receive(events);
      void channel.acknowledge?.(events).catch(() => undefined);
      void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
      return c.json({ ok: true });
    } catch (error) {
      return errorResponse(c, error, app.log);
    }
  });
}
