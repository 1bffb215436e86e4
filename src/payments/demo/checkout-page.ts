import { formatMoney, multiplyMoney, type Order } from '../../core/index.js';

const words = {
  ja: { title: 'お支払い', demo: 'デモ決済です。実際のお金は動きません。', order: 'ご注文番号', total: '合計', pay: '支払う', paid: 'お支払いが完了しました。チャットにお戻りください。', expired: 'このお支払いリンクは期限切れです。チャットからもう一度ご注文ください。', qty: '数量' },
  en: { title: 'Payment', demo: 'Demo checkout — no real money moves.', order: 'Order', total: 'Total', pay: 'Pay', paid: 'Payment received — return to the chat.', expired: 'This payment link has expired. Please order again from the chat.', qty: 'Qty' },
};

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The demo checkout page in the order's language: the order, its total, and a Pay button. */
export function renderDemoCheckoutPage(order: Order, token: string, options: { shopName: string; state?: 'open' | 'paid' | 'expired' | 'already-paid' }): string {
  const locale = order.locale.startsWith('ja') ? 'ja' : 'en';
  const t = words[locale];
  const money = (value: Order['total']) => escape(formatMoney(value, locale));
  const state = options.state ?? 'open';
  const lines = order.lines
    .map((line) => `<tr><td>${escape(line.title)}</td><td>${t.qty} ${line.quantity}</td><td>${money(line.unitPrice)}</td><td>${money(multiplyMoney(line.unitPrice, line.quantity))}</td></tr>`)
    .join('');
  const action =
    state === 'open'
      ? `<form method="post" action="/checkout/demo/${encodeURIComponent(order.id)}"><input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="amount" value="${order.total.amount}"><input type="hidden" name="currency" value="${escape(order.total.currency)}"><button type="submit" id="pay">${t.pay} ${money(order.total)}</button></form>`
      : `<p class="done" id="status">${state === 'expired' ? t.expired : t.paid}</p>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(options.shopName)} — ${t.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:560px;margin:2rem auto;padding:0 1rem;color:#1d2329}.banner{background:#fff3cd;border:1px solid #e0c060;padding:.5rem .8rem;border-radius:6px}table{width:100%;border-collapse:collapse;margin:1rem 0}td{padding:.35rem;border-bottom:1px solid #dde}td:last-child{text-align:right}.total{font-size:1.25rem;font-weight:700;text-align:right}button{background:#185;color:#fff;border:0;border-radius:8px;padding:.8rem 1.4rem;font-size:1.1rem;cursor:pointer;width:100%}.done{background:#e6f6ea;padding:1rem;border-radius:8px}</style></head>
<body><h1>${escape(options.shopName)}</h1><p class="banner">${t.demo}</p><p>${t.order}: <strong id="order-id">${escape(order.id)}</strong></p>
<table>${lines}</table><p class="total">${t.total}: <span id="total">${money(order.total)}</span></p>${action}</body></html>`;
}
