import {
  escapeHtml,
  formatMoney,
  multiplyMoney,
  orderItems,
  taxBreakdown,
  type Money,
  type Order,
} from '../../core/index.js';
import { pageLocale, pageText } from './page-text.js';

export type DemoCheckoutState = 'open' | 'paid' | 'expired' | 'already-paid';

export interface DemoCheckoutPageOptions {
  /** Shown as the page heading, in the order's language where the shop has one. */
  shopName: string;
  /** `open` shows the Pay form; `paid`/`already-paid` a confirmation; `expired` says so. Default `open`. */
  state?: DemoCheckoutState;
}

/**
 * The demo checkout page: one self-contained HTML document (inline CSS, no scripts, no external
 * assets, so it works under a `default-src 'none'` policy) in the order's language. Every value
 * from the order or the shop is escaped. The form posts the token and the total it showed back
 * to the same path; the order service pays only if that total is the order's.
 */
export function renderDemoCheckoutPage(order: Order, token: string, options: DemoCheckoutPageOptions): string {
  const locale = pageLocale(order.locale);
  const text = pageText[locale];
  const price = (value: Money) => escapeHtml(formatMoney(value, locale));
  const state = options.state ?? 'open';
  // Our own page shows a discount as its own line (providers get it spread over the lines).
  const rows = orderItems(order, { discounts: 'lines' })
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.title)} × ${line.quantity}</td><td class="amount">${price(line.unitPrice)}</td><td class="amount">${price(multiplyMoney(line.unitPrice, line.quantity))}</td></tr>`,
    )
    .join('\n');
  // The tax per rate under the total (a Japanese qualified invoice's breakdown; exclusive tax is also a line above).
  const tax = taxBreakdown(order.tax, locale)
    .map((line) => `\n<tr class="tax"><td colspan="3">${escapeHtml(line)}</td></tr>`)
    .join('');
  const action =
    state === 'open'
      ? `<form method="post" action="/checkout/demo/${escapeHtml(encodeURIComponent(order.id))}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="amount" value="${escapeHtml(String(order.total.amount))}">
<input type="hidden" name="currency" value="${escapeHtml(order.total.currency)}">
<button type="submit" id="pay">${escapeHtml(text.pay(formatMoney(order.total, locale)))}</button>
</form>`
      : `<p class="status ${state === 'expired' ? 'expired' : 'paid'}" id="status" role="status">${state === 'expired' ? text.expired : text.paid}</p>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.shopName)} — ${text.title}</title>
<style>${styles}</style>
</head>
<body>
<main>
<p class="banner" role="note">${text.demo}</p>
<h1>${escapeHtml(options.shopName)}</h1>
<p>${text.orderNumber}: <strong id="order-id">${escapeHtml(order.id)}</strong></p>
<table>
<thead><tr><th>${text.item}</th><th class="amount">${text.unitPrice}</th><th class="amount">${text.lineTotal}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="2">${text.total}</th><td class="amount" id="total">${price(order.total)}</td></tr>${tax}</tfoot>
</table>
${action}
</main>
</body>
</html>`;
}

const styles = [
  'body{margin:0;background:#f6f7f9;color:#1d2329;font:16px/1.5 system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif}',
  'main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}',
  'h1{font-size:1.4rem;margin:.5rem 0}',
  '.banner{margin:0;background:#fff3cd;border:1px solid #e0c060;border-radius:6px;padding:.45rem .8rem;font-weight:600}',
  'table{width:100%;border-collapse:collapse;margin:1rem 0}',
  'th,td{padding:.4rem .3rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}',
  '.amount{text-align:right;white-space:nowrap}',
  'tfoot th,tfoot td{border-bottom:0;font-size:1.2rem;font-weight:700}',
  'tfoot .tax td{font-size:.9rem;font-weight:400;color:#4a525a;text-align:right;padding-top:0}',
  'button{width:100%;padding:.85rem;border:0;border-radius:8px;background:#185c37;color:#fff;font-size:1.1rem;cursor:pointer}',
  'button:focus-visible{outline:3px solid #f0b429;outline-offset:2px}',
  '.status{padding:1rem;border-radius:8px}.paid{background:#e6f6ea}.expired{background:#fdecea}',
].join('');
