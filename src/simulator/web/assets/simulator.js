// Kaiwa simulator page: several shoppers side by side, each in a channel skin, and an inspector
// (flow diagram, context, event log per turn) for the shopper in focus. Talks only to /simulator/api.
'use strict';
const $ = (selector, root = document) => root.querySelector(selector);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
// The browser's language, if Intl accepts it (a POSIX locale gives tags like "en-US@posix"; default then).
const pageLocale = (() => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([navigator.language])[0];
  } catch {
    return undefined;
  }
})();
/** The router's decision, as the turn trace keeps it: `route → faq shipping-intl: faq shipping-intl 0.62; catalog products 0.31 (words: tea); intent none`. */
const routeLine = (route) => {
  const parts = route.candidates.map(
    (c) => c.kind + ' ' + c.name + ' ' + Number(c.score).toFixed(2) + (c.matched ? ' (' + c.matched + ')' : ''),
  );
  for (const kind of ['intent', 'faq', 'catalog'])
    if (!route.candidates.some((c) => c.kind === kind)) parts.push(kind + ' none');
  return 'route → ' + route.chosen + ': ' + parts.join('; ');
};
const money = (m) => {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).resolvedOptions()
    .maximumFractionDigits;
  const s = String(Math.abs(m.amount)).padStart(digits + 1, '0');
  const text = (m.amount < 0 ? '-' : '') + (digits ? s.slice(0, -digits) + '.' + s.slice(-digits) : s);
  return new Intl.NumberFormat(pageLocale, { style: 'currency', currency: m.currency }).format(text);
};
const topState = (value) => (value == null ? null : typeof value === 'string' ? value : Object.keys(value)[0]);

const panes = [];
let focused = null;
let diagramAt = null;

function buttons(list, skin) {
  const html = list
    .map((b) => '<button class="choice" data-payload="' + esc(b.payload) + '">' + esc(b.label) + '</button>')
    .join('');
  // WhatsApp shows more than three choices as a list behind one button.
  if (skin === 'whatsapp' && list.length > 3)
    return (
      '<details class="wa-list"><summary>☰ ' +
      esc(list.length) +
      ' options</summary><div class="buttons">' +
      html +
      '</div></details>'
    );
  return '<div class="buttons">' + html + '</div>';
}

function render(reply, skin) {
  switch (reply.type) {
    case 'text':
      return '<div class="bubble">' + esc(reply.text) + '</div>';
    case 'choices':
      return '<div class="bubble">' + esc(reply.text) + '</div>' + buttons(reply.choices, skin);
    case 'products':
      if (reply.detail)
        // A detail view: the image, title, price, full description, options and stock, then the actions.
        return reply.products
          .map(
            (p) =>
              '<div class="card detail" data-product="' +
              esc(p.id) +
              '">' +
              (p.imageUrl ? '<img class="photo" alt="' + esc(p.title) + '" src="' + esc(p.imageUrl) + '">' : '') +
              '<h4>' +
              esc(p.title) +
              '</h4><div class="price">' +
              esc(p.priceLabel || money(p.price)) +
              '</div>' +
              (p.description ? '<p class="description">' + esc(p.description) + '</p>' : '') +
              (p.options ? '<div class="options">' + esc(p.options) + '</div>' : '') +
              (p.stockLabel ? '<div class="stock">' + esc(p.stockLabel) + '</div>' : '') +
              (p.actions.length ? buttons(p.actions, '') : '') +
              '</div>',
          )
          .join('');
      return (
        '<div class="cards">' +
        reply.products
          .map(
            (p) =>
              '<div class="card" data-product="' +
              esc(p.id) +
              '"><h4>' +
              esc(p.title) +
              '</h4><div class="price">' +
              esc(p.priceLabel || money(p.price)) +
              '</div>' +
              (p.options ? '<div class="options">' + esc(p.options) + '</div>' : '') +
              (p.reason ? '<div class="reason">' + esc(p.reason) + '</div>' : '') +
              buttons(p.actions, '') +
              '</div>',
          )
          .join('') +
        '</div>'
      );
    case 'paymentLink':
      return (
        '<div class="bubble">' +
        esc(reply.orderId) +
        '<br><button class="pay" data-url="' +
        esc(reply.url) +
        '">' +
        esc(money(reply.total)) +
        ' — pay / お支払い</button></div>'
      );
    case 'image':
      return '<img alt="' + esc(reply.alt) + '" src="' + esc(reply.url) + '" width="200">';
    case 'handoff':
      return '<div class="system">handoff: ' + esc(reply.reason) + '</div>';
    default:
      return '<div class="bubble"><code>' + esc(JSON.stringify(reply)) + '</code></div>';
  }
}

// Channel skins draw the adapter's own output: what the simulator API returns as `native` for each reply
// (Telegram Bot API calls, LINE message objects, WhatsApp Cloud API bodies, Messenger Send API messages).
// Each request or message is its own bubble; every text drawn is a `.t`, every button row a `.row`.
const textRun = (text, extra) => '<div class="t' + (extra ? ' ' + extra : '') + '">' + esc(text) + '</div>';
const choiceButton = (label, payload, sent) =>
  '<button class="choice" data-payload="' +
  esc(payload) +
  '"' +
  (sent !== undefined && sent !== label ? ' data-text="' + esc(sent) + '"' : '') +
  '>' +
  esc(label) +
  '</button>';
const payButton = (label, url) => '<button class="pay" data-url="' + esc(url) + '">' + esc(label) + '</button>';
const row = (html) => '<div class="row">' + html + '</div>';
const photo = (url, alt) => '<img class="photo" alt="' + esc(alt ?? '') + '" src="' + esc(url) + '">';
const nativeMessage = (html, extra) =>
  '<div class="msg out drawn' + (extra ? ' ' + extra : '') + '">' + html + '</div>';

/** Telegram: one message per Bot API call; the inline keyboard row by row, as `inline_keyboard` has them. */
function telegramCall(call) {
  const p = call.payload ?? {};
  const keyboard = p.reply_markup?.inline_keyboard ?? [];
  const keys = keyboard.length
    ? '<div class="buttons keyboard">' +
      keyboard
        .map((keys) =>
          row(
            keys
              .map((key) => (key.url ? payButton(key.text, key.url) : choiceButton(key.text, key.callback_data)))
              .join(''),
          ),
        )
        .join('') +
      '</div>'
    : '';
  if (call.method === 'sendPhoto')
    return nativeMessage(
      '<div class="bubble tg-photo">' +
        photo(p.photo, p.caption) +
        (p.caption ? textRun(p.caption) : '') +
        '</div>' +
        keys,
    );
  if (call.method === 'sendMessage') return nativeMessage('<div class="bubble">' + textRun(p.text) + '</div>' + keys);
  return nativeMessage('<div class="bubble"><code>' + esc(JSON.stringify(call)) + '</code></div>');
}

/** A LINE Flex component (box, text, button, image, separator), drawn as Flex lays it out. */
function flexComponent(c) {
  switch (c?.type) {
    case 'box':
      return (
        '<div class="flex-box ' +
        esc(c.layout ?? 'vertical') +
        '">' +
        (c.contents ?? []).map(flexComponent).join('') +
        '</div>'
      );
    case 'text':
      return textRun(c.text, 'flex-text size-' + esc(c.size ?? 'md') + (c.weight === 'bold' ? ' bold' : ''));
    case 'button':
      return row(
        c.action?.type === 'uri'
          ? payButton(c.action.label, c.action.uri)
          : choiceButton(c.action?.label, c.action?.data ?? c.action?.text, c.action?.displayText),
      );
    case 'image':
      return photo(c.url, '');
    case 'separator':
      return '<hr class="flex-separator">';
    default:
      return '';
  }
}
const flexBubble = (b) =>
  '<div class="card flex-bubble">' +
  (b.hero ? flexComponent(b.hero) : '') +
  (b.body ? flexComponent(b.body) : '') +
  (b.footer ? '<div class="buttons flex-footer">' + flexComponent(b.footer) + '</div>' : '') +
  '</div>';

/** LINE: each message object of each request; quick replies as pills under their message, Flex bubbles and carousels. */
function lineMessage(m) {
  const quick = m.quickReply?.items?.length
    ? '<div class="buttons quick-reply">' +
      row(
        m.quickReply.items
          .map((i) => choiceButton(i.action.label, i.action.data ?? i.action.text, i.action.displayText))
          .join(''),
      ) +
      '</div>'
    : '';
  switch (m.type) {
    case 'text':
      return nativeMessage('<div class="bubble">' + textRun(m.text) + '</div>' + quick);
    case 'image':
      return nativeMessage(photo(m.previewImageUrl ?? m.originalContentUrl, '') + quick);
    case 'flex': {
      const contents = m.contents ?? {};
      if (contents.type === 'carousel')
        return nativeMessage(
          '<div class="cards">' + (contents.contents ?? []).map(flexBubble).join('') + '</div>' + quick,
        );
      return nativeMessage(flexBubble(contents) + quick);
    }
    default:
      return nativeMessage('<div class="bubble"><code>' + esc(JSON.stringify(m)) + '</code></div>' + quick);
  }
}

/** WhatsApp: each Cloud API message; reply buttons stacked, a list behind its button, a URL button. */
function whatsappMessage(m) {
  const i = m.interactive;
  switch (m.type) {
    case 'text':
      return nativeMessage('<div class="bubble">' + textRun(m.text?.body) + '</div>');
    case 'image':
      return nativeMessage(
        '<div class="bubble wa-photo">' +
          photo(m.image?.link, m.image?.caption) +
          (m.image?.caption ? textRun(m.image.caption) : '') +
          '</div>',
      );
    case 'interactive': {
      const body = '<div class="bubble">' + textRun(i?.body?.text) + '</div>';
      if (i?.type === 'button')
        return nativeMessage(
          body +
            '<div class="buttons">' +
            (i.action?.buttons ?? []).map((b) => row(choiceButton(b.reply.title, b.reply.id))).join('') +
            '</div>',
        );
      if (i?.type === 'list')
        return nativeMessage(
          body +
            '<details class="wa-list"><summary>' +
            esc(i.action?.button) +
            '</summary><div class="buttons">' +
            (i.action?.sections ?? [])
              .flatMap((section) => (section.rows ?? []).map((r) => row(choiceButton(r.title, r.id))))
              .join('') +
            '</div></details>',
        );
      if (i?.type === 'cta_url')
        return nativeMessage(
          body +
            '<div class="buttons">' +
            row(payButton(i.action?.parameters?.display_text, i.action?.parameters?.url)) +
            '</div>',
        );
      return nativeMessage(body);
    }
    default:
      return nativeMessage('<div class="bubble"><code>' + esc(JSON.stringify(m)) + '</code></div>');
  }
}

/** Messenger: each Send API message; quick replies, generic template cards, a button template. */
function messengerMessage(request) {
  const m = request.message ?? request;
  const button = (b) => row(b.type === 'web_url' ? payButton(b.title, b.url) : choiceButton(b.title, b.payload));
  const attachment = m.attachment;
  if (attachment?.type === 'template' && attachment.payload?.template_type === 'generic')
    return nativeMessage(
      '<div class="cards">' +
        (attachment.payload.elements ?? [])
          .map(
            (e) =>
              '<div class="card">' +
              (e.image_url ? photo(e.image_url, e.title) : '') +
              textRun(e.title, 'title') +
              (e.subtitle ? textRun(e.subtitle, 'subtitle') : '') +
              (e.buttons?.length ? '<div class="buttons">' + e.buttons.map(button).join('') + '</div>' : '') +
              '</div>',
          )
          .join('') +
        '</div>',
    );
  if (attachment?.type === 'template' && attachment.payload?.template_type === 'button')
    return nativeMessage(
      '<div class="bubble">' +
        textRun(attachment.payload.text) +
        '</div><div class="buttons">' +
        (attachment.payload.buttons ?? []).map(button).join('') +
        '</div>',
    );
  if (attachment?.type === 'image') return nativeMessage(photo(attachment.payload?.url, ''));
  if (m.text !== undefined)
    return nativeMessage(
      '<div class="bubble">' +
        textRun(m.text) +
        '</div>' +
        (m.quick_replies?.length
          ? '<div class="buttons quick-reply">' +
            row(m.quick_replies.map((q) => choiceButton(q.title, q.payload)).join('')) +
            '</div>'
          : ''),
    );
  return nativeMessage('<div class="bubble"><code>' + esc(JSON.stringify(m)) + '</code></div>');
}

/** A stored reply in a channel skin: the adapter's own requests for it, or (none sent) a note for ops. */
function renderNative(message, skin) {
  const native = message.native;
  if (native.length === 0)
    return message.reply?.type === 'handoff'
      ? '<div class="msg system"><div class="system">handoff: ' +
          esc(message.reply.reason) +
          ' (nothing sent to the shopper)</div></div>'
      : '';
  switch (skin) {
    case 'telegram':
      return native.map(telegramCall).join('');
    case 'line':
      return native
        .flatMap((request) => request.messages ?? [request])
        .map(lineMessage)
        .join('');
    case 'whatsapp':
      return native.map(whatsappMessage).join('');
    case 'messenger':
      return native.map(messengerMessage).join('');
    default:
      return '<div class="msg out">' + render(message.reply, skin) + '</div>';
  }
}

function inbound(event) {
  if (!event) return '';
  if (event.type === 'payment')
    return (
      '<div class="msg system"><div class="system">💳 ' +
      esc(event.payment.provider) +
      ' ' +
      esc(event.payment.status) +
      ' ' +
      esc(event.payment.orderId) +
      '</div></div>'
    );
  const label = event.text ?? '[' + (event.payload ?? event.type) + ']';
  return (
    '<div class="msg in"><div class="bubble">' + (event.payload && event.text ? '▶ ' : '') + esc(label) + '</div></div>'
  );
}

function addPane(user, channel) {
  const section = document.createElement('section');
  section.className = 'pane';
  section.innerHTML =
    '<div class="bar"><input class="user" aria-label="shopper" value="' +
    esc(user) +
    '">' +
    '<select class="channel" aria-label="channel skin"><option value="">plain</option><option value="line">LINE</option><option value="telegram">Telegram</option><option value="whatsapp">WhatsApp</option><option value="messenger">Messenger</option></select>' +
    '<select class="locale" aria-label="language"><option value="">lang</option><option value="ja">日本語</option><option value="en">English</option></select>' +
    '<button class="reset" title="start over as a new shopper">reset</button>' +
    '<button class="save" title="save this conversation as a conversation test (tests/*.yaml) that kaiwa test replays">save as test</button>' +
    '<label title="what the channel API receives"><input type="checkbox" class="api"> API</label>' +
    '<button class="close" title="remove this shopper">×</button></div>' +
    '<form class="save-test" hidden><input class="test-name" aria-label="test name" maxlength="200" autocomplete="off" placeholder="test name, e.g. buys tea and pays">' +
    '<button>save</button><button type="button" class="cancel" title="cancel">×</button></form>' +
    '<div class="saved" role="status"></div>' +
    '<div class="state"></div><div class="log" aria-live="polite"></div><pre class="native"></pre>' +
    '<form class="send"><input class="text" autocomplete="off" placeholder="メッセージ / message"><button>Send</button></form>';
  const pane = { section, shown: '', data: null };
  panes.push(pane);
  $('#panes').appendChild(section);
  const user$ = $('.user', section);
  const channel$ = $('.channel', section);
  channel$.value = channel ?? '';
  section.classList.add('skin-' + (channel$.value || 'plain'));
  pane.user = () => user$.value.trim();
  pane.channel = () => channel$.value;
  section.addEventListener('focusin', () => focus(pane));
  section.addEventListener('click', () => focus(pane));
  user$.addEventListener('change', () => {
    pane.shown = '';
    save();
    refresh(pane);
  });
  channel$.addEventListener('change', () => {
    section.className = section.className.replace(/\bskin-\S+/g, '').trim() + ' skin-' + (channel$.value || 'plain');
    pane.shown = '';
    save();
    refresh(pane);
  });
  $('.locale', section).addEventListener('change', (e) => {
    if (e.target.value)
      send(pane, { payload: 'k1:do:setLocale:' + e.target.value, text: e.target.selectedOptions[0].textContent });
    e.target.value = '';
  });
  $('.api', section).addEventListener('change', (e) => section.classList.toggle('show-native', e.target.checked));
  $('.reset', section).addEventListener('click', async () => {
    const channel = pane.channel();
    await fetch(
      '/simulator/api/conversations/' + encodeURIComponent(pane.user()) + (channel ? '?channel=' + channel : ''),
      { method: 'DELETE' },
    );
    pane.shown = '';
    $('.saved', section).textContent = '';
    refresh(pane);
  });
  const saveForm = $('form.save-test', section);
  $('.save', section).addEventListener('click', () => {
    saveForm.hidden = !saveForm.hidden;
    if (!saveForm.hidden) $('.test-name', section).focus();
  });
  $('.cancel', section).addEventListener('click', () => {
    saveForm.hidden = true;
  });
  $('.test-name', section).addEventListener('keydown', (e) => {
    if (e.key === 'Escape') saveForm.hidden = true;
  });
  saveForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('.test-name', section).value.trim();
    if (name) saveAsTest(pane, name);
  });
  $('.close', section).addEventListener('click', (e) => {
    e.stopPropagation();
    if (panes.length > 1) {
      section.remove();
      panes.splice(panes.indexOf(pane), 1);
      if (focused === pane) focus(panes[0]);
      save();
    }
  });
  $('form.send', section).addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('.text', section);
    const text = input.value.trim();
    if (text) {
      input.value = '';
      send(pane, { text });
    }
  });
  // A product photo that cannot be loaded (an offline demo, a catalog URL gone) is hidden, not drawn broken.
  $('.log', section).addEventListener(
    'error',
    (e) => {
      if (e.target.matches?.('img.photo')) e.target.hidden = true;
    },
    true,
  );
  $('.log', section).addEventListener('click', (e) => {
    const choice = e.target.closest('button.choice');
    // The label is what the shopper's message reads (LINE's displayText where it differs).
    if (choice) return send(pane, { payload: choice.dataset.payload, text: choice.dataset.text ?? choice.textContent });
    const pay = e.target.closest('button.pay');
    if (pay) openCheckout(pay.dataset.url);
  });
  focus(pane);
  refresh(pane);
  return pane;
}

function focus(pane) {
  if (focused === pane) return;
  focused = pane;
  for (const other of panes) other.section.classList.toggle('focused', other === pane);
  inspect();
}

async function send(pane, body) {
  const channel = pane.channel();
  const res = await fetch('/simulator/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: pane.user(), ...(channel ? { channel } : {}), ...body }),
  });
  const data = await res.json();
  if (!res.ok) alert(data.error?.message ?? res.statusText);
  $('.native', pane.section).textContent = data.native
    ? JSON.stringify(data.native, null, 2)
    : '(pick a channel skin to see its API requests)';
  await refresh(pane);
}

// Save as test: the pane's conversation (as its skin shows it) becomes tests/<name>.yaml in the shop folder.
async function saveAsTest(pane, name) {
  const status = $('.saved', pane.section);
  const channel = pane.channel();
  status.className = 'saved';
  status.textContent = 'saving…';
  try {
    const res = await fetch('/simulator/api/tests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: pane.user(), ...(channel ? { channel } : {}), name }),
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error?.message ?? res.statusText);
    status.textContent = 'saved ' + data.file + ' (' + data.steps + ' steps): kaiwa test replays it';
    status.classList.add('ok');
    $('form.save-test', pane.section).hidden = true;
    $('.test-name', pane.section).value = '';
  } catch (error) {
    status.textContent = 'not saved: ' + error.message;
    status.classList.add('error');
  }
}

async function refresh(pane) {
  const channel = pane.channel();
  const res = await fetch(
    '/simulator/api/conversations/' + encodeURIComponent(pane.user()) + (channel ? '?channel=' + channel : ''),
  );
  if (!res.ok) return;
  const data = await res.json();
  pane.data = data;
  $('.state', pane.section).textContent =
    'state: ' +
    (topState(data.state) ?? '—') +
    (data.context
      ? ' · ' + data.context.locale + ' · cart ' + data.context.cart.reduce((n, l) => n + l.quantity, 0)
      : '');
  const key = JSON.stringify(data.messages.length) + channel + (data.messages.at(-1)?.at ?? '');
  if (key !== pane.shown) {
    pane.shown = key;
    const log = $('.log', pane.section);
    log.innerHTML = data.messages
      .map((m) =>
        m.direction === 'in'
          ? inbound(m.event)
          : channel && Array.isArray(m.native)
            ? renderNative(m, channel)
            : '<div class="msg out">' + render(m.reply, channel) + '</div>',
      )
      .join('');
    log.scrollTop = log.scrollHeight;
  }
  if (pane === focused) inspect();
}

async function loadDiagram(force) {
  const status = await (await fetch('/simulator/api/status')).json();
  const reload = status.reload;
  const banner = $('#reload');
  if (reload && !reload.ok) {
    banner.textContent =
      'Shop files have problems; still serving the last good version:\n' +
      reload.issues.map((i) => i.pos.file + ':' + i.pos.line + ':' + i.pos.column + ': ' + i.message).join('\n');
    banner.style.display = 'block';
  } else banner.style.display = 'none';
  const at = reload?.at ?? 'start';
  if (!force && at === diagramAt) return;
  diagramAt = at;
  const res = await fetch('/simulator/api/diagram');
  if (!res.ok) return;
  const diagram = await res.json();
  $('#diagram').innerHTML = diagram.svg;
  $('#global').textContent = diagram.global.length
    ? 'from any state: ' + diagram.global.map((g) => g.event + ' → ' + g.to).join(' · ')
    : '';
  inspect();
}

function inspect() {
  const pane = focused;
  $('#who').textContent = pane ? pane.user() : '';
  const data = pane?.data;
  const current = topState(data?.state);
  const turns = [];
  for (const m of data?.messages ?? []) {
    if (m.direction === 'in') turns.push({ at: m.at, event: m.event, trace: m.trace, replies: [] });
    else turns.at(-1)?.replies.push(m.reply);
  }
  const last = [...turns].reverse().find((t) => t.trace);
  for (const g of document.querySelectorAll('#diagram g.state')) {
    g.classList.toggle('current', g.dataset.state === current);
    g.classList.toggle('previous', !!last?.trace && g.dataset.state === last.trace.from && last.trace.from !== current);
  }
  for (const p of document.querySelectorAll('#diagram path.edge'))
    p.classList.toggle('taken', !!last?.trace && p.dataset.from === last.trace.from && p.dataset.to === last.trace.to);
  $('#context').textContent = data?.context ? JSON.stringify(data.context, null, 1) : '(no conversation yet)';
  $('#events').innerHTML = turns
    .reverse()
    .map((t) => {
      const tr = t.trace;
      const what =
        t.event?.type === 'payment'
          ? 'payment ' + t.event.payment.provider + ' ' + t.event.payment.status + ' ' + money(t.event.payment.amount)
          : t.event?.type + ' ' + JSON.stringify(t.event?.payload ?? t.event?.text ?? '');
      const lines = [];
      if (tr) {
        lines.push(
          (tr.from ?? '(new)') + ' → ' + tr.to + (tr.flowEvent ? '  on ' + tr.flowEvent : '') + '  ' + tr.ms + ' ms',
        );
        if (tr.route) lines.push(esc(routeLine(tr.route)));
        for (const a of tr.actions) lines.push('do ' + a.name + ' ' + a.ms + ' ms' + (a.failed ? ' FAILED' : ''));
        for (const c of tr.calls)
          lines.push(
            '<span class="llm">' +
              esc(
                c.kind +
                  ' ' +
                  c.name +
                  ' ' +
                  c.ms +
                  ' ms ' +
                  c.outcome +
                  (c.tokens ? ' · ' + c.tokens.input + '+' + c.tokens.output + ' tokens' : '') +
                  (c.model ? ' · ' + c.model : ''),
              ) +
              '</span>',
          );
      }
      lines.push('replies: ' + (t.replies.map((r) => r.type).join(', ') || 'none'));
      return (
        '<div class="turn' +
        (t.event?.type === 'payment' ? ' payment' : '') +
        '"><div class="head">' +
        esc(new Date(t.at).toLocaleTimeString()) +
        ' ' +
        esc(what) +
        '</div>' +
        lines.map((l) => '<div class="line">' + (l.startsWith('<span') ? l : esc(l)) + '</div>').join('') +
        '</div>'
      );
    })
    .join('');
}

// Demo payments open inside the page (this server serves them, whatever PUBLIC_URL says); other providers' pages in a new tab.
function openCheckout(url) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin && !target.pathname.startsWith('/checkout/demo/'))
    return window.open(target.href, '_blank', 'noopener');
  $('#checkout iframe').src = target.pathname + target.search;
  $('#checkout').classList.add('open');
}

function save() {
  localStorage.setItem(
    'kaiwa.simulator.panes',
    JSON.stringify(panes.map((p) => ({ user: p.user(), channel: p.channel() }))),
  );
}

$('#add').addEventListener('click', () => {
  addPane('shopper-' + (panes.length + 1), '');
  save();
});
$('#checkout .close').addEventListener('click', () => {
  $('#checkout').classList.remove('open');
  $('#checkout iframe').src = 'about:blank';
});
let saved = [];
try {
  saved = JSON.parse(localStorage.getItem('kaiwa.simulator.panes') ?? '[]');
} catch {
  saved = [];
}
if (!Array.isArray(saved) || saved.length === 0) saved = [{ user: 'web-shopper', channel: '' }];
for (const p of saved) addPane(p.user, p.channel);
focus(panes[0]);
loadDiagram(true);
setInterval(() => {
  for (const pane of panes) refresh(pane);
  loadDiagram(false);
}, 1500);
