import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { renderTelegramReplies } from '../../src/channels/telegram/render.js';
import { launchBrowser, serveCatalogImages, serveShop, type ServedShop } from '../support/browser.js';

// The example shop as `kaiwa start` serves it; each skin's pane drawn in Chromium, compared with the adapters' requests.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'browser-skins-'));
let shop: ServedShop;
let browser: Browser;
let base: string;

beforeAll(async () => {
  shop = await serveShop(work);
  base = shop.base;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** What a shopper sees of one message: its texts, and its buttons row by row. */
type Drawn = { texts: string[]; rows: string[][] };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The texts and button rows of one adapter request (or LINE message object), as the platform shows them. */
const expected: Record<string, (item: Json) => Drawn> = {
  telegram: ({ payload }) => ({
    texts: [payload.text ?? payload.caption].filter((text) => text !== undefined),
    rows: (payload.reply_markup?.inline_keyboard ?? []).map((row: Json[]) => row.map((key) => key.text)),
  }),
  line: (message) => {
    const drawn: Drawn = { texts: [], rows: [] };
    const walk = (component: Json | undefined): void => {
      if (!component) return;
      if (component.type === 'text') drawn.texts.push(component.text);
      if (component.type === 'button') drawn.rows.push([component.action.label]);
      for (const child of component.contents ?? []) walk(child);
    };
    const bubble = (b: Json) => [b.hero, b.body, b.footer].forEach(walk);
    if (message.type === 'text') drawn.texts.push(message.text);
    if (message.type === 'flex')
      if (message.contents.type === 'carousel') message.contents.contents.forEach(bubble);
      else bubble(message.contents);
    if (message.quickReply) drawn.rows.push(message.quickReply.items.map((item: Json) => item.action.label));
    return drawn;
  },
  whatsapp: (message) => {
    const i = message.interactive;
    if (message.type === 'text') return { texts: [message.text.body], rows: [] };
    if (message.type === 'image') return { texts: message.image.caption ? [message.image.caption] : [], rows: [] };
    const rows: string[][] =
      i.type === 'button'
        ? i.action.buttons.map((button: Json) => [button.reply.title])
        : i.type === 'list'
          ? i.action.sections.flatMap((section: Json) => section.rows.map((row: Json) => [row.title]))
          : [[i.action.parameters.display_text]];
    return { texts: [i.body.text], rows };
  },
  messenger: ({ message }) => {
    const payload = message.attachment?.payload;
    if (payload?.template_type === 'generic')
      return {
        texts: payload.elements.flatMap((e: Json) => [e.title, ...(e.subtitle ? [e.subtitle] : [])]),
        rows: payload.elements.flatMap((e: Json) => (e.buttons ?? []).map((b: Json) => [b.title])),
      };
    if (payload?.template_type === 'button')
      return { texts: [payload.text], rows: payload.buttons.map((b: Json) => [b.title]) };
    if (message.attachment) return { texts: [], rows: [] };
    return {
      texts: [message.text],
      rows: message.quick_replies ? [message.quick_replies.map((q: Json) => q.title)] : [],
    };
  },
};

type Message = { direction: string; reply?: Reply; native?: Json[] };
const conversation = async (user: string, channel: string) =>
  (await (await fetch(`${base}/simulator/api/conversations/${user}?channel=${channel}`)).json()) as {
    messages: Message[];
  };

/** Chats through every reply type the example shop has, by the API as the page does: the stored replies. */
async function chat(user: string, channel: string): Promise<void> {
  let last: Reply[] = [];
  const post = async (body: Record<string, string>) => {
    const response = await fetch(`${base}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, channel, ...body }),
    });
    expect(response.status).toBe(200);
    last = ((await response.json()) as { replies: Reply[] }).replies;
  };
  const press = (label: string) => {
    const button = last
      .flatMap((r) => (r.type === 'choices' ? r.choices : r.type === 'products' ? r.products[0]!.actions : []))
      .find((choice) => choice.label === label);
    if (!button) throw new Error(`no button "${label}"`);
    return post({ payload: button.payload, text: button.label });
  };
  await post({ text: 'こんにちは' }); // choices
  await press('おすすめを見る'); // products
  await press('詳細'); // a product's details
  await press('カートに入れる'); // text and choices
  await post({ text: '購入します' }); // paymentLink
  await post({ text: '担当者と話したい' }); // handoff
}

/** The pane's drawn messages: each adapter request is one `.msg.out.drawn`. */
const drawnMessages = (page: Page) =>
  page
    .locator('.pane')
    .first()
    .locator('.log .msg.out.drawn')
    .evaluateAll((elements) =>
      (
        elements as unknown as { querySelectorAll(s: string): { textContent: string | null }[] & Iterable<never> }[]
      ).map((element) => ({
        texts: [...(element.querySelectorAll('.t') as unknown as { textContent: string }[])].map((t) => t.textContent),
        rows: [
          ...(element.querySelectorAll('.row') as unknown as {
            querySelectorAll(s: string): { textContent: string }[];
          }[]),
        ].map((row) => [...row.querySelectorAll('button')].map((button) => button.textContent)),
      })),
    );

async function openPane(user: string, channel: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await serveCatalogImages(page);
  await page.goto(`${base}/simulator`);
  await page.evaluate(
    `localStorage.setItem('kaiwa.simulator.panes', ${JSON.stringify(JSON.stringify([{ user, channel }]))})`,
  );
  await page.reload();
  await page.locator('.pane .log .msg.out.drawn').first().waitFor();
  return { page, errors };
}

describe('channel skins draw what the adapters send', () => {
  for (const channel of ['telegram', 'line', 'whatsapp', 'messenger']) {
    it(`${channel}: every reply type's texts and buttons, row by row, are the adapter's request bodies`, async () => {
      const user = `faithful-${channel}`;
      await chat(user, channel);
      const { messages } = await conversation(user, channel);
      const out = messages.filter((message) => message.direction === 'out');
      const types = new Set(out.map((message) => message.reply!.type));
      for (const type of ['text', 'choices', 'products', 'paymentLink', 'handoff']) expect(types).toContain(type);
      expect(out.some((message) => message.reply?.type === 'products' && message.reply.detail)).toBe(true);
      const requests = out
        .flatMap((message) => message.native ?? [])
        .flatMap((request) => (channel === 'line' ? (request.messages as Json[]) : [request]));
      const { page, errors } = await openPane(user, channel);
      await expect.poll(async () => (await drawnMessages(page)).length).toBe(requests.length);
      expect(await drawnMessages(page)).toEqual(requests.map((request) => expected[channel]!(request)));
      // The handoff is for the merchant's inbox: nothing drawn in the chat but a note for ops.
      expect(await page.locator('.pane .log .msg.system').last().textContent()).toContain(
        'nothing sent to the shopper',
      );
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: `test-artifacts/simulator-skin-${channel}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('telegram: one key per row, the 💳 pay button as the adapter labels it, and products as separate photo messages', async () => {
    const user = 'faithful-telegram';
    const { messages } = await conversation(user, 'telegram');
    const replies = messages.filter((message) => message.direction === 'out').map((message) => message.reply!);
    // What the API returns is the adapter's own renderer's output.
    for (const [index, message] of messages.filter((m) => m.direction === 'out').entries())
      expect(message.native).toEqual(renderTelegramReplies('<chat_id>', [replies[index]!]));
    const { page, errors } = await openPane(user, 'telegram');
    const pane = page.locator('.pane').first();
    const welcome = pane.locator('.keyboard').first();
    const welcomeCall = messages.find((m) => m.reply?.type === 'choices')!.native![0]!;
    const keys = welcomeCall.payload.reply_markup.inline_keyboard as { text: string }[][];
    expect(keys.every((row) => row.length === 1)).toBe(true);
    expect(await welcome.locator('.row').count()).toBe(keys.length);
    for (const [index, row] of keys.entries())
      expect(await welcome.locator('.row').nth(index).locator('button').allTextContents()).toEqual(
        row.map((key) => key.text),
      );
    const payCall = messages.find((m) => m.reply?.type === 'paymentLink')!.native![0]!;
    const payLabel = payCall.payload.reply_markup.inline_keyboard[0][0].text as string;
    expect(payLabel).toMatch(/^💳 ￥[\d,]+$/);
    expect(await pane.locator('button.pay').last().textContent()).toBe(payLabel);
    const products = messages.find((m) => m.reply?.type === 'products' && !m.reply.detail)!;
    const photos = products.native!.filter((call) => call.method === 'sendPhoto').length;
    expect(photos).toBe((products.reply as { products: unknown[] }).products.length);
    expect(await pane.locator('.cards').count()).toBe(0); // no carousel: Telegram has none
    expect(await pane.locator('.tg-photo').count()).toBeGreaterThanOrEqual(photos);
    expect(errors).toEqual([]);
    await page.close();
  });
});
