import {
  applyLimits,
  cardPrice,
  formatMoney,
  splitText,
  type Choice,
  type ProductCard,
  type Reply,
} from '../../core/index.js';
import { lineLimits, maxAltTextLength, maxFlexDescriptionLength, maxMessagesPerRequest } from './limits.js';

/**
 * One Messaging API message object as JSON. Kept loose on purpose: the `channelOptions.line`
 * escape hatch passes merchants' objects through untouched, and LINE validates them anyway.
 */
export type LineMessage = { type: string } & Record<string, unknown>;

/** Shortens to `max` code points (kanji and emoji count once, as LINE counts them), ending with "…". */
function shorten(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, Math.max(1, max - 1)).join('')}…`;
}

// The label is echoed as the shopper's own message, so the chat reads like a conversation.
const postback = (choice: Choice) => ({
  type: 'postback',
  label: choice.label,
  data: choice.payload,
  displayText: choice.label,
});

/** A carousel card's body: title, price, options and reason. */
const cardBody = (card: ProductCard) => [
  { type: 'text', text: card.title, weight: 'bold', size: 'lg', wrap: true },
  { type: 'text', text: cardPrice(card, 'ja'), size: 'md' },
  ...(card.options ? [{ type: 'text', text: card.options, size: 'sm', wrap: true }] : []),
  ...(card.reason ? [{ type: 'text', text: card.reason, size: 'sm', color: '#666666', wrap: true }] : []),
];

/** A detail view's body: title, price, the description (wrapped, shortened to fit a bubble), options, stock. */
const detailBody = (card: ProductCard) => [
  { type: 'text', text: card.title, weight: 'bold', size: 'lg', wrap: true },
  { type: 'text', text: cardPrice(card, 'ja'), size: 'md' },
  ...(card.description?.trim()
    ? [{ type: 'text', text: shorten(card.description, maxFlexDescriptionLength), size: 'sm', wrap: true }]
    : []),
  ...(card.options ? [{ type: 'separator' }, { type: 'text', text: card.options, size: 'sm', wrap: true }] : []),
  ...(card.stockLabel ? [{ type: 'text', text: card.stockLabel, size: 'sm', color: '#666666', wrap: true }] : []),
];

const bubble = (card: ProductCard, detail = false) => ({
  type: 'bubble',
  ...(card.imageUrl
    ? { hero: { type: 'image', url: card.imageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } }
    : {}),
  body: {
    type: 'box',
    layout: 'vertical',
    spacing: 'sm',
    contents: detail ? detailBody(card) : cardBody(card),
  },
  // An empty footer box is rejected by LINE, so a card without actions has none.
  ...(card.actions.length > 0
    ? {
        footer: {
          type: 'box',
          layout: 'vertical',
          spacing: 'sm',
          contents: card.actions.map((action) => ({
            type: 'button',
            style: 'link',
            height: 'sm',
            action: postback(action),
          })),
        },
      }
    : {}),
});

function renderOne(reply: Reply): LineMessage[] {
  switch (reply.type) {
    case 'text':
      return [{ type: 'text', text: reply.text }];
    case 'choices':
      return [
        {
          type: 'text',
          text: reply.text,
          quickReply: { items: reply.choices.map((choice) => ({ type: 'action', action: postback(choice) })) },
        },
      ];
    case 'products':
      if (reply.detail)
        // One bubble per product; a description too long for it follows in full as text messages.
        return reply.products.flatMap((card) => [
          { type: 'flex', altText: shorten(card.title, maxAltTextLength), contents: bubble(card, true) },
          ...([...(card.description ?? '')].length > maxFlexDescriptionLength
            ? splitText(card.description ?? '', lineLimits.maxTextLength).map((text) => ({ type: 'text', text }))
            : []),
        ]);
      return [
        {
          type: 'flex',
          altText: shorten(reply.products.map((card) => card.title).join(' / '), maxAltTextLength),
          contents: { type: 'carousel', contents: reply.products.map((card) => bubble(card)) },
        },
      ];
    case 'paymentLink': {
      const total = formatMoney(reply.total, 'ja');
      return [
        {
          type: 'flex',
          altText: `💳 ${total}`,
          contents: {
            type: 'bubble',
            body: {
              type: 'box',
              layout: 'vertical',
              contents: [{ type: 'text', text: `💳 ${total}`, weight: 'bold', size: 'xl' }],
            },
            footer: {
              type: 'box',
              layout: 'vertical',
              contents: [
                {
                  type: 'button',
                  style: 'primary',
                  action: { type: 'uri', label: shorten(`💳 ${total}`, lineLimits.maxButtonLabel), uri: reply.url },
                },
              ],
            },
          },
        },
      ];
    }
    case 'image':
      // LINE image messages have no caption or alt text; the preview is the same picture.
      return [{ type: 'image', originalContentUrl: reply.url, previewImageUrl: reply.url }];
    case 'handoff':
      return []; // for the merchant's inbox, not the shopper
  }
}

/**
 * Replies → LINE message objects, in order, after degrading to LINE's limits (applyLimits): long
 * text splits, choices beyond 13 go to a follow-up message's quick reply, carousels beyond 12
 * bubbles become several. `channelOptions.line.messages`, when given, is sent instead, as is.
 */
export function renderLineMessages(replies: readonly Reply[]): LineMessage[] {
  return replies.flatMap((reply) => {
    const raw = reply.channelOptions?.line?.messages;
    // Checked before applyLimits, which copies channelOptions onto every part of a split reply.
    if (Array.isArray(raw)) return raw as LineMessage[];
    return applyLimits([reply], lineLimits).flatMap(renderOne);
  });
}

/** Messages → request-sized batches of at most 5, keeping their order. */
export function batchLineMessages(messages: readonly LineMessage[]): LineMessage[][] {
  const batches: LineMessage[][] = [];
  for (let index = 0; index < messages.length; index += maxMessagesPerRequest)
    batches.push(messages.slice(index, index + maxMessagesPerRequest));
  return batches;
}
