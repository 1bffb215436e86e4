import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address, Clock, Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-conversations-'));
// 2026-11-22 23:30 in Tokyo is 14:30 UTC.
const clock: Clock = { now: () => new Date('2026-11-22T14:30:00Z') };
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

const line = (id: string): Address => ({ channel: 'line', conversationId: id, userId: id });
const minute = (n: number) => new Date(Date.parse('2026-11-20T01:00:00Z') + n * 60_000).toISOString();

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    clock,
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
  // 55 LINE conversations, each a shopper's question and the bot's answer; conversation 54 is the newest.
  for (let n = 0; n < 55; n++) {
    const address = line(`U${String(n).padStart(3, '0')}`);
    await kaiwa.store.transcript.append(address, [
      {
        direction: 'in',
        at: minute(n),
        event: { id: `e${n}`, type: 'text', text: `question ${n}`, address, receivedAt: minute(n) },
      },
      { direction: 'out', at: minute(n), reply: { type: 'text', text: n === 7 ? '送料は500円です' : `answer ${n}` } },
    ]);
  }
  // A shopper who writes HTML, and whose conversation id holds some too.
  const hostile = line('<img src=x onerror=alert(1)>');
  await kaiwa.store.transcript.append(hostile, [
    {
      direction: 'in',
      at: minute(60),
      event: {
        id: 'h1',
        type: 'text',
        text: '<script>alert("x")</script> & more',
        address: hostile,
        receivedAt: minute(60),
      },
    },
  ]);
}, 60_000);
afterAll(async () => {
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = async (user: string, message: { text?: string; payload?: string }) =>
  (
    (await (
      await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, ...message }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;
const page = async (query = '', headers: Record<string, string> = {}) => {
  const response = await app.request(`/console/conversations${query}`, { headers });
  expect(response.status).toBe(200);
  return response.text();
};
/** The conversation keys a page lists, in order. */
const keys = (html: string) =>
  [...html.matchAll(/<tr><td><a href="\/console\/conversations\/[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);

describe('the console’s conversations list', () => {
  it('lists every conversation newest activity first, 50 a page, with its last message and time in the shop’s zone', async () => {
    const first = await page('?lang=en');
    const listed = keys(first);
    expect(listed).toHaveLength(50);
    expect(listed[0]).toBe('line:&lt;img src=x onerror=alert(1)&gt;');
    expect(listed[1]).toBe('line:U054');
    expect(first).toContain('answer 54');
    // 01:54 UTC is 10:54 in Tokyo.
    expect(first).toContain('last activity (Asia/Tokyo)');
    expect(first).toContain('2026-11-20 10:54');
    expect(first).toContain('href="/console/conversations/line/U054"');
    expect(first).toContain('rel="next"');
    expect(first).not.toContain('rel="prev"');
    const second = await page('?page=2&lang=en');
    expect(keys(second)).toEqual(['line:U005', 'line:U004', 'line:U003', 'line:U002', 'line:U001', 'line:U000']);
    expect(second).toContain('rel="prev"');
    expect(second).not.toContain('rel="next"');
    expect(keys(await page('?page=3'))).toEqual([]);
    // A page that is no number is the first.
    expect(keys(await page('?page=abc'))).toHaveLength(50);
  });

  it('filters by channel and searches what shoppers and the bot wrote and the conversation id, keeping the filters across pages', async () => {
    await send('conv-buyer', { text: 'こんにちは' });
    const simulator = await page('?channel=simulator&lang=en');
    expect(keys(simulator)).toEqual(['simulator:conv-buyer']);
    expect(simulator).toContain('<option selected>simulator</option>');
    expect(keys(await page('?q=question%2012'))).toEqual(['line:U012']);
    expect(keys(await page(`?q=${encodeURIComponent('500円')}`))).toEqual(['line:U007']);
    expect(keys(await page('?q=U05'))).toEqual(['line:U054', 'line:U053', 'line:U052', 'line:U051', 'line:U050']);
    expect(keys(await page('?q=QUESTION%2012'))).toEqual(['line:U012']);
    expect(keys(await page('?channel=simulator&q=question'))).toEqual([]);
    const none = await page('?q=nothing-like-this&lang=en');
    expect(none).toContain('No conversations match.');
    // The older page keeps the channel and the words.
    const answers = await page('?channel=line&q=answer&lang=en');
    expect(keys(answers)).toHaveLength(50);
    expect(answers).toContain('href="/console/conversations?channel=line&amp;q=answer&amp;page=2" rel="next"');
    expect(keys(await page('?channel=line&q=answer&page=2'))).toHaveLength(4);
  });

  it('shows whether a person has the conversation and its orders, each linked', async () => {
    await send('conv-buyer', { payload: 'k1:do:addToCart:tea-mugicha' });
    const link = (await send('conv-buyer', { payload: 'k1:do:checkout' })).find(
      (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
    )!;
    await kaiwa.store.handoffs.open(line('U010'), 'asked for a person', minute(100));
    const html = await page('?lang=en');
    const row = (key: string) => html.slice(html.indexOf(`>${key}</a>`)).split('</tr>')[0]!;
    expect(keys(html)[0]).toBe('simulator:conv-buyer');
    expect(row('simulator:conv-buyer')).toContain(`href="/console/orders/${link.orderId}"`);
    expect(row('simulator:conv-buyer')).toContain('awaiting_payment');
    expect(row('simulator:conv-buyer')).toContain('<td>bot</td>');
    expect(row('line:U010')).toContain('<strong>handed off</strong>');
    // The conversation page lists the orders too.
    const conversation = await (await app.request('/console/conversations/simulator/conv-buyer?lang=en')).text();
    expect(conversation).toContain(`<a href="/console/orders/${link.orderId}">${link.orderId}</a>`);
    await kaiwa.store.handoffs.release('line:U010');
  });

  it('escapes what a shopper wrote and their conversation id: no HTML gets in', async () => {
    const html = await page(`?q=${encodeURIComponent('<script>')}&lang=en`);
    expect(keys(html)).toEqual(['line:&lt;img src=x onerror=alert(1)&gt;']);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="/console/conversations/line/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"');
    // What the merchant typed comes back escaped in the form, and a made-up channel too.
    const typed = await page(`?q=${encodeURIComponent('"><b>')}&channel=${encodeURIComponent('<i>')}`);
    expect(typed).toContain('value="&quot;&gt;&lt;b&gt;"');
    expect(typed).toContain('<option selected>&lt;i&gt;</option>');
    expect(typed).not.toContain('<b>');
    expect(typed).not.toContain('<i>');
    const conversation = await (
      await app.request(`/console/conversations/line/${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
    ).text();
    expect(conversation).not.toContain('<img');
    expect(conversation).not.toContain('<script>alert');
  });

  it('speaks the shop’s default language (Japanese here), another by ?lang=, remembered in a cookie', async () => {
    const ja = await page();
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('<h1>会話</h1>');
    expect(ja).toContain('最終更新（Asia/Tokyo）');
    expect(ja).toContain('>古い会話 →</a>');
    expect(ja).toContain('<a href="/console/conversations?lang=en" lang="en" hreflang="en">English</a>');
    const english = await app.request('/console/conversations?channel=line&lang=en');
    const cookie = english.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kaiwa_console_lang=en;/);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const html = await english.text();
    expect(html).toContain('<html lang="en">');
    // The language link keeps the page and its filters.
    expect(html).toContain(
      '<a href="/console/conversations?channel=line&amp;lang=ja" lang="ja" hreflang="ja">日本語</a>',
    );
    const remembered = await page('', { cookie: 'kaiwa_console_lang=en' });
    expect(remembered).toContain('<h1>Conversations</h1>');
    expect(await page('', { cookie: 'kaiwa_console_lang=fr' })).toContain('<h1>会話</h1>');
    // Every page of the console, in Japanese, and its navigation links the conversations list.
    for (const path of ['/console', '/console/orders', '/console/catalog', '/console/funnel']) {
      const other = await (await app.request(path)).text();
      expect(other, path).toContain('<html lang="ja">');
      expect(other, path).toContain('<a href="/console/conversations">会話</a>');
    }
    expect(await (await app.request('/console/orders')).text()).toContain('<th>作成日時（Asia/Tokyo）</th>');
    expect(await (await app.request('/console')).text()).toContain('担当者を待っている会話はありません。');
  });
});
