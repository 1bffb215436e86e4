/** Stable error codes: scripts and HTTP handlers switch on these, never on messages. */
export type KaiwaErrorCode =
  | 'signature_invalid'
  | 'payload_invalid'
  | 'payload_too_large'
  | 'config_invalid'
  | 'flow_invalid'
  | 'catalog_invalid'
  | 'channel_send_failed'
  | 'upstream_unreachable'
  | 'not_in_catalog'
  | 'out_of_stock'
  | 'cannot_ship'
  | 'coupon_refused'
  | 'conflict'
  | 'order_state'
  | 'consent_required'
  | 'not_found';

export class KaiwaError extends Error {
  constructor(
    readonly code: KaiwaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request's signature did not verify: answer 401 and store nothing. */
export class SignatureError extends KaiwaError {
  constructor(message: string) {
    super('signature_invalid', message);
  }
}

/** The request was authentic but malformed: answer 400 naming what was wrong. */
export class InvalidPayloadError extends KaiwaError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super('payload_invalid', message);
  }
}

/** The body passed the route's limit: answer 413, read no further. */
export class PayloadTooLargeError extends KaiwaError {
  constructor(readonly limitBytes: number) {
    super('payload_too_large', `the body is larger than ${limitBytes} bytes`);
  }
}

export class ConfigError extends KaiwaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}

/** Where something in a merchant's file is: 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface SourceIssue {
  pos: SourcePos;
  message: string;
}

export function formatIssue(issue: SourceIssue): string {
  return `${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`;
}

/** A merchant file (flow, catalog, FAQ, kaiwa.yaml) is invalid; `issues` lists every problem found, not just the first. */
export class SourceValidationError extends KaiwaError {
  constructor(
    readonly issues: readonly SourceIssue[],
    code: 'flow_invalid' | 'catalog_invalid' | 'config_invalid' = 'flow_invalid',
  ) {
    super(code, issues.map(formatIssue).join('\n'));
  }
}

/** A platform refused or failed an outbound send. `retryable` with `retryAfterMs` for 429 and 5xx. */
export class ChannelSendError extends KaiwaError {
  constructor(
    message: string,
    readonly details: { status?: number; retryable: boolean; retryAfterMs?: number },
    options?: { cause?: unknown },
  ) {
    super('channel_send_failed', message, options);
  }
}

/** The request never reached the platform (DNS, connection refused, timeout). Always retryable. */
export class UpstreamUnreachableError extends KaiwaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('upstream_unreachable', message, options);
  }
}

export class NotInCatalogError extends KaiwaError {
  constructor(readonly productId: string) {
    super('not_in_catalog', `product "${productId}" is not in the catalog`);
  }
}

export class OutOfStockError extends KaiwaError {
  constructor(
    readonly productId: string,
    readonly available: number,
  ) {
    super('out_of_stock', `product "${productId}" has only ${available} in stock`);
  }
}

/** Optimistic concurrency lost: someone else wrote first. The caller retries. */
export class ConflictError extends KaiwaError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class NotFoundError extends KaiwaError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** A marketing message to a shopper who has not opted in (or opted out) on that channel. */
export class ConsentRequiredError extends KaiwaError {
  constructor(message: string) {
    super('consent_required', message);
  }
}
