import { Hono, type Context } from 'hono';
import { builtInCarriers } from '../../core/index.js';
import { cancelOrder, fulfilOrder, refundOrder } from '../../modules/orders/merchant-actions.js';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { readJsonBody } from '../raw-request.js';

const fulfilBody = '{ "carrier": "yamato", "tracking": "1234-5678-9012" } (or {} to fulfil without tracking)';

/** Sends what the action queued for the shopper now, without making the merchant wait for the platform. */
const drainSoon = (app: AppContext) =>
  void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));

/**
 * The console's order buttons, through the same module functions as `kaiwa orders` (docs/orders.md):
 * `POST /admin/api/orders/:id/fulfil` `{ carrier, tracking }`, `…/cancel`, `…/refund`. Each tells the
 * shopper; a refused one (unpaid, cancelled, already fulfilled) answers 409 and changes nothing.
 */
export function orderActionRoutes(app: AppContext): Hono {
  const options = app.fulfilment ?? { carriers: builtInCarriers };
  return new Hono()
    .post('/admin/api/orders/:id/fulfil', async (c) => {
      const body = await readJsonBody(c, 16 * 1024, fulfilBody);
      const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
      const { carrier, tracking } = fields as { carrier?: unknown; tracking?: unknown };
      const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';
      if ((carrier !== undefined || tracking !== undefined) && !(given(carrier) && given(tracking)))
        return jsonError(c, 400, 'payload_invalid', `send ${fulfilBody}: carrier and tracking go together`, 'tracking');
      return act(c, app, async () => {
        const done = await app.store.transaction((tx) =>
          fulfilOrder(tx, c.req.param('id'), 'console:fulfil', app.clock, {
            ...options,
            ...(given(carrier) ? { tracking: { carrier: carrier as string, number: tracking as string } } : {}),
          }),
        );
        return { order: done.order, ...(done.warning ? { warning: done.warning } : {}) };
      });
    })
    .post('/admin/api/orders/:id/cancel', (c) =>
      act(c, app, async () => ({
        order: await app.store.transaction((tx) => cancelOrder(tx, c.req.param('id'), 'console:cancel', app.clock)),
      })),
    )
    .post('/admin/api/orders/:id/refund', (c) =>
      act(c, app, async () => ({ order: await refundOrder(app, c.req.param('id')) })),
    );
}

async function act(c: Context, app: AppContext, run: () => Promise<Record<string, unknown>>) {
  try {
    const result = await run();
    drainSoon(app);
    return c.json(result);
  } catch (error) {
    return errorResponse(c, error, app.log);
  }
}
