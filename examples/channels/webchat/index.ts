import {
  applyLimits,
  ChannelSendError,
  ConfigError,
  formatMoney,
  hmacSha256,
  InvalidPayloadError,
  parseJsonBytes,
  safeEqual,
  SignatureError,
  systemClock,
  UpstreamUnreachableError,
  type ChannelAdapter,
  type ChannelLimits,
  type Choice,
  type Clock,
  type InboundEvent,
  type RawRequest,
  type Reply,
  type SendResult,
} from 'kaiwajs/core';

/**
 * A web chat widget's backend as a Kaiwa channel: an example of a channel of one's own.
 *
 * Inbound, the widget's server posts to `POST /webhooks/webchat`:
 *   { "type": "message", "id": "m-1", "user": "visitor-42", "text": "hello", "sentAt": "2026-…" }
 *   { "type": "button", "id": "m-2", "user": "visitor-42", "payload": "k1:go:recommend", "label": "Recommend" }
 * (`type` defaults to "message"; other types such as "typing" or "read" are ignored), signed with
 * `X-Webchat-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`.
 *
 * Outbound, the adapter posts each message to `<apiUrl>/messages`, signed the same way:
 *   { "to": "visitor-42", "text": "…", "buttons": [{ "label": "…", "payload": "…" } | { "label": "…", "url": "…" }], "image": { "url", "alt" } }
 * and the widget answers 2xx `{ "id": "…" }`, or 429 with Retry-After when the shop sends too fast.
 */
export interface WebchatChannelOptions {
  /** WEBCHAT_SECRET: the shared HMAC key, 16 characters or more. */
  secret: string;
  /** WEBCHAT_API_URL: where the widget's server takes messages (`<apiUrl>/messages`). */
  apiUrl: string;
  /** Per outbound request; default 10 s. */
  timeoutMs?: number;
  /** receivedAt for events without `sentAt`, and Retry-After dates. */
  clock?: Clock;
}

export const webchatSignatureHeader = 'x-webchat-signature';

/** What the widget shows: it is our own UI, so these are choices, not a platform's rules. */
export const webchatLimits: ChannelLimits = {
  maxTextLength: 2000,
  maxButtons: 6,
  maxButtonLabel: 32,
  maxCarouselCards: 10,
  maxCardActions: 3,
};

/** One message as the widget's server takes it. */
export interface WebchatMessage {
  to: string;
  text?: string;
  buttons?: ({ label: string; payload: string } | { label: string; url: string })[];
  image?: { url: string; alt: string };
}

/** The signature header's value for a body: `sha256=<hex>`. */
export function signWebchat(secret: string, body: Uint8Array | string): string {
  return `sha256=${hmacSha256(secret, body, 'hex')}`;
}

export function createWebchatChannel(options: WebchatChannelOptions): ChannelAdapter {
  if (options.secret.length < 16) throw new ConfigError('WEBCHAT_SECRET must be at least 16 characters');
  if (!/^https?:\/\/[^\s/]+/.test(options.apiUrl)) throw new ConfigError('WEBCHAT_API_URL must be an http(s) URL');
  const endpoint = `${options.apiUrl.replace(/\/+$/, '')}/messages`;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function post(message: WebchatMessage): Promise<SendResult> {
    const body = JSON.stringify(message);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [webchatSignatureHeader]: signWebchat(options.secret, body) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new UpstreamUnreachableError(`webchat: ${(error as Error).message}`, { cause: error });
    }
    const answer = (await response.json().catch(() => ({}))) as { id?: unknown; error?: unknown };
    if (response.ok) return typeof answer.id === 'string' ? { platformMessageId: answer.id } : {};
    const retryable = response.status === 429 || response.status >= 500;
    const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after'), clock) : undefined;
    throw new ChannelSendError(
      `webchat ${response.status}${typeof answer.error === 'string' ? `: ${answer.error}` : ''}`,
      { status: response.status, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  }

  return {
    name: 'webchat',
    limits: webchatLimits,
    verify(request) {
      const given = request.headers.get(webchatSignatureHeader);
      if (!given) throw new SignatureError('X-Webchat-Signature is missing');
      // Over the raw bytes, compared in constant time.
      if (!safeEqual(given, signWebchat(options.secret, request.body)))
        throw new SignatureError('X-Webchat-Signature does not match the body: check WEBCHAT_SECRET');
    },
    parse: (request) => parseWebchatRequest(request, clock),
    async send(to, replies) {
      const results: SendResult[] = [];
      // One at a time, in order: the visitor reads them as they were written.
      for (const message of renderWebchatMessages(to.conversationId, replies)) results.push(await post(message));
      return results;
    },
  };
}

/** A webhook body → at most one event; other types yield []; anything malformed is InvalidPayloadError (400). */
export function parseWebchatRequest(request: RawRequest, clock: Clock = systemClock): InboundEvent[] {
  const json = parseJsonBytes(request.body);
  const body = json?.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidPayloadError('the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const type = fields.type ?? 'message';
  if (type !== 'message' && type !== 'button') return [];
  const id = required(fields, 'id');
  const user = required(fields, 'user');
  const sentAt = typeof fields.sentAt === 'string' ? Date.parse(fields.sentAt) : Number.NaN;
  const base = {
    id,
    address: { channel: 'webchat', conversationId: user, userId: user },
    receivedAt: (Number.isNaN(sentAt) ? clock.now() : new Date(sentAt)).toISOString(),
    ...(typeof fields.locale === 'string' && /^[a-z]{2}$/.test(fields.locale) ? { locale: fields.locale } : {}),
  };
  if (type === 'button') {
    const label = typeof fields.label === 'string' && fields.label !== '' ? { text: fields.label } : {};
    return [{ ...base, type: 'postback', payload: required(fields, 'payload'), ...label }];
  }
  return [{ ...base, type: 'text', text: required(fields, 'text') }];
}

function required(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 4096) return value;
  throw new InvalidPayloadError(`"${name}" must be a non-empty string`, name);
}

const buttonsOf = (choices: readonly Choice[]) => choices.map(({ label, payload }) => ({ label, payload }));

/** Replies → widget messages, after applyLimits (long text split, extra buttons in a follow-up, long labels shortened). */
export function renderWebchatMessages(to: string, replies: readonly Reply[]): WebchatMessage[] {
  return applyLimits(replies, webchatLimits).flatMap((reply): WebchatMessage[] => {
    switch (reply.type) {
      case 'text':
        return [{ to, text: reply.text }];
      case 'choices':
        return [{ to, text: reply.text, buttons: buttonsOf(reply.choices) }];
      case 'products':
        return reply.products.map((card) => ({
          to,
          text: [card.title, formatMoney(card.price, card.price.currency === 'JPY' ? 'ja' : 'en'), card.reason]
            .filter(Boolean)
            .join('\n'),
          ...(card.imageUrl ? { image: { url: card.imageUrl, alt: card.title } } : {}),
          buttons: buttonsOf(card.actions),
        }));
      case 'paymentLink': {
        const total = formatMoney(reply.total, reply.total.currency === 'JPY' ? 'ja' : 'en');
        return [
          {
            to,
            text: `💳 ${total}`,
            buttons: [{ label: shorten(`💳 ${total}`, webchatLimits.maxButtonLabel), url: reply.url }],
          },
        ];
      }
      case 'image':
        return [{ to, image: { url: reply.url, alt: reply.alt } }];
      case 'handoff':
        return []; // for the merchant's inbox, not the visitor
    }
  });
}

/** At most `max` code points, ending with "…" when cut. */
function shorten(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/** Retry-After is delta-seconds or an HTTP date; milliseconds from now. */
function parseRetryAfter(value: string | null, clock: Clock): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now().getTime());
}
