import { randomUUID } from 'node:crypto';
import { ConfigError, UpstreamUnreachableError } from '../../core/index.js';
import { parseExact } from './amounts.js';
import { linePaySignature } from './sign.js';

export interface LinePayClientOptions {
  /** LINE_PAY_CHANNEL_ID and LINE_PAY_CHANNEL_SECRET: LINE Pay merchant center → Manage Link Key. */
  channelId: string;
  channelSecret: string;
  /** LINE_PAY_ENV: `sandbox` (default) or `production`. */
  environment: 'sandbox' | 'production';
  /** LINE_PAY_API_BASE: replaces the environment's host (tests, proxies). */
  apiBase?: string;
  nonce?: () => string;
  timeoutMs?: number;
}

/** Every LINE Pay answer: HTTP 200 with `returnCode` "0000" on success, another code otherwise. */
export interface LinePayAnswer<T> {
  returnCode: string;
  returnMessage: string;
  info?: T;
}

export type LinePayCall = <T>(
  method: 'GET' | 'POST',
  path: string,
  options?: { body?: string; query?: URLSearchParams },
) => Promise<LinePayAnswer<T>>;

const hosts = { sandbox: 'https://sandbox-api-pay.line.me', production: 'https://api-pay.line.me' };

/**
 * Signed calls to LINE Pay's Online API v3 over fetch: `X-LINE-ChannelId`, a fresh UUID nonce and
 * `X-LINE-Authorization` on each request. Answers are parsed with ids and amounts kept exact.
 */
export function createLinePayClient(options: LinePayClientOptions): LinePayCall {
  if (!/^\d{6,}$/.test(options.channelId))
    throw new ConfigError('LINE_PAY_CHANNEL_ID must be the numeric Channel ID from the LINE Pay merchant center');
  if (!/^[0-9a-f]{16,}$/i.test(options.channelSecret))
    throw new ConfigError(
      'LINE_PAY_CHANNEL_SECRET must be the Channel Secret Key from the LINE Pay merchant center (hex)',
    );
  let base: URL;
  try {
    base = new URL(options.apiBase ?? hosts[options.environment]);
  } catch {
    throw new ConfigError(`LINE_PAY_API_BASE must be a URL such as ${hosts.sandbox}, got "${options.apiBase}"`);
  }
  const nonce = options.nonce ?? randomUUID;
  return async <T>(
    method: 'GET' | 'POST',
    path: string,
    { body = '', query }: { body?: string; query?: URLSearchParams } = {},
  ) => {
    const queryString = query?.toString() ?? '';
    const id = nonce();
    const url = new URL(path + (queryString ? `?${queryString}` : ''), base);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-line-channelid': options.channelId,
          'x-line-authorization-nonce': id,
          'x-line-authorization': linePaySignature(
            options.channelSecret,
            path,
            method === 'GET' ? queryString : body,
            id,
          ),
        },
        ...(method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      throw new UpstreamUnreachableError(`LINE Pay ${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (response.status >= 500)
      throw new UpstreamUnreachableError(`LINE Pay ${method} ${path} answered ${response.status}`);
    try {
      return parseExact<LinePayAnswer<T>>(text);
    } catch {
      throw new Error(`LINE Pay ${method} ${path} answered ${response.status} with something other than JSON`);
    }
  };
}
