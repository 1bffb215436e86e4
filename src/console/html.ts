import { escapeHtml } from '../core/index.js';

export const consoleHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const style = `body{font-family:system-ui,sans-serif;margin:0;color:#222}nav{background:#1f3d2b;padding:.6rem 1rem}nav a{color:#fff;margin-right:1rem;text-decoration:none}
main{max-width:60rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;font-size:.9rem}
.in{background:#f3f6f4}.out{background:#fff}.agent{background:#fff7e0}.msg{padding:.4rem .6rem;margin:.3rem 0;border-radius:.4rem;white-space:pre-wrap}
textarea{width:100%;min-height:4rem}button{margin:.3rem .3rem 0 0;padding:.4rem .8rem}.muted{color:#777;font-size:.8rem}.error{color:#b00020}`;

/** The console's frame: navigation, the page, and its one script (no inline script: CSP allows only 'self'). */
export function layout(title: string, shopName: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(shopName)} console</title><style>${style}</style><script src="/console/app.js" defer></script></head>
<body><nav><a href="/console">Handoffs</a><a href="/console/orders">Orders</a><a href="/console/funnel">Funnel</a><a href="/console/catalog">Catalog</a><a href="/simulator">Simulator</a></nav><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
