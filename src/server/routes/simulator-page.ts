import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { jsonError } from '../errors.js';
import { simulatorHtml } from '../../simulator/web/page.js';

const headers = {
  // Scripts and styles from this server only; the demo checkout opens in a frame of this page.
  'content-security-policy':
    "default-src 'self'; img-src https: data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const asset = (name: string) => readFileSync(new URL(`../../simulator/web/assets/${name}`, import.meta.url), 'utf8');
const assets: Record<string, { type: string; body: string }> = {
  'simulator.js': { type: 'text/javascript; charset=utf-8', body: asset('simulator.js') },
  'simulator.css': { type: 'text/css; charset=utf-8', body: asset('simulator.css') },
};

export function simulatorPage(app: AppContext): Hono {
  return new Hono()
    .get('/', (c) => c.redirect('/simulator'))
    .get('/simulator', (c) => c.html(simulatorHtml(app.shopName), 200, headers))
    .get('/simulator/assets/:name', (c) => {
      const file = assets[c.req.param('name')];
      if (!file) return jsonError(c, 404, 'not_found', 'no such simulator asset');
      return c.body(file.body, 200, { ...headers, 'content-type': file.type });
    });
}
