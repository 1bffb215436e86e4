import type { Context } from 'hono';
import { KaiwaError } from '../core/index.js';

const statusByCode: Record<string, 400 | 401 | 404 | 409 | 422 | 500 | 502> = {
  signature_invalid: 401,
  payload_invalid: 400,
  not_found: 404,
  not_in_catalog: 404,
  conflict: 409,
  consent_required: 409,
  order_state: 409,
  out_of_stock: 409,
  upstream_unreachable: 502,
};

/** Typed errors become their HTTP answer; anything else is a 500 that reveals nothing. */
export function errorResponse(c: Context, error: unknown, log: (message: string, details: Record<string, unknown>) => void) {
  if (error instanceof KaiwaError && statusByCode[error.code]) {
    const field = (error as { field?: string }).field;
    return c.json({ error: { code: error.code, message: error.message, ...(field ? { field } : {}) } }, statusByCode[error.code]);
  }
  log('request failed', { path: c.req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  return c.json({ error: { code: 'internal', message: 'internal error; see the server log' } }, 500);
}
