import type { Address, ChannelName, InboundEvent, Reply } from '../message.js';
import type { SendRate } from './rate-limiter.js';

/** An HTTP request as the platform sent it: raw bytes, because signatures cover bytes. */
export interface RawRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array;
  /** The peer's IP address, when the server knows it (Bot Framework's Emulator mode allows only loopback). */
  remoteAddress?: string;
}

/** What a channel can show; replies beyond these are degraded, never dropped silently. */
export interface ChannelLimits {
  /** Longest text message, in characters. */
  maxTextLength: number;
  /** Most buttons under one message. */
  maxButtons: number;
  /** Longest button label, in characters. */
  maxButtonLabel: number;
  /** Most cards in one carousel. */
  maxCarouselCards: number;
  /** Most buttons on one product card. */
  maxCardActions: number;
  /** The platform's outbound pace; sends wait for it (shared across instances with REDIS_URL). */
  sendRate?: SendRate;
}

/** How the simulator shows a channel: its limits, and the request bodies its adapter would send. */
export interface ChannelPreview {
  limits: ChannelLimits;
  render(replies: readonly Reply[]): unknown[];
}

export interface SendResult {
  /** The platform's id for what was sent, when it returns one. */
  platformMessageId?: string;
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly limits: ChannelLimits;
  /** Throws (or rejects with) SignatureError. Constant-time. Runs before anything is parsed or stored. */
  verify(request: RawRequest): void | Promise<void>;
  /** Pure. A malformed body throws InvalidPayloadError; unknown event types yield []. */
  parse(request: RawRequest): InboundEvent[];
  /** Renders within `limits`; throws ChannelSendError { retryable, retryAfterMs } on 429/5xx. */
  send(to: Address, replies: readonly Reply[]): Promise<SendResult[]>;
  /**
   * Optional: answers what the platform needs answered at once and that is no turn (Telegram's
   * `pre_checkout_query`: take the money or not, within 10 s). Called after verify; true means
   * handled (200, nothing parsed or stored).
   */
  respond?(request: RawRequest): Promise<boolean>;
  /**
   * Optional: adds what the platform knows but its webhook does not carry (LINE's profile language
   * as the shopper's locale), after parse and before the events are stored. Best effort and quick:
   * it must keep every event and its id, and on any failure the parsed events are used as they are.
   */
  enrich?(events: InboundEvent[]): Promise<InboundEvent[]>;
  /**
   * Optional: called once events are committed, for platform acknowledgements that are not
   * replies (Telegram's answerCallbackQuery). Best effort: failures are ignored.
   */
  acknowledge?(events: readonly InboundEvent[]): Promise<void>;
  /**
   * Optional: answers a platform's webhook subscription check (Meta's GET with `hub.challenge`).
   * Returns the HTTP status and body; a wrong verify token must get 403.
   */
  handshake?(request: RawRequest): { status: 200 | 403; body: string };
  /**
   * Optional: channels that receive through a client session instead of webhooks (WhatsApp Web).
   * `engine.start()` calls it once; the channel passes each incoming batch to `deliver`, which
   * resolves once the events are stored. Resolves to a function that ends the session.
   */
  listen?(deliver: (events: readonly InboundEvent[]) => Promise<void>): Promise<() => Promise<void>>;
}
