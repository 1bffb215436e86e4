import { Hono, type Context } from 'hono';
import type { ChannelName } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { toRawRequest } from '../raw-request.js';
import { isSimulatorStandIn } from '../../simulator/simulated-channels.js';

const maxWebhookBytes = 1024 * 1024;

/**
 * `POST /webhooks/<channel>`: verify on the raw bytes, parse, run the turns, and only then
 * answer 200 — so an acknowledged webhook is always stored. Replies go out from the outbox after.
 * `GET /webhooks/<channel>`: the platform's subscription check, where it has one (Meta).
 */
export function webhookRoutes(app: AppContext): Hono {
  // The simulator and its stand-ins for channels that are not configured answer no webhook.
  const find = (name: string) => {
    const channel = name === 'simulator' ? undefined : app.engine.channels.get(name as ChannelName);
    return isSimulatorStandIn(channel) ? undefined : channel;
  };
  const notEnabled = (c: Context, name: string) =>
    jsonError(c, 404, 'not_found', `channel "${name}" is not enabled (set its credentials; see docs/channels.md)`);
  return new Hono()
    .get('/webhooks/:channel', async (c) => {
      const channel = find(c.req.param('channel'));
      if (!channel?.handshake) return notEnabled(c, c.req.param('channel'));
      const answer = channel.handshake(await toRawRequest(c, 1024));
      return c.text(answer.body, answer.status);
    })
    .post('/webhooks/:channel', async (c) => {
      const name = c.req.param('channel');
      const channel = find(name);
      if (!channel) return notEnabled(c, name);
      try {
        const request = await toRawRequest(c, maxWebhookBytes);
        await channel.verify(request);
        if (await channel.respond?.(request)) return c.json({ ok: true });
        const parsed = channel.parse(request);
        const events = channel.enrich ? await channel.enrich(parsed).catch(() => parsed) : parsed;
        await app.engine.receive(events);
        void channel.acknowledge?.(events).catch(() => undefined);
        void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
        return c.json({ ok: true });
      } catch (error) {
        return errorResponse(c, error, app.log);
      }
    });
}
