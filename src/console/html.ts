import { escapeHtml } from '../core/index.js';
import { consoleLangs, type ConsoleLang, type Translate } from './i18n.js';

export const consoleHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const style = `body{font-family:system-ui,sans-serif;margin:0;color:#222}nav{background:#1f3d2b;padding:.6rem 1rem}nav a{color:#fff;margin-right:1rem;text-decoration:none}nav .langs{float:right;color:#fff}nav .langs a{margin:0 .3rem}
main{max-width:60rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;font-size:.9rem}
.in{background:#f3f6f4}.out{background:#fff}.agent{background:#fff7e0}.msg{padding:.4rem .6rem;margin:.3rem 0;border-radius:.4rem;white-space:pre-wrap}
textarea{width:100%;min-height:4rem}button{margin:.3rem .3rem 0 0;padding:.4rem .8rem}.muted{color:#777;font-size:.8rem}.error{color:#b00020}.pages a{margin-right:1rem}`;

/** What every page is drawn with: the shop, the language and its texts, the shop's time zone, where the page is. */
export interface ConsoleView {
  shopName: string;
  lang: ConsoleLang;
  t: Translate;
  /** kaiwa.yaml `shop.timeZone`; times are shown in it (UTC without one). */
  timeZone: string;
  /** The page's own path and query, for the language links (which keep the page and its filters). */
  here: string;
}

const langNames: Record<ConsoleLang, string> = { ja: '日本語', en: 'English' };

/** The page at `here` in `lang`. */
function inLang(here: string, lang: ConsoleLang): string {
  const url = new URL(here, 'http://console.invalid');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/** The texts the console's script shows (it has no dictionary of its own), on the body as data attributes. */
function scriptTexts(t: Translate): string {
  const keys = ['script.sent', 'script.released', 'script.doneWarning', 'script.done'] as const;
  return keys.map((key) => ` data-t-${key.slice('script.'.length).toLowerCase()}="${escapeHtml(t(key))}"`).join('');
}

/** The console's frame: navigation, the language toggle, the page, and its one script (no inline script: CSP allows only 'self'). */
export function layout(title: string, view: ConsoleView, body: string): string {
  const { t, lang } = view;
  const nav = (
    [
      ['/console', 'nav.handoffs'],
      ['/console/conversations', 'nav.conversations'],
      ['/console/orders', 'nav.orders'],
      ['/console/funnel', 'nav.funnel'],
      ['/console/catalog', 'nav.catalog'],
      ['/simulator', 'nav.simulator'],
    ] as const
  )
    .map(([href, key]) => `<a href="${href}">${escapeHtml(t(key))}</a>`)
    .join('');
  const langs = consoleLangs
    .map((code) =>
      code === lang
        ? `<strong lang="${code}">${langNames[code]}</strong>`
        : `<a href="${escapeHtml(inLang(view.here, code))}" lang="${code}" hreflang="${code}">${langNames[code]}</a>`,
    )
    .join(' | ');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(view.shopName)} ${escapeHtml(t('console.title'))}</title><style>${style}</style><script src="/console/app.js" defer></script></head>
<body${scriptTexts(t)}><nav>${nav}<span class="langs" aria-label="${escapeHtml(t('nav.language'))}">${langs}</span></nav><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
