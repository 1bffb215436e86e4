import { Hono } from 'hono';
import { applyLimits, conversationKey, InvalidPayloadError } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { errorResponse } from '../errors.js';

const maxBodyBytes = 16 * 1024;

/** The simulator's JSON API: chat as a shopper, read the whole transcript. */
export function simulatorRoutes(app: AppContext): Hono {
  return new Hono()
    .post('/simulator/api/messages', async (c) => {
      try {
        const raw = await c.req.arrayBuffer();
        if (raw.byteLength > maxBodyBytes) throw new InvalidPayloadError(`the body is larger than ${maxBodyBytes} bytes`);
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
        } catch {
          throw new InvalidPayloadError('the body must be JSON: { "user": "…", "text": "…" }');
        }
        const message = app.simulator.readMessage(body);
        const event = app.simulator.toEvent(message, app.clock.now());
        const [outcome] = await app.engine.receive([event]);
        await app.engine.drain();
        const replies = outcome?.kind === 'handled' ? outcome.replies : [];
        if (!message.channel) return c.json({ replies });
        // The preview: the same degradation the channel applies, and the requests its adapter would send.
        return c.json({ replies: applyLimits(replies, app.previewLimits[message.channel]), native: app.previewRenderers?.[message.channel](replies) ?? [] });
      } catch (error) {
        return errorResponse(c, error, app.log);
      }
    })
    .get('/simulator/api/status', (c) => c.json({ reload: app.reloadStatus?.() ?? null }))
    .get('/simulator/api/conversations/:user', async (c) => {
      const user = c.req.param('user');
      const key = conversationKey({ channel: 'simulator', conversationId: user, userId: user });
      const session = await app.store.sessions.load(key);
      const entries = await app.store.transcript.list(key);
      const snapshot = session?.snapshot as { value?: unknown; context?: { locale?: string; cart?: unknown; order?: unknown } } | undefined;
      return c.json({
        user,
        state: snapshot?.value ?? null,
        context: snapshot?.context ? { locale: snapshot.context.locale, cart: snapshot.context.cart, order: snapshot.context.order ?? null } : null,
        messages: entries.map((entry) =>
          entry.direction === 'in'
            ? { direction: 'in', at: entry.at, event: entry.event ? { type: entry.event.type, ...('text' in entry.event ? { text: entry.event.text } : {}), ...('payload' in entry.event ? { payload: entry.event.payload } : {}) } : null }
            : { direction: 'out', at: entry.at, reply: entry.reply },
        ),
      });
    });
}
