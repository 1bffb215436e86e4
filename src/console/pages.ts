import {
  cardDetails,
  cardPrice,
  carrierName,
  escapeHtml as e,
  formatMoney,
  type Carriers,
  type Order,
  type Product,
  type TranscriptEntry,
} from '../core/index.js';
import type { Handoff } from '../modules/handoff/store.js';
import type { OrderTransition } from '../modules/orders/store.js';
import { funnelSvg, type FunnelReport } from './funnel.js';
import { layout } from './html.js';

const conversationLink = (channel: string, conversationId: string) =>
  `/console/conversations/${encodeURIComponent(channel)}/${encodeURIComponent(conversationId)}`;

/** The handoff queue: conversations waiting for a person, longest first. */
export function handoffQueuePage(shopName: string, handoffs: readonly Handoff[]): string {
  const rows = handoffs
    .map(
      (item) =>
        `<tr><td><a href="${conversationLink(item.address.channel, item.address.conversationId)}">${e(item.key)}</a></td><td>${e(item.reason)}</td><td>${e(item.lastMessage ?? '')}</td><td class="muted">${e(item.since)}</td></tr>`,
    )
    .join('');
  return layout(
    'Handoffs',
    shopName,
    handoffs.length === 0
      ? '<p>No conversation is waiting for a person.</p>'
      : `<table><tr><th>conversation</th><th>why</th><th>last message</th><th>waiting since</th></tr>${rows}</table>`,
  );
}

function describe(entry: TranscriptEntry): string {
  if (entry.event)
    return entry.event.type === 'text'
      ? entry.event.text
      : entry.event.type === 'postback'
        ? `[${entry.event.text ?? entry.event.payload}]`
        : entry.event.type === 'ownerReply'
          ? `[the shop, from the platform's app] ${entry.event.text ?? ''}`.trim()
          : `[${entry.event.type}]`;
  const reply = entry.reply;
  if (!reply) return '';
  if ('text' in reply)
    return (
      reply.text + (reply.type === 'choices' ? `\n${reply.choices.map((choice) => `[${choice.label}]`).join(' ')}` : '')
    );
  if (reply.type === 'products')
    return reply.products
      .map((card) =>
        [`▸ ${card.title} ${cardPrice(card, 'ja')}`, ...(reply.detail ? cardDetails(card) : [])].join('\n'),
      )
      .join('\n');
  if (reply.type === 'paymentLink') return `💳 ${formatMoney(reply.total, 'ja')} ${reply.url}`;
  return `[${reply.type}]`;
}

/** One conversation: its transcript, and the agent's controls (take over, reply, return to bot). */
export function conversationPage(
  shopName: string,
  channel: string,
  conversationId: string,
  transcript: readonly TranscriptEntry[],
  handoff: Handoff | undefined,
): string {
  const messages = transcript
    .map(
      (entry) =>
        `<div class="msg ${entry.direction}${entry.reply?.purpose === 'agent' ? ' agent' : ''}"><span class="muted">${entry.direction === 'in' ? 'shopper' : entry.reply?.purpose === 'agent' ? 'agent' : 'bot'} · ${e(entry.at)}</span>\n${e(describe(entry))}</div>`,
    )
    .join('');
  const api = `/admin/api/conversations/${encodeURIComponent(channel)}/${encodeURIComponent(conversationId)}`;
  const controls = handoff
    ? `<form id="reply" data-api="${e(api)}"><textarea name="text" required maxlength="4000" placeholder="Reply to the shopper"></textarea><button type="submit">Send</button><button type="button" id="release">Return to bot</button><p id="status" class="muted"></p></form>`
    : `<p>The bot is answering this conversation.</p><button type="button" id="takeover" data-api="${e(api)}">Take over</button><p id="status" class="muted"></p>`;
  return layout(`${channel}:${conversationId}`, shopName, `${messages || '<p>No messages yet.</p>'}${controls}`);
}

/** `2026-11-22 09:30` in `timeZone` (the shop's, kaiwa.yaml `shop.timeZone`), or in UTC without one. */
export function consoleTime(iso: string, timeZone = 'UTC'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** What the orders list was asked for: status, channel, creation days (in the shop's time zone) and words. */
export interface OrdersFilterForm {
  status?: string;
  channel?: string;
  since?: string;
  until?: string;
  q?: string;
}

/** Orders, newest first, filtered by the query string; each links to its detail. Times in `timeZone`. */
export function ordersPage(
  shopName: string,
  orders: readonly Order[],
  filter: OrdersFilterForm,
  timeZone?: string,
): string {
  const select = ['', 'awaiting_payment', 'paid', 'fulfilled', 'expired', 'cancelled', 'refunded', 'payment_mismatch']
    .map((status) => `<option${status === (filter.status ?? '') ? ' selected' : ''}>${status}</option>`)
    .join('');
  const form = `<form method="get" action="/console/orders">status <select name="status">${select}</select> channel <input name="channel" value="${e(filter.channel ?? '')}" size="10"> from <input type="date" name="since" value="${e(filter.since ?? '')}"> to <input type="date" name="until" value="${e(filter.until ?? '')}"> <input type="search" name="q" value="${e(filter.q ?? '')}" placeholder="order no., shopper, product" size="22"> <button>Filter</button></form>`;
  const rows = orders
    .map(
      (order) =>
        `<tr><td><a href="/console/orders/${encodeURIComponent(order.id)}">${e(order.id)}</a></td><td>${e(order.status)}</td><td>${e(order.address.channel)}</td><td>${e(formatMoney(order.total, order.locale))}</td><td class="muted">${e(consoleTime(order.createdAt, timeZone))}</td></tr>`,
    )
    .join('');
  return layout(
    'Orders',
    shopName,
    `${form}<table><tr><th>order</th><th>status</th><th>channel</th><th>total</th><th>created (${e(timeZone ?? 'UTC')})</th></tr>${rows}</table>${orders.length === 0 ? '<p>No orders match.</p>' : ''}`,
  );
}

/** What the order page offers the merchant: the carriers to ship with, whether the provider can refund, the shop's time zone. */
export interface OrderDesk {
  carriers: Carriers;
  canRefund: boolean;
  timeZone?: string;
}

/** A button that opens a confirmation panel: nothing happens until the merchant confirms there. */
function confirmed(id: string, label: string, question: string, api: string, fields = ''): string {
  return `<button type="button" data-opens="${id}">${e(label)}…</button><form class="confirm" id="${id}" data-api="${e(api)}" hidden><p>${question}</p>${fields}<button type="submit">Confirm</button><button type="button" data-closes="${id}">Back</button></form>`;
}

/** The order's actions as its status allows them: fulfil (with carrier and tracking), cancel, refund. */
function orderActions(order: Order, desk: OrderDesk): string {
  const api = `/admin/api/orders/${encodeURIComponent(order.id)}`;
  const channel = e(order.address.channel);
  const actions: string[] = [];
  if (order.status === 'paid') {
    const carriers = Object.keys(desk.carriers)
      .map((id) => `<option value="${e(id)}">${e(carrierName(desk.carriers, id, 'en'))} (${e(id)})</option>`)
      .join('');
    actions.push(
      confirmed(
        'fulfil',
        'Fulfil',
        `Mark ${e(order.id)} as shipped and tell the shopper on ${channel} (with the tracking link)?`,
        `${api}/fulfil`,
        `<label>carrier <select name="carrier"><option value="">— no tracking —</option>${carriers}</select></label> <label>tracking number <input name="tracking" size="20" autocomplete="off"></label>`,
      ),
    );
  }
  if (order.status === 'awaiting_payment' || order.status === 'payment_mismatch')
    actions.push(
      confirmed(
        'cancel',
        'Cancel order',
        `Cancel ${e(order.id)}, give its stock back and tell the shopper on ${channel}?`,
        `${api}/cancel`,
      ),
    );
  if ((order.status === 'paid' || order.status === 'fulfilled') && desk.canRefund)
    actions.push(
      confirmed(
        'refund',
        'Refund',
        `Refund ${e(formatMoney(order.total, order.locale))} in full through ${e(order.provider ?? '')} and tell the shopper on ${channel}?`,
        `${api}/refund`,
      ),
    );
  if ((order.status === 'paid' || order.status === 'fulfilled') && !desk.canRefund)
    actions.push(
      `<p class="muted">Paid with ${e(order.provider ?? 'an unknown provider')}, which Kaiwa cannot refund: refund it in the provider's dashboard.</p>`,
    );
  return actions.length > 0
    ? `<h2>Actions</h2><div id="order-actions">${actions.join('')}</div><p id="status" class="muted"></p>`
    : '';
}

export function orderPage(
  shopName: string,
  order: Order,
  history: readonly OrderTransition[],
  desk: OrderDesk = { carriers: {}, canRefund: false },
): string {
  const lines = order.lines
    .map(
      (line) =>
        `<tr><td>${e(line.title)}</td><td>${line.quantity}</td><td>${e(formatMoney(line.unitPrice, order.locale))}</td></tr>`,
    )
    .join('');
  const steps = history
    .map(
      (step) =>
        `<tr><td class="muted">${e(consoleTime(step.at, desk.timeZone))}</td><td>${e(step.from ?? '—')} → ${e(step.to)}</td><td>${e(step.cause)}</td></tr>`,
    )
    .join('');
  // Where the merchant finds the payment in the provider's dashboard.
  const payment = order.provider
    ? ` · payment: ${e(order.provider)}${order.paymentReference ? ` (<code>${e(order.paymentReference)}</code>)` : ''}`
    : '';
  const shipment = order.shipment
    ? `<p id="shipment">shipped with ${e(carrierName(desk.carriers, order.shipment.carrier, 'en'))} · tracking <code>${e(order.shipment.trackingNumber)}</code> · <a href="${e(order.shipment.trackingUrl)}" rel="noreferrer noopener" target="_blank">track</a></p>`
    : '';
  return layout(
    order.id,
    shopName,
    `<p>${e(order.status)} · ${e(formatMoney(order.total, order.locale))}${payment} · <a href="${conversationLink(order.address.channel, order.address.conversationId)}">conversation</a></p><table>${lines}</table>${shipment}${orderActions(order, desk)}<h2>History (${e(desk.timeZone ?? 'UTC')})</h2><table>${steps}</table>`,
  );
}

/** The sales funnel: a chart, conversion and average order value, per-day rows, and the CSV export. */
export function funnelPage(shopName: string, report: FunnelReport): string {
  const money = (amounts: Record<string, number>) =>
    Object.entries(amounts)
      .map(([currency, amount]) => formatMoney({ amount, currency }, currency === 'JPY' ? 'ja' : 'en'))
      .join(', ') || '—';
  const rows = report.days
    .map(
      (day) =>
        `<tr><td>${e(day.day)}</td><td>${e(day.channel)}</td>${Object.values(day.counts)
          .map((count) => `<td>${count}</td>`)
          .join('')}<td>${e(money(day.revenue))}</td></tr>`,
    )
    .join('');
  const form = `<form method="get" action="/console/funnel">from <input type="date" name="from" value="${e(report.from)}"> to <input type="date" name="to" value="${e(report.to)}"> <button>Show</button> <a href="/admin/api/funnel.csv?from=${e(report.from)}&amp;to=${e(report.to)}">CSV</a></form>`;
  const summary = `<p>conversion (paid ÷ conversations): <strong>${(report.totals.conversion * 100).toFixed(1)} %</strong> · average order value: <strong>${e(money(report.totals.averageOrderValue))}</strong> · revenue: ${e(money(report.totals.revenue))}</p>`;
  return layout(
    'Funnel',
    shopName,
    `${form}${summary}${funnelSvg(report)}<table><tr><th>day</th><th>channel</th><th>conversations</th><th>saw products</th><th>added to cart</th><th>checkout</th><th>paid</th><th>revenue</th></tr>${rows}</table>`,
  );
}

/** The catalog as the database holds it now: live stock (after reservations), prices, search by words. */
export function catalogPage(shopName: string, products: readonly Product[], query: string, total: number): string {
  const form = `<form method="get" action="/console/catalog"><input name="q" value="${e(query)}" placeholder="search: 緑茶, teapot, sku…" size="30"> <button>Search</button></form>`;
  const rows = products
    .map(
      (product) =>
        `<tr><td>${e(product.id)}</td><td>${e(Object.values(product.title).join(' / '))}</td><td>${e(formatMoney(product.price, product.price.currency === 'JPY' ? 'ja' : 'en'))}</td><td${product.stock === 0 ? ' class="error"' : ''}>${product.stock}</td><td class="muted">${e(product.tags.join(', '))}</td></tr>`,
    )
    .join('');
  return layout(
    'Catalog',
    shopName,
    `${form}<p class="muted">${products.length} of ${total} products${query ? ` matching “${e(query)}”` : ''}; stock is live (reserved units already taken off).</p><table><tr><th>id</th><th>title</th><th>price</th><th>stock</th><th>tags</th></tr>${rows}</table>`,
  );
}
