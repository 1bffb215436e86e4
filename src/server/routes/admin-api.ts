import { Hono, type Context } from 'hono';
import type { Address, Reply } from '../../core/index.js';
import { funnelCsv, funnelReport } from '../../console/funnel.js';
import { eraseShopper, exportShopper, shopperAddress } from '../../modules/privacy/shopper-data.js';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { readJsonBody } from '../raw-request.js';
import { isSimulatorStandIn, simulatedConversationPrefix } from '../../simulator/simulated-channels.js';
import { orderActionRoutes } from './order-actions.js';

const maxAgentText = 4000;

const maxBodyBytes = 64 * 1024;

/** A JSON object body, or undefined when the body is JSON of another shape; 400/413 when it is not JSON or too large. */
async function readJson(c: Context): Promise<Record<string, unknown> | undefined> {
  const body = await readJsonBody(c, maxBodyBytes, '{ "text": "…" }');
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD` (to inclusive); default the last 30 days. */
export function funnelRange(
  query: (name: string) => string | undefined,
  now: Date,
): { from: string; to: string } | { error: string } {
  const to = query('to') ?? now.toISOString().slice(0, 10);
  const from = query('from') ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (!day.test(from) || !day.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
    return { error: 'from and to must be days like 2026-11-22' };
  if (from > to) return { error: 'from must not be after to' };
  return { from, to };
}
const dayAfter = (value: string) => new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString();

/**
 * The handoff API (docs/console.md), for the console and for teams wiring their own inbox. Guarded
 * by ADMIN_TOKEN when exposed (src/server/app.ts). Conversations are addressed as
 * `/admin/api/conversations/<channel>/<conversation id>` (URL-encoded).
 */
export function adminApiRoutes(app: AppContext): Hono {
  return new Hono()
    .route('/', funnelRoutes(app))
    .route('/', conversationRoutes(app))
    .route('/', proactiveMessageRoutes(app))
    .route('/', privacyRoutes(app))
    .route('/', orderActionRoutes(app))
    .route('/', stockRoutes(app));
}

/** The funnel for `?from&to`, or the 400 answering a bad range. */
async function funnelOf(app: AppContext, c: Context) {
  const range = funnelRange((name) => c.req.query(name), app.clock.now());
  if ('error' in range) return { response: jsonError(c, 400, 'payload_invalid', range.error) };
  const summary = await app.store.funnel.summary(`${range.from}T00:00:00.000Z`, dayAfter(range.to));
  return { report: funnelReport(range.from, range.to, summary) };
}

/** `GET /admin/api/funnel` as JSON and `GET /admin/api/funnel.csv` as a download. */
function funnelRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/admin/api/funnel', async (c) => {
      const funnel = await funnelOf(app, c);
      return 'response' in funnel ? funnel.response : c.json(funnel.report);
    })
    .get('/admin/api/funnel.csv', async (c) => {
      const funnel = await funnelOf(app, c);
      if ('response' in funnel) return funnel.response;
      const { report } = funnel;
      return c.body(funnelCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="funnel-${report.from}-${report.to}.csv"`,
      });
    });
}

const keyOf = (c: Context) => `${c.req.param('channel')}:${c.req.param('conversationId')}`;

const notFound = (c: Context, key: string) => jsonError(c, 404, 'not_found', `no conversation "${key}"`);

/** The conversation's address, from its handoff or else from the shopper's latest stored message. */
async function addressOf(app: AppContext, key: string): Promise<Address | undefined> {
  const handoff = await app.store.handoffs.get(key);
  if (handoff) return handoff.address;
  const entries = await app.store.transcript.list(key);
  return entries.findLast((entry) => entry.direction === 'in' && entry.event)?.event?.address;
}

/** The handoff queue, one conversation's transcript, and taking it over, answering in it, releasing it. */
function conversationRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/admin/api/handoffs', async (c) => c.json({ handoffs: await app.store.handoffs.list(200) }))
    .get('/admin/api/conversations/:channel/:conversationId', async (c) => {
      const key = keyOf(c);
      const transcript = await app.store.transcript.list(key);
      if (transcript.length === 0) return notFound(c, key);
      return c.json({
        key,
        handoff: (await app.store.handoffs.get(key)) ?? null,
        transcript: transcript
          .slice(-200)
          .map(({ event, ...entry }) => ({ ...entry, ...(event ? { event: { ...event, raw: undefined } } : {}) })),
      });
    })
    .post('/admin/api/conversations/:channel/:conversationId/handoff', async (c) => {
      const key = keyOf(c);
      const address = await addressOf(app, key);
      if (!address) return notFound(c, key);
      const body = (await readJson(c)) ?? {};
      const reason =
        typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : 'taken over from the console';
      await app.store.handoffs.open(address, reason, app.clock.now().toISOString());
      return c.json({ handoff: await app.store.handoffs.get(key) });
    })
    .post('/admin/api/conversations/:channel/:conversationId/messages', async (c) => {
      const key = keyOf(c);
      const body = await readJson(c);
      const text = typeof body?.text === 'string' ? body.text.trim() : '';
      if (!text)
        return jsonError(c, 400, 'payload_invalid', 'send { "text": "…" } with the message for the shopper', 'text');
      if ([...text].length > maxAgentText)
        return jsonError(c, 400, 'payload_invalid', `the message is longer than ${maxAgentText} characters`, 'text');
      const handoff = await app.store.handoffs.get(key);
      if (!handoff)
        return jsonError(c, 409, 'conflict', `the bot is answering "${key}": take it over first (POST …/handoff)`);
      // Through the outbox like every reply: ordered with the bot's, retried, sent once.
      const reply: Reply = { type: 'text', text, purpose: 'agent' };
      const id = await app.store.outbox.enqueue(handoff.address, [reply], app.clock.now().toISOString());
      void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
      return c.json({ queued: id }, 202);
    })
    .post('/admin/api/conversations/:channel/:conversationId/release', async (c) => {
      return c.json({ released: await app.store.handoffs.release(keyOf(c)) });
    });
}

/** `POST /admin/api/messages`: a message the shop starts (marketing needs the shopper's opt-in). */
function proactiveMessageRoutes(app: AppContext): Hono {
  return new Hono().post('/admin/api/messages', async (c) => {
    const body = (await readJson(c)) ?? {};
    const { channel, userId, text, purpose } = body as {
      channel?: unknown;
      userId?: unknown;
      text?: unknown;
      purpose?: unknown;
    };
    const problem: [field: string, message: string] | undefined =
      typeof channel !== 'string' || !sendsTo(app, channel, userId)
        ? ['channel', `channel must be one of ${[...app.engine.channels.keys()].join(', ')}`]
        : typeof userId !== 'string' || !userId
          ? ['userId', 'userId is required']
          : typeof text !== 'string' || !text.trim() || [...text].length > maxAgentText
            ? ['text', `text must be 1–${maxAgentText} characters`]
            : purpose !== 'marketing' && purpose !== 'transactional'
              ? ['purpose', 'purpose must be "marketing" (needs the shopper\'s opt-in) or "transactional"']
              : undefined;
    if (problem) return jsonError(c, 400, 'payload_invalid', problem[1], problem[0]);
    try {
      const id = await app.engine.sendProactive(
        shopperAddress(channel as string, userId as string),
        [{ type: 'text', text: (text as string).trim() }],
        { purpose: purpose as 'marketing' | 'transactional' },
      );
      return c.json({ queued: id }, 202);
    } catch (error) {
      return errorResponse(c, error, app.log);
    }
  });
}

/** Whether the engine can send on `channel` to `userId`: a configured channel, or a simulated shopper in a channel skin. */
function sendsTo(app: AppContext, channel: string, userId: unknown): boolean {
  const adapter = app.engine.channels.get(channel);
  if (!adapter) return false;
  return !isSimulatorStandIn(adapter) || (typeof userId === 'string' && userId.startsWith(simulatedConversationPrefix));
}

/** The shopper named by `:channel/:userId`, or the 400 answering an unknown channel. */
function shopperOf(app: AppContext, c: Context, { channel, userId }: { channel: string; userId: string }) {
  if (!app.channelNames.includes(channel))
    return {
      response: jsonError(
        c,
        400,
        'payload_invalid',
        `unknown channel "${channel}"; one of ${app.channelNames.join(', ')}`,
        'channel',
      ),
    };
  return { address: shopperAddress(channel, userId) };
}

const stockBody = '{ "available": <whole number ≥ 0> }';

/**
 * `PUT /admin/api/catalog/variants/:sku/stock` `{ "available": n }`: the merchant's figure for one product
 * or variant, from their own backend or by hand; stock becomes it less what unpaid orders hold (docs/catalog.md).
 */
function stockRoutes(app: AppContext): Hono {
  return new Hono().put('/admin/api/catalog/variants/:sku/stock', async (c) => {
    const sku = c.req.param('sku');
    const body = await readJsonBody(c, maxBodyBytes, stockBody);
    const available =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>).available
        : undefined;
    if (available === undefined)
      return jsonError(c, 400, 'payload_invalid', `send ${stockBody}: "available" is missing`, 'available');
    if (typeof available !== 'number' || !Number.isSafeInteger(available) || available < 0)
      return jsonError(
        c,
        400,
        'payload_invalid',
        `"available" must be a whole number ≥ 0, not ${JSON.stringify(available)}`,
        'available',
      );
    const figure = await app.store.catalog.setAvailable(sku, available);
    if (!figure) return jsonError(c, 404, 'not_found', `no product or variant "${sku}" in the catalog`);
    return c.json(figure);
  });
}

/** A shopper's data: exported (`GET`) or erased (`DELETE`), as privacy laws ask. */
function privacyRoutes(app: AppContext): Hono {
  return new Hono()
    .get('/admin/api/privacy/:channel/:userId', async (c) => {
      const shopper = shopperOf(app, c, c.req.param());
      if ('response' in shopper) return shopper.response;
      return c.json(await exportShopper(app.store, shopper.address, app.clock.now()));
    })
    .delete('/admin/api/privacy/:channel/:userId', async (c) => {
      const shopper = shopperOf(app, c, c.req.param());
      if ('response' in shopper) return shopper.response;
      return c.json({ erased: await eraseShopper(app.store, shopper.address) });
    });
}
