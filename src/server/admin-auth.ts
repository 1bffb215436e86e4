import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { safeEqual } from '../core/index.js';

export interface AdminAccess {
  /** ADMIN_TOKEN; undefined when unset. */
  token: string | undefined;
  /** HOST the server binds to. */
  host: string;
}

const cookieName = 'kaiwa_admin';

/** Loopback binds stay open without a token; anything else is "exposed". */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when console, simulator and admin routes need the token (ADMIN_TOKEN set or a non-loopback bind). */
export function adminTokenRequired(access: AdminAccess): boolean {
  return access.token !== undefined || !isLoopbackHost(access.host);
}

/**
 * Guards console, simulator and admin API routes. Open on a loopback bind with no ADMIN_TOKEN;
 * otherwise a request needs `Authorization: Bearer <token>` or the HttpOnly, SameSite=Strict
 * cookie set by opening a page once with `?admin_token=<token>` (the token is then dropped from
 * the address bar by a redirect). Exposed with no token set, every guarded route answers 401.
 */
export function adminAuth(access: AdminAccess): MiddlewareHandler {
  return async (c, next) => {
    if (!adminTokenRequired(access)) return next();
    const expected = access.token;
    const unauthorized = () => c.json({ error: { code: 'unauthorized', message: expected ? 'this route needs ADMIN_TOKEN: send Authorization: Bearer <token>, or open the page once with ?admin_token=<token>' : 'the server is bound to a non-loopback host and ADMIN_TOKEN is not set: set it to use this route' } }, 401);
    if (!expected) return unauthorized();
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) return safeEqual(bearer, expected) ? next() : unauthorized();
    const fromQuery = c.req.query('admin_token');
    if (fromQuery !== undefined && c.req.method === 'GET') {
      if (!safeEqual(fromQuery, expected)) return unauthorized();
      setCookie(c, cookieName, expected, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
      const url = new URL(c.req.url);
      url.searchParams.delete('admin_token');
      return c.redirect(url.pathname + url.search, 303);
    }
    const cookie = getCookie(c, cookieName);
    if (cookie !== undefined && safeEqual(cookie, expected)) return next();
    return unauthorized();
  };
}
