import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLoopbackHost, proxyHeaderOf, safeEqual } from '../core/index.js';
import { jsonError } from './errors.js';

export interface AdminAccess {
  /** ADMIN_TOKEN; undefined when unset. */
  token: string | undefined;
  /** HOST the server binds to. */
  host: string;
  /** PUBLIC_URL: pages served behind a proxy post from this origin. */
  publicUrl?: string;
}

const cookieName = 'kaiwa_admin';

/** `localhost`, `127.0.0.1` or `[::1]`, with an optional port: what a browser on this machine sends. */
const localHostHeader = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * Why this request is not genuine local development, or undefined when it is: a loopback bind,
 * a `Host` of localhost/127.0.0.1/[::1] (a DNS-rebinding page sends its own name) and no proxy
 * header (behind a same-host proxy every internet client arrives from loopback).
 */
export function notLocal(access: AdminAccess, c: Context): string | undefined {
  if (!isLoopbackHost(access.host)) return `the server is bound to ${access.host}, not a loopback address`;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  if (!localHostHeader.test(host)) return `the request is addressed to "${host.slice(0, 100)}", not to this machine`;
  const proxied = proxyHeaderOf(c.req.raw.headers);
  if (proxied) return `the request came through a proxy (${proxied} header)`;
  return undefined;
}

/** Browsers send `Origin` on every cross-origin request and on same-origin POSTs; `null` from sandboxes and files. */
function foreignOrigin(access: AdminAccess, c: Context): string | undefined {
  const origin = c.req.header('origin');
  if (origin === undefined) return c.req.header('sec-fetch-site') === 'cross-site' ? 'cross-site' : undefined;
  const own = [new URL(c.req.url).origin, ...(access.publicUrl ? [new URL(access.publicUrl).origin] : [])];
  return own.includes(origin) ? undefined : origin.slice(0, 100);
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Guards console, simulator and admin API routes (docs/security.md).
 * - A state-changing request from a foreign `Origin` (`null` included) is refused with 403, and
 *   one with a body must be JSON (415): a cross-site form can send neither.
 * - With ADMIN_TOKEN set, a request needs `Authorization: Bearer <token>` or the HttpOnly,
 *   SameSite=Strict cookie set by opening a page once with `?admin_token=<token>` (the token is
 *   then dropped from the address bar by a redirect).
 * - Without it, only genuine local development is served (`notLocal`); anything else gets 401.
 */
export function adminAuth(access: AdminAccess): MiddlewareHandler {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method)) {
      const origin = foreignOrigin(access, c);
      if (origin !== undefined) return jsonError(c, 403, 'forbidden', `cross-site request refused (origin ${origin})`);
      // A DELETE carries nothing; POST, PUT and PATCH must be JSON, which a form cannot send.
      if (c.req.method !== 'DELETE' && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        return jsonError(c, 415, 'payload_invalid', 'send JSON (content-type: application/json)');
      }
    }
    const expected = access.token;
    if (!expected) {
      const why = notLocal(access, c);
      if (why === undefined) return next();
      return jsonError(c, 401, 'unauthorized', `ADMIN_TOKEN is not set and ${why}: set ADMIN_TOKEN to use this route`);
    }
    const unauthorized = () =>
      jsonError(
        c,
        401,
        'unauthorized',
        'this route needs ADMIN_TOKEN: send Authorization: Bearer <token>, or open the page once with ?admin_token=<token>',
      );
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) return safeEqual(bearer, expected) ? next() : unauthorized();
    const fromQuery = c.req.query('admin_token');
    if (fromQuery !== undefined && c.req.method === 'GET') {
      if (!safeEqual(fromQuery, expected)) return unauthorized();
      const url = new URL(c.req.url);
      setCookie(c, cookieName, expected, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: url.protocol === 'https:',
      });
      url.searchParams.delete('admin_token');
      return c.redirect(url.pathname + url.search, 303);
    }
    const cookie = getCookie(c, cookieName);
    if (cookie !== undefined && safeEqual(cookie, expected)) return next();
    return unauthorized();
  };
}

/**
 * Why `kaiwa start` must not serve without ADMIN_TOKEN, or undefined: in production, or with a
 * public address, the console and simulator would be one proxy misconfiguration away from open.
 */
export function adminTokenMissing(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ADMIN_TOKEN) return undefined;
  if (env.NODE_ENV === 'production') return 'NODE_ENV is production';
  if (env.PUBLIC_URL && !isLoopbackHost(new URL(env.PUBLIC_URL).hostname))
    return `PUBLIC_URL (${env.PUBLIC_URL}) is not this machine`;
  return undefined;
}
