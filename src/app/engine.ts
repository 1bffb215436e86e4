import type { Env } from '../config/schema.js';
import {
  createEngine,
  type ChannelAdapter,
  type Clock,
  type ConversationLogic,
  type Engine,
  type RateLimiter,
  type Store,
  type TurnHook,
} from '../core/index.js';
import { builtInTurnHooks } from '../modules/index.js';
import type { Log } from './log.js';

/**
 * The engine with the environment's outbox settings. Platform send rates (docs/channels.md) are
 * shared through Redis when REDIS_URL is set (several instances), kept in memory otherwise.
 */
export async function engineFromEnv(
  env: Env,
  deps: {
    store: Store;
    logic: ConversationLogic;
    channels: ChannelAdapter[];
    clock: Clock;
    log: Log;
    drainOnly?: readonly string[];
    /** The turn hooks (default builtInTurnHooks). */
    hooks?: readonly TurnHook[];
  },
): Promise<{ engine: Engine; rateLimiter: RateLimiter | false | undefined }> {
  const { log, hooks, ...parts } = deps;
  const rateLimiter = !env.SEND_RATE_LIMITS
    ? false
    : env.REDIS_URL
      ? (await import('../ratelimit/redis-rate-limiter.js')).createRedisRateLimiter({
          url: env.REDIS_URL,
          prefix: env.REDIS_KEY_PREFIX,
        })
      : undefined;
  const engine = createEngine({
    ...parts,
    leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
    sendTimeoutMs: Math.round(env.SEND_TIMEOUT_SECONDS * 1000),
    ...(rateLimiter !== undefined ? { rateLimiter } : {}),
    onSendError: (item, error) => log('send failed', { outboxId: item.id, error: String(error) }),
    onListenError: (channel, error) => log('channel session failed', { channel, error: String(error) }),
    turns: {
      hooks: hooks ?? builtInTurnHooks,
      onFailure: (event, error, attempts, gaveUp) =>
        log(gaveUp ? 'turn failed; giving up on the event' : 'turn failed; the platform will redeliver', {
          channel: event.address.channel,
          eventId: event.id,
          attempts,
          error: String(error),
        }),
    },
  });
  return { engine, rateLimiter };
}
