/**
 * The browser simulator: one self-contained page over the simulator JSON API. It renders every
 * reply kind, previews a channel's limits, and shows replies that arrive later (payments).
 */
export function simulatorHtml(shopName: string): string {
  const name = shopName.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Kaiwa simulator — ${name}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#eef1f4;color:#1d2329}
header{display:flex;gap:.6rem;align-items:center;padding:.6rem 1rem;background:#1d2329;color:#fff;flex-wrap:wrap}
header input,header select{padding:.25rem .4rem}
main{max-width:760px;margin:0 auto;padding:1rem;padding-bottom:5rem}
.msg{margin:.4rem 0;display:flex}.msg.in{justify-content:flex-end}
.bubble{max-width:80%;padding:.5rem .75rem;border-radius:12px;background:#fff;white-space:pre-wrap;box-shadow:0 1px 2px #0002}
.in .bubble{background:#c7f0c2}
.buttons{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.4rem}
button.choice{border:1px solid #2a7;background:#fff;color:#185;border-radius:14px;padding:.2rem .6rem;cursor:pointer}
.cards{display:flex;gap:.5rem;overflow-x:auto;max-width:100%}
.card{min-width:190px;max-width:210px;background:#fff;border-radius:10px;padding:.6rem;box-shadow:0 1px 2px #0002}
.card h4{margin:.1rem 0 .3rem;font-size:.95rem}.price{font-weight:600}.reason{color:#667;font-size:.8rem}
.pay{display:inline-block;margin-top:.3rem;background:#185;color:#fff;padding:.35rem .8rem;border-radius:6px;text-decoration:none}
form.send{position:fixed;bottom:0;left:0;right:0;display:flex;gap:.5rem;padding:.7rem;background:#fff;border-top:1px solid #ccd}
form.send input{flex:1;padding:.5rem;font-size:1rem}
.state{font-size:.8rem;color:#9ab}
#nativebox{display:none;max-width:760px;margin:0 auto 5rem;padding:0 1rem}#nativebox pre{background:#1d2329;color:#cfe;padding:.6rem;overflow:auto;max-height:18rem;font-size:12px}
#reload{display:none;background:#fde8e8;color:#8a1c1c;padding:.5rem 1rem;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace}
</style></head><body>
<header><strong>${name}</strong> <span>simulator</span>
<label>shopper <input id="user" value="web-shopper" size="12"></label>
<label>channel <select id="channel"><option value="">(no limits)</option><option>line</option><option>telegram</option><option>whatsapp</option><option>messenger</option></select></label>
<span class="state" id="state"></span></header>
<div id="reload" role="alert"></div>
<main id="log" aria-live="polite"></main>
<details id="nativebox"><summary>What the channel's API receives (the adapter's own renderer)</summary><pre id="native"></pre></details>
<form class="send" id="form"><input id="text" autocomplete="off" placeholder="メッセージ / message" autofocus><button>Send</button></form>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
const yen = (m) => { const e = new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).resolvedOptions().maximumFractionDigits; const s = String(Math.abs(m.amount)).padStart(e + 1, '0'); return new Intl.NumberFormat(navigator.language, { style: 'currency', currency: m.currency }).format((m.amount < 0 ? '-' : '') + (e ? s.slice(0, -e) + '.' + s.slice(-e) : s)); };
function buttons(list) { return '<div class="buttons">' + list.map((b) => '<button class="choice" data-payload="' + esc(b.payload) + '">' + esc(b.label) + '</button>').join('') + '</div>'; }
function render(reply) {
  switch (reply.type) {
    case 'text': return esc(reply.text);
    case 'choices': return esc(reply.text) + buttons(reply.choices);
    case 'products': return '<div class="cards">' + reply.products.map((p) => '<div class="card" data-product="' + esc(p.id) + '"><h4>' + esc(p.title) + '</h4><div class="price">' + esc(yen(p.price)) + '</div>' + (p.reason ? '<div class="reason">' + esc(p.reason) + '</div>' : '') + buttons(p.actions) + '</div>').join('') + '</div>';
    case 'paymentLink': return '<a class="pay" target="_blank" rel="noopener" href="' + esc(reply.url) + '">' + esc(yen(reply.total)) + ' — pay / お支払い</a>';
    case 'image': return '<img alt="' + esc(reply.alt) + '" src="' + esc(reply.url) + '" width="200">';
    case 'handoff': return '<em>handoff: ' + esc(reply.reason) + '</em>';
    default: return '<code>' + esc(JSON.stringify(reply)) + '</code>';
  }
}
let shown = -1;
async function reloadBanner() {
  const res = await fetch('/simulator/api/status');
  if (!res.ok) return;
  const { reload } = await res.json();
  const banner = $('reload');
  if (reload && !reload.ok) {
    banner.textContent = 'Shop files have problems; still serving the last good version:\\n' + reload.issues.map((i) => i.pos.file + ':' + i.pos.line + ':' + i.pos.column + ': ' + i.message).join('\\n');
    banner.style.display = 'block';
  } else banner.style.display = 'none';
}
async function refresh() {
  reloadBanner();
  const res = await fetch('/simulator/api/conversations/' + encodeURIComponent($('user').value));
  if (!res.ok) return;
  const data = await res.json();
  $('state').textContent = 'state: ' + JSON.stringify(data.state);
  if (data.messages.length === shown) return;
  shown = data.messages.length;
  $('log').innerHTML = data.messages.map((m) => m.direction === 'in'
    ? '<div class="msg in"><div class="bubble">' + (m.event?.payload && m.event?.text ? '▶ ' : '') + esc(m.event?.text ?? ('[' + (m.event?.payload ?? m.event?.type) + ']')) + '</div></div>'
    : '<div class="msg out"><div class="bubble">' + render(m.reply) + '</div></div>').join('');
  window.scrollTo(0, document.body.scrollHeight);
}
async function send(body) {
  const channel = $('channel').value;
  const res = await fetch('/simulator/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: $('user').value, ...(channel ? { channel } : {}), ...body }) });
  const data = await res.json();
  if (!res.ok) alert(data.error?.message ?? res.statusText);
  $('nativebox').style.display = data.native ? 'block' : 'none';
  if (data.native) $('native').textContent = JSON.stringify(data.native, null, 2);
  await refresh();
}
$('form').addEventListener('submit', (e) => { e.preventDefault(); const text = $('text').value.trim(); if (text) { $('text').value = ''; send({ text }); } });
$('log').addEventListener('click', (e) => { const b = e.target.closest('button.choice'); if (b) send({ payload: b.dataset.payload, text: b.textContent }); });
$('user').addEventListener('change', () => { shown = -1; refresh(); });
refresh(); setInterval(refresh, 2000);
</script></body></html>`;
}
