/** The console's only script, served from /console/app.js: the handoff buttons and the order actions, through the JSON API. */
export const consoleScript = `
// The page's language's texts for what this script says, from the body's data-t-* attributes (src/console/html.ts).
const say = (key, values) => (document.body.dataset[key] || '').replace(/\\{(\\w+)\\}/g, (whole, name) => (values && name in values ? values[name] : whole));
const status = (text, error) => { const el = document.getElementById('status'); if (el) { el.textContent = text; el.className = error ? 'error' : 'muted'; } };
const post = async (url, body) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}), credentials: 'same-origin' });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
  return data;
};
const form = document.getElementById('reply');
if (form) {
  const api = form.dataset.api;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.elements.text.value.trim();
    if (!text) return;
    try { await post(api + '/messages', { text }); form.elements.text.value = ''; status(say('tSent')); setTimeout(() => location.reload(), 500); } catch (error) { status(error.message, true); }
  });
  document.getElementById('release').addEventListener('click', async () => {
    try { await post(api + '/release'); status(say('tReleased')); setTimeout(() => location.reload(), 300); } catch (error) { status(error.message, true); }
  });
}
// Order actions: a button opens its confirmation panel; only Confirm there acts (through the admin API).
for (const button of document.querySelectorAll('[data-opens]')) button.addEventListener('click', () => {
  for (const panel of document.querySelectorAll('form.confirm')) panel.hidden = panel.id !== button.dataset.opens;
});
for (const button of document.querySelectorAll('[data-closes]')) button.addEventListener('click', () => {
  document.getElementById(button.dataset.closes).hidden = true;
});
for (const panel of document.querySelectorAll('form.confirm')) panel.addEventListener('submit', async (event) => {
  event.preventDefault();
  const carrier = panel.elements.carrier ? panel.elements.carrier.value : '';
  const tracking = panel.elements.tracking ? panel.elements.tracking.value.trim() : '';
  const body = carrier || tracking ? { carrier, tracking } : {};
  for (const control of panel.querySelectorAll('button')) control.disabled = true;
  try {
    const data = await post(panel.dataset.api, body);
    status(data.warning ? say('tDonewarning', { warning: data.warning }) : say('tDone', { status: data.order.status }), !!data.warning);
    setTimeout(() => location.reload(), data.warning ? 4000 : 800);
  } catch (error) {
    status(error.message, true);
    for (const control of panel.querySelectorAll('button')) control.disabled = false;
  }
});
const takeover = document.getElementById('takeover');
if (takeover) takeover.addEventListener('click', async () => {
  try { await post(takeover.dataset.api + '/handoff', { reason: 'taken over from the console' }); location.reload(); } catch (error) { status(error.message, true); }
});
`;
