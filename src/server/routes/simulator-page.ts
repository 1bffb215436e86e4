import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { simulatorHtml } from '../../simulator/web/page.js';

export function simulatorPage(app: AppContext): Hono {
  return new Hono()
    .get('/', (c) => c.redirect('/simulator'))
    .get('/simulator', (c) =>
      c.html(simulatorHtml(app.shopName), 200, {
        'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      }),
    );
}
