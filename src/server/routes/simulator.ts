import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import {
  applyLimits,
  conversationKey,
  InvalidPayloadError,
  type ChannelPreview,
  type TranscriptEntry,
} from '../../core/index.js';
import { diagramSvg } from '../../simulator/flow-diagram.js';
import { simulatorAddress } from '../../simulator/simulated-channels.js';
import { conversationTestYaml, NotReplayableError, testFileName } from '../../simulator/save-as-test.js';
import { parseConversationTest } from '../../testing/test-file.js';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { readJsonBody } from '../raw-request.js';

const maxBodyBytes = 16 * 1024;
const maxSaveBodyBytes = 2 * 1024;
/** The most transcript entries a saved test is made from: a longer conversation would be cut at its start. */
const maxSavedEntries = 2000;

/** The simulator's JSON API: chat as a shopper, read the whole transcript, save it as a conversation test. */
export function simulatorRoutes(app: AppContext): Hono {
  return (
    new Hono()
      .post('/simulator/api/messages', async (c) => {
        try {
          const body = await readJsonBody(c, maxBodyBytes, '{ "user": "…", "text": "…" }');
          const message = app.simulator.readMessage(body);
          const event = app.simulator.toEvent(message, app.clock.now());
          const [outcome] = await app.engine.receive([event]);
          // The page shows the transcript next: wait until this reply is marked sent, not for the whole drain.
          if (outcome?.kind === 'handled' && outcome.outboxId !== undefined)
            await app.engine.delivered(outcome.outboxId);
          else
            void app.engine.drain().catch((error: unknown) => app.log('outbox drain failed', { error: String(error) }));
          const replies = outcome?.kind === 'handled' ? outcome.replies : [];
          if (!message.channel) return c.json({ replies });
          // The preview: the same degradation the channel applies, and the requests its adapter would send.
          const preview = app.previews.get(message.channel);
          return c.json({
            replies: preview ? applyLimits(replies, preview.limits) : replies,
            native: preview?.render(replies) ?? [],
            // Per reply, the requests its adapter sends for it (what the skin draws).
            rendered: preview ? replies.map((reply) => preview.render([reply])) : [],
          });
        } catch (error) {
          return errorResponse(c, error, app.log);
        }
      })
      .get('/simulator/api/status', (c) => c.json({ reload: app.reloadStatus?.() ?? null }))
      .get('/simulator/api/diagram', (c) => {
        const diagram = app.diagram?.();
        if (!diagram) return jsonError(c, 404, 'not_found', 'no flow diagram in this server');
        return c.json({ ...diagram, svg: diagramSvg(diagram) });
      })
      .get('/simulator/api/conversations/:user', async (c) => {
        const user = c.req.param('user');
        const channel = c.req.query('channel');
        const preview = channel ? app.previews.get(channel) : undefined;
        if (channel && !preview)
          return jsonError(c, 400, 'payload_invalid', `channel must be one of ${[...app.previews.keys()].join(', ')}`);
        const key = conversationKey(simulatorAddress(user, channel));
        const session = await app.store.sessions.load(key);
        const entries = await app.store.transcript.list(key);
        return c.json(conversationView(user, session?.snapshot as SessionSnapshot | undefined, entries, preview));
      })
      // Save as test: the conversation as a tests/<name>.yaml that `kaiwa test` replays (docs/testing.md).
      .post('/simulator/api/tests', async (c) => {
        try {
          const body = await readJsonBody(c, maxSaveBodyBytes, '{ "user": "…", "channel"?: "…", "name": "…" }');
          const { user, channel, name } = readSaveRequest(body, app.previews);
          const fileName = testFileName(name);
          if (!fileName)
            return jsonError(c, 400, 'payload_invalid', '"name" needs at least one letter or digit', 'name');
          if (!app.saveTest) return jsonError(c, 404, 'not_found', 'this server has no shop folder to save tests in');
          const key = conversationKey(simulatorAddress(user, channel));
          const entries = await app.store.transcript.list(key, maxSavedEntries);
          if (entries.length === 0)
            return jsonError(c, 400, 'payload_invalid', `shopper "${user}" has no conversation to save yet`, 'user');
          if (entries.length >= maxSavedEntries)
            return jsonError(
              c,
              422,
              'not_replayable',
              `the conversation is longer than ${maxSavedEntries} messages; reset and save a shorter one`,
            );
          let yaml: string;
          try {
            const limits = channel ? app.previews.get(channel)?.limits : undefined;
            yaml = conversationTestYaml({
              name,
              entries,
              user,
              ...(channel ? { channel } : {}),
              ...(limits ? { limits } : {}),
            });
          } catch (error) {
            if (error instanceof NotReplayableError) return jsonError(c, 422, 'not_replayable', error.message);
            throw error;
          }
          // What is written is what `kaiwa test` reads: a file the parser refuses is never saved.
          const test = parseConversationTest(fileName, yaml, { channels: new Set(app.previews.keys()) });
          const saved = await app.saveTest(fileName, yaml);
          if (!saved.created)
            return jsonError(c, 409, 'conflict', `${saved.file} already exists; save under another name`, 'name');
          return c.json({ file: saved.file, name: test.name, steps: test.steps.length }, 201);
        } catch (error) {
          return errorResponse(c, error, app.log);
        }
      })
      // Start over as a new shopper would: session, transcript, outbox and handoff go; orders stay, anonymised.
      .delete('/simulator/api/conversations/:user', async (c) => {
        const user = c.req.param('user');
        const channel = c.req.query('channel') || undefined;
        if (channel && !app.previews.has(channel))
          return jsonError(c, 400, 'payload_invalid', `channel must be one of ${[...app.previews.keys()].join(', ')}`);
        const address = simulatorAddress(user, channel);
        const pseudonym = `reset-${randomUUID()}`;
        const report = await app.store.privacy.erase(conversationKey(address), {
          channel: address.channel,
          conversationId: pseudonym,
          userId: pseudonym,
        });
        return c.json({ reset: true, ...report });
      })
  );
}

/** The body of `POST /simulator/api/tests`, checked; InvalidPayloadError (400) names the field. */
function readSaveRequest(
  body: unknown,
  previews: ReadonlyMap<string, ChannelPreview>,
): { user: string; channel?: string; name: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidPayloadError('the body must be a JSON object: { "user": "…", "channel"?: "…", "name": "…" }');
  const { user, channel, name } = body as Record<string, unknown>;
  if (typeof user !== 'string' || !/^[\w.@:-]{1,64}$/.test(user))
    throw new InvalidPayloadError('"user" must be a string of 1–64 letters, digits or ._@:-', 'user');
  if (channel !== undefined && channel !== '' && (typeof channel !== 'string' || !previews.has(channel)))
    throw new InvalidPayloadError(`"channel" must be one of ${[...previews.keys()].join(', ')}`, 'channel');
  if (typeof name !== 'string' || name.trim() === '')
    throw new InvalidPayloadError('"name" must be a non-empty string: what the test shows', 'name');
  if (name.length > 200 || /[\p{Cc}]/u.test(name))
    throw new InvalidPayloadError('"name" must be one line of at most 200 characters', 'name');
  return { user, ...(typeof channel === 'string' && channel ? { channel } : {}), name: name.trim() };
}

/** What the simulator's session snapshot holds (XState's persisted snapshot of the flow). */
type SessionSnapshot = {
  value?: unknown;
  context?: {
    locale?: string;
    cart?: unknown;
    order?: unknown;
    lastRecommendations?: unknown;
    seen?: unknown;
    vars?: unknown;
  };
};

/** A simulator conversation for the inspector: the flow's state and context, and every message in and out. */
function conversationView(
  user: string,
  snapshot: SessionSnapshot | undefined,
  entries: readonly TranscriptEntry[],
  preview: ChannelPreview | undefined,
) {
  return {
    user,
    state: snapshot?.value ?? null,
    context: snapshot?.context
      ? {
          locale: snapshot.context.locale,
          cart: snapshot.context.cart,
          order: snapshot.context.order ?? null,
          lastRecommendations: snapshot.context.lastRecommendations ?? [],
          seen: snapshot.context.seen ?? [],
          vars: snapshot.context.vars ?? {},
        }
      : null,
    messages: entries.flatMap((entry) => messagesOf(entry, preview)),
  };
}

/**
 * One transcript entry as the inspector lists it; with a channel, each stored reply as that channel
 * shows it (its limits and degradation), and `native`: the requests the channel's adapter sends for
 * it, from its own renderer (on the first part of a reply split by the limits; [] on the others).
 */
function messagesOf(entry: TranscriptEntry, preview: ChannelPreview | undefined): object[] {
  if (entry.direction !== 'in') {
    if (!entry.reply) return [];
    if (!preview) return [{ direction: 'out', at: entry.at, reply: entry.reply }];
    const native = preview.render([entry.reply]);
    return applyLimits([entry.reply], preview.limits).map((reply, index) => ({
      direction: 'out',
      at: entry.at,
      reply,
      native: index === 0 ? native : [],
    }));
  }
  return [
    {
      direction: 'in',
      at: entry.at,
      event: entry.event
        ? {
            type: entry.event.type,
            ...('text' in entry.event ? { text: entry.event.text } : {}),
            ...('payload' in entry.event ? { payload: entry.event.payload } : {}),
            ...(entry.event.type === 'payment'
              ? {
                  payment: {
                    provider: entry.event.payment.provider,
                    status: entry.event.payment.status,
                    orderId: entry.event.payment.orderId,
                    amount: entry.event.payment.amount,
                  },
                }
              : {}),
          }
        : null,
      ...(entry.trace ? { trace: entry.trace } : {}),
    },
  ];
}
