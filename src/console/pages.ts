import {
  cardDetails,
  cardPrice,
  carrierName,
  escapeHtml as e,
  formatMoney,
  type Carriers,
  type Order,
  type Product,
  type ConversationSummary,
  type TranscriptEntry,
} from '../core/index.js';
import type { Handoff } from '../modules/handoff/store.js';
import type { OrderTransition } from '../modules/orders/store.js';
import { funnelSvg, type FunnelReport } from './funnel.js';
import { layout, type ConsoleView } from './html.js';
import type { Translate } from './i18n.js';

export const conversationLink = (channel: string, conversationId: string) =>
  `/console/conversations/${encodeURIComponent(channel)}/${encodeURIComponent(conversationId)}`;

/** A conversation key's channel and conversation id (the id may hold colons of its own). */
export function splitKey(key: string): { channel: string; conversationId: string } {
  const at = key.indexOf(':');
  return at < 0
    ? { channel: key, conversationId: '' }
    : { channel: key.slice(0, at), conversationId: key.slice(at + 1) };
}

/** The handoff queue: conversations waiting for a person, longest first. */
export function handoffQueuePage(view: ConsoleView, handoffs: readonly Handoff[]): string {
  const { t } = view;
  const rows = handoffs
    .map(
      (item) =>
        `<tr><td><a href="${conversationLink(item.address.channel, item.address.conversationId)}">${e(item.key)}</a></td><td>${e(item.reason)}</td><td>${e(item.lastMessage ?? '')}</td><td class="muted">${e(consoleTime(item.since, view.timeZone))}</td></tr>`,
    )
    .join('');
  return layout(
    t('nav.handoffs'),
    view,
    handoffs.length === 0
      ? `<p>${e(t('handoffs.empty'))}</p>`
      : `<table><tr><th>${e(t('handoffs.conversation'))}</th><th>${e(t('handoffs.why'))}</th><th>${e(t('handoffs.lastMessage'))}</th><th>${e(t('handoffs.since', { timeZone: view.timeZone }))}</th></tr>${rows}</table>`,
  );
}

/** An entry as one line of text: what the shopper sent or the shop replied. */
function describe(entry: TranscriptEntry, t: Translate): string {
  if (entry.event)
    return entry.event.type === 'text'
      ? entry.event.text
      : entry.event.type === 'postback'
        ? `[${entry.event.text ?? entry.event.payload}]`
        : entry.event.type === 'ownerReply'
          ? `[${t('conversation.owner')}] ${entry.event.text ?? ''}`.trim()
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

/** An order's number linked to its page, with its status. */
const orderLink = (order: Order) =>
  `<a href="/console/orders/${encodeURIComponent(order.id)}">${e(order.id)}</a> <span class="muted">${e(order.status)}</span>`;

/** One conversation: its transcript, its orders, and the agent's controls (take over, reply, return to bot). */
export function conversationPage(
  view: ConsoleView,
  channel: string,
  conversationId: string,
  transcript: readonly TranscriptEntry[],
  handoff: Handoff | undefined,
  orders: readonly Order[] = [],
): string {
  const { t } = view;
  const who = (entry: TranscriptEntry) =>
    t(
      entry.direction === 'in'
        ? 'conversation.shopper'
        : entry.reply?.purpose === 'agent'
          ? 'conversation.agent'
          : 'conversation.bot',
    );
  const messages = transcript
    .map(
      (entry) =>
        `<div class="msg ${entry.direction}${entry.reply?.purpose === 'agent' ? ' agent' : ''}"><span class="muted">${e(who(entry))} · ${e(consoleTime(entry.at, view.timeZone))}</span>\n${e(describe(entry, t))}</div>`,
    )
    .join('');
  const api = `/admin/api/conversations/${encodeURIComponent(channel)}/${encodeURIComponent(conversationId)}`;
  const controls = handoff
    ? `<form id="reply" data-api="${e(api)}"><textarea name="text" required maxlength="4000" placeholder="${e(t('conversation.replyPlaceholder'))}"></textarea><button type="submit">${e(t('conversation.send'))}</button><button type="button" id="release">${e(t('conversation.release'))}</button><p id="status" class="muted"></p></form>`
    : `<p>${e(t('conversation.botAnswering'))}</p><button type="button" id="takeover" data-api="${e(api)}">${e(t('conversation.takeOver'))}</button><p id="status" class="muted"></p>`;
  const ordersLine =
    orders.length > 0 ? `<p id="orders">${e(t('conversation.orders'))}: ${orders.map(orderLink).join(' · ')}</p>` : '';
  return layout(
    `${channel}:${conversationId}`,
    view,
    `${ordersLine}<p class="muted">${e(t('conversation.times', { timeZone: view.timeZone }))}</p>${messages || `<p>${e(t('conversation.empty'))}</p>`}${controls}`,
  );
}

/** One row of the conversations list: the conversation's newest entry, whether a person has it, its orders. */
export interface ConversationRow {
  summary: ConversationSummary;
  handedOff: boolean;
  orders: readonly Order[];
}

/** What the conversations list was asked for: a channel, words, a page (from 1). */
export interface ConversationsFilterForm {
  channel: string;
  q: string;
  page: number;
}

/** Every conversation, newest activity first, by channel and words, a page at a time; each links to its transcript. */
export function conversationsPage(
  view: ConsoleView,
  rows: readonly ConversationRow[],
  filter: ConversationsFilterForm,
  channels: readonly string[],
  more: boolean,
): string {
  const { t } = view;
  const options = [
    `<option value="">${e(t('conversations.allChannels'))}</option>`,
    ...channels.map((channel) => `<option${channel === filter.channel ? ' selected' : ''}>${e(channel)}</option>`),
  ].join('');
  const form = `<form method="get" action="/console/conversations">${e(t('conversations.channel'))} <select name="channel">${options}</select> <input type="search" name="q" value="${e(filter.q)}" placeholder="${e(t('conversations.searchPlaceholder'))}" size="34"> <button>${e(t('conversations.search'))}</button></form>`;
  const body = rows
    .map(({ summary, handedOff, orders }) => {
      const { channel, conversationId } = splitKey(summary.key);
      const last = describe(summary.last, t);
      return `<tr><td><a href="${conversationLink(channel, conversationId)}">${e(summary.key)}</a></td><td>${e(channel)}</td><td>${e(last.length > 120 ? `${last.slice(0, 119)}…` : last)}</td><td class="muted">${e(consoleTime(summary.last.at, view.timeZone))}</td><td>${handedOff ? `<strong>${e(t('conversations.handedOff'))}</strong>` : e(t('conversations.bot'))}</td><td>${orders.map(orderLink).join('<br>')}</td></tr>`;
    })
    .join('');
  const page = (n: number) => {
    const query = new URLSearchParams({
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.q ? { q: filter.q } : {}),
      ...(n > 1 ? { page: String(n) } : {}),
    }).toString();
    return e(`/console/conversations${query ? `?${query}` : ''}`);
  };
  const pages = `<p class="pages">${filter.page > 1 ? `<a href="${page(filter.page - 1)}" rel="prev">${e(t('conversations.newer'))}</a>` : ''}<span class="muted">${e(t('conversations.page', { page: filter.page }))}</span> ${more ? `<a href="${page(filter.page + 1)}" rel="next">${e(t('conversations.older'))}</a>` : ''}</p>`;
  return layout(
    t('nav.conversations'),
    view,
    `${form}<table><tr><th>${e(t('conversations.conversation'))}</th><th>${e(t('conversations.channel'))}</th><th>${e(t('conversations.lastMessage'))}</th><th>${e(t('conversations.lastActivity', { timeZone: view.timeZone }))}</th><th>${e(t('conversations.state'))}</th><th>${e(t('conversations.orders'))}</th></tr>${body}</table>${rows.length === 0 ? `<p>${e(t('conversations.empty'))}</p>` : ''}${pages}`,
  );
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

/** Orders, newest first, filtered by the query string; each links to its detail. Times in the shop's time zone. */
export function ordersPage(view: ConsoleView, orders: readonly Order[], filter: OrdersFilterForm): string {
  const { t } = view;
  const select = ['', 'awaiting_payment', 'paid', 'fulfilled', 'expired', 'cancelled', 'refunded', 'payment_mismatch']
    .map((status) => `<option${status === (filter.status ?? '') ? ' selected' : ''}>${status}</option>`)
    .join('');
  const form = `<form method="get" action="/console/orders">${e(t('orders.status'))} <select name="status">${select}</select> ${e(t('orders.channel'))} <input name="channel" value="${e(filter.channel ?? '')}" size="10"> ${e(t('orders.from'))} <input type="date" name="since" value="${e(filter.since ?? '')}"> ${e(t('orders.to'))} <input type="date" name="until" value="${e(filter.until ?? '')}"> <input type="search" name="q" value="${e(filter.q ?? '')}" placeholder="${e(t('orders.searchPlaceholder'))}" size="22"> <button>${e(t('orders.filter'))}</button></form>`;
  const rows = orders
    .map(
      (order) =>
        `<tr><td><a href="/console/orders/${encodeURIComponent(order.id)}">${e(order.id)}</a></td><td>${e(order.status)}</td><td>${e(order.address.channel)}</td><td>${e(formatMoney(order.total, order.locale))}</td><td class="muted">${e(consoleTime(order.createdAt, view.timeZone))}</td></tr>`,
    )
    .join('');
  return layout(
    t('nav.orders'),
    view,
    `${form}<table><tr><th>${e(t('orders.order'))}</th><th>${e(t('orders.status'))}</th><th>${e(t('orders.channel'))}</th><th>${e(t('orders.total'))}</th><th>${e(t('orders.created', { timeZone: view.timeZone }))}</th></tr>${rows}</table>${orders.length === 0 ? `<p>${e(t('orders.empty'))}</p>` : ''}`,
  );
}

/** What the order page offers the merchant: the carriers to ship with, whether the provider can refund. */
export interface OrderDesk {
  carriers: Carriers;
  canRefund: boolean;
}

/** A button that opens a confirmation panel: nothing happens until the merchant confirms there. */
function confirmed(t: Translate, id: string, label: string, question: string, api: string, fields = ''): string {
  return `<button type="button" data-opens="${id}">${e(label)}…</button><form class="confirm" id="${id}" data-api="${e(api)}" hidden><p>${e(question)}</p>${fields}<button type="submit">${e(t('order.confirm'))}</button><button type="button" data-closes="${id}">${e(t('order.back'))}</button></form>`;
}

/** The order's actions as its status allows them: fulfil (with carrier and tracking), cancel, refund. */
function orderActions(view: ConsoleView, order: Order, desk: OrderDesk): string {
  const { t, lang } = view;
  const api = `/admin/api/orders/${encodeURIComponent(order.id)}`;
  const channel = order.address.channel;
  const actions: string[] = [];
  if (order.status === 'paid') {
    const carriers = Object.keys(desk.carriers)
      .map((id) => `<option value="${e(id)}">${e(carrierName(desk.carriers, id, lang))} (${e(id)})</option>`)
      .join('');
    actions.push(
      confirmed(
        t,
        'fulfil',
        t('order.fulfil'),
        t('order.fulfilQuestion', { order: order.id, channel }),
        `${api}/fulfil`,
        `<label>${e(t('order.carrier'))} <select name="carrier"><option value="">${e(t('order.noTracking'))}</option>${carriers}</select></label> <label>${e(t('order.trackingNumber'))} <input name="tracking" size="20" autocomplete="off"></label>`,
      ),
    );
  }
  if (order.status === 'awaiting_payment' || order.status === 'payment_mismatch')
    actions.push(
      confirmed(
        t,
        'cancel',
        t('order.cancel'),
        t('order.cancelQuestion', { order: order.id, channel }),
        `${api}/cancel`,
      ),
    );
  if ((order.status === 'paid' || order.status === 'fulfilled') && desk.canRefund)
    actions.push(
      confirmed(
        t,
        'refund',
        t('order.refund'),
        t('order.refundQuestion', {
          total: formatMoney(order.total, order.locale),
          provider: order.provider ?? '',
          channel,
        }),
        `${api}/refund`,
      ),
    );
  if ((order.status === 'paid' || order.status === 'fulfilled') && !desk.canRefund)
    actions.push(
      `<p class="muted">${e(t('order.cannotRefund', { provider: order.provider ?? t('order.unknownProvider') }))}</p>`,
    );
  return actions.length > 0
    ? `<h2>${e(t('order.actions'))}</h2><div id="order-actions">${actions.join('')}</div><p id="status" class="muted"></p>`
    : '';
}

export function orderPage(
  view: ConsoleView,
  order: Order,
  history: readonly OrderTransition[],
  desk: OrderDesk = { carriers: {}, canRefund: false },
): string {
  const { t, lang } = view;
  const lines = order.lines
    .map(
      (line) =>
        `<tr><td>${e(line.title)}</td><td>${line.quantity}</td><td>${e(formatMoney(line.unitPrice, order.locale))}</td></tr>`,
    )
    .join('');
  const steps = history
    .map(
      (step) =>
        `<tr><td class="muted">${e(consoleTime(step.at, view.timeZone))}</td><td>${e(step.from ?? '—')} → ${e(step.to)}</td><td>${e(step.cause)}</td></tr>`,
    )
    .join('');
  // Where the merchant finds the payment in the provider's dashboard.
  const payment = order.provider
    ? ` · ${e(t('order.payment', { provider: order.provider }))}${order.paymentReference ? ` (<code>${e(order.paymentReference)}</code>)` : ''}`
    : '';
  const shipment = order.shipment
    ? `<p id="shipment">${e(t('order.shippedWith', { carrier: carrierName(desk.carriers, order.shipment.carrier, lang) }))} · ${e(t('order.tracking'))} <code>${e(order.shipment.trackingNumber)}</code> · <a href="${e(order.shipment.trackingUrl)}" rel="noreferrer noopener" target="_blank">${e(t('order.track'))}</a></p>`
    : '';
  return layout(
    order.id,
    view,
    `<p>${e(order.status)} · ${e(formatMoney(order.total, order.locale))}${payment} · <a href="${conversationLink(order.address.channel, order.address.conversationId)}">${e(t('order.conversation'))}</a></p><table>${lines}</table>${shipment}${orderActions(view, order, desk)}<h2>${e(t('order.history', { timeZone: view.timeZone }))}</h2><table>${steps}</table>`,
  );
}

/** The sales funnel: a chart, conversion and average order value, per-day rows, and the CSV export. */
export function funnelPage(view: ConsoleView, report: FunnelReport): string {
  const { t } = view;
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
  const form = `<form method="get" action="/console/funnel">${e(t('funnel.from'))} <input type="date" name="from" value="${e(report.from)}"> ${e(t('funnel.to'))} <input type="date" name="to" value="${e(report.to)}"> <button>${e(t('funnel.show'))}</button> <a href="/admin/api/funnel.csv?from=${e(report.from)}&amp;to=${e(report.to)}">CSV</a></form>`;
  const summary = `<p>${e(t('funnel.conversion'))}: <strong>${(report.totals.conversion * 100).toFixed(1)} %</strong> · ${e(t('funnel.averageOrderValue'))}: <strong>${e(money(report.totals.averageOrderValue))}</strong> · ${e(t('funnel.revenue'))}: ${e(money(report.totals.revenue))}</p>`;
  const labels = {
    conversation_started: t('funnel.conversations'),
    recommendations_shown: t('funnel.sawProducts'),
    added_to_cart: t('funnel.addedToCart'),
    checkout_started: t('funnel.checkoutStarted'),
    paid: t('funnel.paid'),
  };
  const headers = (
    [
      'funnel.day',
      'funnel.channel',
      'funnel.conversations',
      'funnel.sawProducts',
      'funnel.addedToCart',
      'funnel.checkout',
      'funnel.paid',
      'funnel.revenue',
    ] as const
  )
    .map((key) => `<th>${e(t(key))}</th>`)
    .join('');
  return layout(
    t('nav.funnel'),
    view,
    `${form}${summary}${funnelSvg(report, labels, t('funnel.chart'))}<table><tr>${headers}</tr>${rows}</table>`,
  );
}

/** The catalog as the database holds it now: live stock (after reservations), prices, search by words. */
export function catalogPage(view: ConsoleView, products: readonly Product[], query: string, total: number): string {
  const { t } = view;
  const form = `<form method="get" action="/console/catalog"><input name="q" value="${e(query)}" placeholder="${e(t('catalog.searchPlaceholder'))}" size="30"> <button>${e(t('catalog.search'))}</button></form>`;
  const rows = products
    .map(
      (product) =>
        `<tr><td>${e(product.id)}</td><td>${e(Object.values(product.title).join(' / '))}</td><td>${e(formatMoney(product.price, product.price.currency === 'JPY' ? 'ja' : 'en'))}</td><td${product.stock === 0 ? ' class="error"' : ''}>${product.stock}</td><td class="muted">${e(product.tags.join(', '))}</td></tr>`,
    )
    .join('');
  const headers = (['catalog.id', 'catalog.productTitle', 'catalog.price', 'catalog.stock', 'catalog.tags'] as const)
    .map((key) => `<th>${e(t(key))}</th>`)
    .join('');
  return layout(
    t('nav.catalog'),
    view,
    `${form}<p class="muted">${e(t('catalog.count', { shown: products.length, total }))}${query ? e(t('catalog.matching', { query })) : ''}; ${e(t('catalog.live'))}</p><table><tr>${headers}</tr>${rows}</table>`,
  );
}
