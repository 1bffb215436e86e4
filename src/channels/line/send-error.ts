import { HTTPFetchError } from '@line/bot-sdk';
import { ChannelSendError, UpstreamUnreachableError, type Clock } from '../../core/index.js';

/** LINE's 400 for a reply token that expired or was already used; the batch can still be pushed. */
export function isInvalidReplyToken(error: unknown): boolean {
  return error instanceof HTTPFetchError && error.status === 400 && /invalid reply token/i.test(error.body);
}

/** LINE's 409 for a push whose X-Line-Retry-Key it already accepted: the messages were delivered. */
export function isAlreadyAccepted(error: unknown): boolean {
  return error instanceof HTTPFetchError && error.status === 409;
}

/**
 * grammY's split: the API answered (ChannelSendError; 429 and 5xx retryable, honouring Retry-After,
 * other 4xx such as 403 for a blocked bot are final) vs the request never got through
 * (UpstreamUnreachableError). The message carries LINE's answer, never the access token.
 */
export function toLineSendError(endpoint: 'reply' | 'push', error: unknown, clock: Clock): Error {
  if (error instanceof HTTPFetchError) {
    const status = error.status;
    const retryable = status === 429 || status >= 500;
    const retryAfterMs = retryable ? parseRetryAfter(error.headers.get('retry-after'), clock) : undefined;
    return new ChannelSendError(
      `LINE ${endpoint}: ${status} ${describe(error.body)}`.trim(),
      { status, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
      { cause: error },
    );
  }
  return new UpstreamUnreachableError(`LINE ${endpoint}: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); returns milliseconds from now. */
function parseRetryAfter(value: string | null, clock: Clock): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now().getTime());
}

/** LINE answers `{ "message": "…", "details": [...] }`; keep it short for logs and the outbox row. */
function describe(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; details?: { message?: string; property?: string }[] };
    const details = (parsed.details ?? [])
      .map((detail) => `${detail.property ?? ''}: ${detail.message ?? ''}`)
      .join('; ');
    return [typeof parsed.message === 'string' ? parsed.message : '', details].filter(Boolean).join(' — ');
  } catch {
    return body.slice(0, 200);
  }
}
