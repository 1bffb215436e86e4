import type { Telegram } from 'telegraf';
import type { InboundEvent, RawRequest } from '../../core/index.js';
import { parseTelegramRequest } from './parse.js';

export const allowedUpdates = ['message', 'callback_query', 'my_chat_member', 'pre_checkout_query'];

export interface PollOptions {
  /** Long-poll wait per request, in seconds (Telegram allows up to 50). */
  timeoutSeconds?: number;
  acknowledge: (events: readonly InboundEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

const asRequest = (update: unknown): RawRequest => ({
  method: 'POST',
  url: 'telegram:getUpdates',
  headers: new Headers(),
  body: new TextEncoder().encode(JSON.stringify(update)),
});

/**
 * Long polling for development (`kaiwa start --poll telegram`): removes the webhook (Telegram
 * refuses getUpdates while one is set), then asks for updates in a loop. The offset moves past an
 * update only after its events are stored, so a crash re-reads it and dedup by update_id keeps
 * it from being answered twice — the same guarantee as the webhook path.
 */
export async function pollTelegram(
  telegram: Telegram,
  deliver: (events: readonly InboundEvent[]) => Promise<void>,
  options: PollOptions,
): Promise<() => Promise<void>> {
  await telegram.callApi('deleteWebhook', { drop_pending_updates: false });
  const controller = new AbortController();
  let offset: number | undefined;
  let failures = 0;
  const loop = (async () => {
    while (!controller.signal.aborted) {
      let updates: { update_id: number }[];
      try {
        updates = (await telegram.callApi(
          'getUpdates',
          {
            timeout: options.timeoutSeconds ?? 30,
            allowed_updates: allowedUpdates,
            ...(offset !== undefined ? { offset } : {}),
          } as never,
          { signal: controller.signal as never },
        )) as unknown as { update_id: number }[];
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        options.onError?.(error);
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** failures)));
        continue;
      }
      for (const update of updates) {
        let events: InboundEvent[] = [];
        try {
          events = parseTelegramRequest(asRequest(update));
        } catch (error) {
          options.onError?.(error); // a malformed update is skipped, not retried forever
        }
        await deliver(events);
        await options.acknowledge(events).catch(() => undefined);
        offset = update.update_id + 1;
      }
    }
  })();
  return async () => {
    controller.abort();
    await loop.catch(() => undefined);
  };
}
