import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KaiwaError } from '../core/index.js';

const statusByCode: Record<string, ContentfulStatusCode> = {
  signature_invalid: 401,
  payload_invalid: 400,
  payload_too_large: 413,
  not_found: 404,
  not_in_catalog: 404,
  conflict: 409,
  consent_required: 409,
  order_state: 409,
  out_of_stock: 409,
  cannot_ship: 422,
  coupon_refused: 422,
  upstream_unreachable: 502,
};

/** The one JSON error body: `{ error: { code, message, field? } }`. */
export function jsonError(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string) {
  return c.json({ error: { code, message, ...(field ? { field } : {}) } }, status);
}

/** The HTTP status a typed error answers with; undefined for anything that is not a client's fault. */
export function statusOf(error: unknown): ContentfulStatusCode | undefined {
  return error instanceof KaiwaError ? statusByCode[error.code] : undefined;
}

/** Typed errors become their HTTP answer; anything else is a 500 that reveals nothing. */
export function errorResponse(
  c: Context,
  error: unknown,
  log: (message: string, details: Record<string, unknown>) => void,
) {
  const status = statusOf(error);
  if (status !== undefined)
    return jsonError(
      c,
      status,
      (error as KaiwaError).code,
      (error as Error).message,
      (error as { field?: string }).field,
    );
  log('request failed', {
    path: c.req.path,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return jsonError(c, 500, 'internal', 'internal error; see the server log');
}
