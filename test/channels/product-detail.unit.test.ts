import { describe, expect, it } from 'vitest';
import { renderBotFrameworkReplies } from '../../src/channels/botframework/render.js';
import { renderInstagramReplies } from '../../src/channels/instagram/render.js';
import { renderLineMessages } from '../../src/channels/line/render.js';
import { renderMessengerReplies } from '../../src/channels/messenger/render.js';
import { renderTelegramReplies } from '../../src/channels/telegram/render.js';
import { renderWhatsAppWebReplies } from '../../src/channels/whatsapp-web/render.js';
import { renderWhatsAppReplies } from '../../src/channels/whatsapp/render.js';
import { renderForTerminal } from '../../src/cli/terminal-render.js';
import type { ProductCard, Reply } from '../../src/core/index.js';

// A product's detail view (the Details button, `do: showProduct`) as each platform's request bodies.
const description =
  '一番茶の茎だけを浅く焙じた、金沢の香ばしく軽やかな棒ほうじ茶。カフェインが少なめで、食後の一杯にぴったりです。';
const addToCart = { label: '種類を選ぶ', payload: 'k1:do:chooseVariant:hojicha-kaga', action: 'chooseVariant' };
const card: ProductCard = {
  id: 'hojicha-kaga',
  title: '加賀棒ほうじ茶',
  description,
  price: { amount: 1800, currency: 'JPY' },
  priceLabel: '￥1,800〜',
  stock: 17,
  stockLabel: '在庫あり（17点）',
  imageUrl: 'https://images.example.com/sawa/tea-hojicha-kaga.jpg',
  options: '内容量：200g, 500g',
  actions: [addToCart],
};
/** Sold out, no image, no button: the detail still shows what the product is. */
const soldOut: ProductCard = {
  id: 'tea-sakura',
  title: 'Sakura Blossom Tea',
  description: 'Double cherry blossoms from Hadano pickled in salt and plum vinegar.',
  price: { amount: 1200, currency: 'JPY' },
  stock: 0,
  stockLabel: 'Sold out',
  actions: [],
};
const detail = (...products: ProductCard[]): Reply[] => [{ type: 'products', products, detail: true }];
const caption = `加賀棒ほうじ茶\n￥1,800〜\n${description}\n内容量：200g, 500g\n在庫あり（17点）`;
/** A description longer than a Telegram caption or a WhatsApp body (1024), shorter than a message. */
const long = { ...card, description: '香ばしい。'.repeat(240) };

describe('product detail view: LINE', () => {
  it('is one Flex bubble with the image, the description wrapped in the body, options, stock and the actions', () => {
    expect(renderLineMessages(detail(card))).toEqual([
      {
        type: 'flex',
        altText: '加賀棒ほうじ茶',
        contents: {
          type: 'bubble',
          hero: { type: 'image', url: card.imageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' },
          body: {
            type: 'box',
            layout: 'vertical',
            spacing: 'sm',
            contents: [
              { type: 'text', text: '加賀棒ほうじ茶', weight: 'bold', size: 'lg', wrap: true },
              { type: 'text', text: '￥1,800〜', size: 'md' },
              { type: 'text', text: description, size: 'sm', wrap: true },
              { type: 'separator' },
              { type: 'text', text: '内容量：200g, 500g', size: 'sm', wrap: true },
              { type: 'text', text: '在庫あり（17点）', size: 'sm', color: '#666666', wrap: true },
            ],
          },
          footer: {
            type: 'box',
            layout: 'vertical',
            spacing: 'sm',
            contents: [
              {
                type: 'button',
                style: 'link',
                height: 'sm',
                action: { type: 'postback', label: '種類を選ぶ', data: addToCart.payload, displayText: '種類を選ぶ' },
              },
            ],
          },
        },
      },
    ]);
  });

  it('a sold-out product without buttons has no footer (LINE rejects an empty box)', () => {
    const [message] = renderLineMessages(detail(soldOut));
    const bubble = message?.contents as Record<string, unknown>;
    expect(bubble.footer).toBeUndefined();
    expect(bubble.hero).toBeUndefined();
    expect(JSON.stringify(bubble.body)).toContain('Sold out');
  });

  it('a description too long for a bubble is shortened there and follows in full as text', () => {
    const text = 'あ'.repeat(2500);
    const messages = renderLineMessages(detail({ ...card, description: text }));
    const body = (messages[0]?.contents as { body: { contents: { text?: string }[] } }).body.contents;
    expect([...(body[2]?.text ?? '')]).toHaveLength(2000);
    expect(body[2]?.text?.endsWith('…')).toBe(true);
    expect(messages[1]).toEqual({ type: 'text', text });
  });

  it('a carousel card (no detail flag) still leaves the description out', () => {
    const messages = renderLineMessages([{ type: 'products', products: [card] }]);
    expect(JSON.stringify(messages)).not.toContain(description);
  });
});

describe('product detail view: Telegram', () => {
  it('is a photo with the whole detail as its caption and the inline keyboard', () => {
    expect(renderTelegramReplies('5551234', detail(card))).toEqual([
      {
        method: 'sendPhoto',
        payload: {
          chat_id: '5551234',
          photo: card.imageUrl,
          caption,
          reply_markup: { inline_keyboard: [[{ text: '種類を選ぶ', callback_data: addToCart.payload }]] },
        },
      },
    ]);
  });

  it('longer than a caption (1024): the photo with title and price, then the detail as a text message with the keyboard', () => {
    const calls = renderTelegramReplies('5551234', detail(long));
    expect(calls).toEqual([
      {
        method: 'sendPhoto',
        payload: { chat_id: '5551234', photo: card.imageUrl, caption: '加賀棒ほうじ茶\n￥1,800〜' },
      },
      {
        method: 'sendMessage',
        payload: {
          chat_id: '5551234',
          text: `加賀棒ほうじ茶\n￥1,800〜\n${long.description}\n内容量：200g, 500g\n在庫あり（17点）`,
          reply_markup: { inline_keyboard: [[{ text: '種類を選ぶ', callback_data: addToCart.payload }]] },
        },
      },
    ]);
  });

  it('without an image: a text message, and no keyboard when there is no button', () => {
    expect(renderTelegramReplies('1', detail(soldOut))).toEqual([
      {
        method: 'sendMessage',
        payload: { chat_id: '1', text: `Sakura Blossom Tea\n￥1,200\n${soldOut.description}\nSold out` },
      },
    ]);
  });
});

describe('product detail view: WhatsApp Cloud API', () => {
  it('is the image with the whole detail as its caption, then reply buttons (20-character titles)', () => {
    expect(renderWhatsAppReplies(detail(card))).toEqual([
      { type: 'image', image: { link: card.imageUrl, caption } },
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: '加賀棒ほうじ茶' },
          action: { buttons: [{ type: 'reply', reply: { id: addToCart.payload, title: '種類を選ぶ' } }] },
        },
      },
    ]);
  });

  it('longer than a caption: the image captioned with title and price, the detail as text, then the buttons', () => {
    const messages = renderWhatsAppReplies(detail(long));
    expect(messages.map((message) => message.type)).toEqual(['image', 'text', 'interactive']);
    expect(messages[0]).toEqual({
      type: 'image',
      image: { link: card.imageUrl, caption: '加賀棒ほうじ茶\n￥1,800〜' },
    });
    expect(messages[1]).toEqual({
      type: 'text',
      text: { body: `加賀棒ほうじ茶\n￥1,800〜\n${long.description}\n内容量：200g, 500g\n在庫あり（17点）` },
    });
  });

  it('without an image or a button: a text message (an interactive message needs a button)', () => {
    expect(renderWhatsAppReplies(detail(soldOut))).toEqual([
      { type: 'text', text: { body: `Sakura Blossom Tea\n￥1,200\n${soldOut.description}\nSold out` } },
    ]);
  });

  it('without an image, with buttons: the detail is the body of the buttons', () => {
    const { imageUrl: _image, ...plain } = card;
    expect(renderWhatsAppReplies(detail(plain))).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: caption },
          action: { buttons: [{ type: 'reply', reply: { id: addToCart.payload, title: '種類を選ぶ' } }] },
        },
      },
    ]);
  });
});

describe('product detail view: Messenger and Instagram', () => {
  const element = {
    title: '加賀棒ほうじ茶',
    subtitle: '￥1,800〜 · 在庫あり（17点）',
    image_url: card.imageUrl,
    buttons: [{ type: 'postback', title: '種類を選ぶ', payload: addToCart.payload }],
  };
  const template = { attachment: { type: 'template', payload: { template_type: 'generic', elements: [element] } } };

  it('Messenger: the card (price and stock in the 80-character subtitle), then description and options as text', () => {
    expect(renderMessengerReplies(detail(card))).toEqual([template, { text: `${description}\n\n内容量：200g, 500g` }]);
  });

  it('Instagram: the same, the text split by UTF-8 bytes (1000)', () => {
    expect(renderInstagramReplies(detail(card))).toEqual([template, { text: `${description}\n\n内容量：200g, 500g` }]);
    const pieces = renderInstagramReplies(detail(long)).slice(1);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(Buffer.byteLength(String(piece.text))).toBeLessThanOrEqual(1000);
    expect(pieces.map((piece) => piece.text).join('')).toBe(`${long.description}\n\n内容量：200g, 500g`);
  });

  it('a sold-out product: an element without a button list, then its description', () => {
    expect(renderMessengerReplies(detail(soldOut))).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [{ title: 'Sakura Blossom Tea', subtitle: '￥1,200 · Sold out' }],
          },
        },
      },
      { text: soldOut.description },
    ]);
  });
});

describe('product detail view: Bot Framework (Teams)', () => {
  it('is one hero card whose text is the description, options and stock', () => {
    expect(renderBotFrameworkReplies(detail(card))).toEqual([
      {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: {
              title: '加賀棒ほうじ茶',
              subtitle: '￥1,800〜',
              text: `${description}\n\n内容量：200g, 500g\n\n在庫あり（17点）`,
              images: [{ url: card.imageUrl, alt: '加賀棒ほうじ茶' }],
              buttons: [
                {
                  type: 'messageBack',
                  title: '種類を選ぶ',
                  text: '種類を選ぶ',
                  displayText: '種類を選ぶ',
                  value: { kaiwa: addToCart.payload },
                },
              ],
            },
          },
        ],
      },
    ]);
  });
});

describe('product detail view: WhatsApp Web and the terminal', () => {
  it('WhatsApp Web: the image with the detail and the actions in its caption', () => {
    expect(renderWhatsAppWebReplies(detail(card))).toEqual([
      {
        kind: 'image',
        url: card.imageUrl,
        caption: `*加賀棒ほうじ茶*\n￥1,800〜\n${description}\n内容量：200g, 500g\n在庫あり（17点）\n• 種類を選ぶ`,
      },
    ]);
  });

  it('terminal (kaiwa chat): the description, options and stock under the title, buttons numbered', () => {
    expect(renderForTerminal(detail(card, soldOut), 'ja')).toEqual({
      lines: [
        '  ┌ 加賀棒ほうじ茶  ￥1,800〜',
        `  │ [image] ${card.imageUrl}`,
        `  │ ${description}`,
        '  │ 内容量：200g, 500g',
        '  │ 在庫あり（17点）',
        '  └ [1] 種類を選ぶ',
        '  ┌ Sakura Blossom Tea  ￥1,200',
        `  │ ${soldOut.description}`,
        '  │ Sold out',
        '  └',
      ],
      buttons: [addToCart],
    });
  });
});
