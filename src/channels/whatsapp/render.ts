import {
  applyLimits,
  cardDetails,
  cardPrice,
  formatMoney,
  splitText,
  type ChannelLimits,
  type Choice,
  type ProductCard,
  type Reply,
} from '../../core/index.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * Cloud API limits: 4096-character text; 3 reply buttons (20-character titles); a list of 10 rows
 * (24-character titles); no carousel, so each product is its own image message.
 */
export const whatsappLimits: ChannelLimits = {
  maxTextLength: 4096,
  maxButtons: 10,
  maxButtonLabel: 24,
  maxCarouselCards: 10,
  maxCardActions: 3,
  // Cloud API: 80 messages/s per number by default; to one user, bursts of up to 45 then one per 6 s.
  sendRate: { perSecond: 80, burst: 80, perChatPerSecond: 1 / 6, chatBurst: 45 },
};

/** Up to 3 choices: reply buttons. 4–10: a list. More were split into several messages by applyLimits. */
function interactive(text: string, choices: readonly Choice[]): Record<string, unknown> {
  if (choices.length <= 3) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: shorten(text || '…', 1024) },
        action: {
          buttons: choices.map((choice) => ({
            type: 'reply',
            reply: { id: choice.payload, title: shorten(choice.label, 20) },
          })),
        },
      },
    };
  }
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: shorten(text || '…', 4096) },
      action: {
        button: '▼',
        sections: [{ rows: choices.map((choice) => ({ id: choice.payload, title: shorten(choice.label, 24) })) }],
      },
    },
  };
}

/** Image captions and interactive bodies: 1024 characters. */
const maxCaptionLength = 1024;

/**
 * A detail view: the image with the whole detail as its caption (title, price, description,
 * options, stock), then the buttons under the title. A detail longer than a caption goes as text
 * messages after the image (captioned with title and price); without an image, the detail is the
 * buttons' body when it fits one, text messages otherwise.
 */
function detailMessages(card: ProductCard): Record<string, unknown>[] {
  const head = [card.title, cardPrice(card, moneyLocale(card.price.currency))].join('\n');
  const detail = [head, ...cardDetails(card)].join('\n');
  const fits = [...detail].length <= maxCaptionLength;
  const buttons = card.actions.length > 0;
  const image = card.imageUrl
    ? [{ type: 'image', image: { link: card.imageUrl, caption: fits ? detail : shorten(head, maxCaptionLength) } }]
    : [];
  if (!card.imageUrl && fits && buttons) return [interactive(detail, card.actions)];
  const texts =
    card.imageUrl && fits
      ? []
      : splitText(detail, whatsappLimits.maxTextLength).map((body) => ({ type: 'text', text: { body } }));
  return [...image, ...texts, ...(buttons ? [interactive(card.title, card.actions)] : [])];
}

/** Replies → Cloud API message bodies (without `messaging_product` and `to`), in order. */
export function renderWhatsAppReplies(replies: readonly Reply[]): Record<string, unknown>[] {
  return applyLimits(replies, whatsappLimits).flatMap((reply): Record<string, unknown>[] => {
    const raw = reply.channelOptions?.whatsapp as { message?: Record<string, unknown> } | undefined;
    if (raw?.message) return [raw.message];
    switch (reply.type) {
      case 'text':
        return [{ type: 'text', text: { body: reply.text } }];
      case 'choices':
        return [interactive(reply.text, reply.choices)];
      case 'products':
        if (reply.detail) return reply.products.flatMap(detailMessages);
        return reply.products.flatMap((card) => {
          const caption = [card.title, cardPrice(card, moneyLocale(card.price.currency)), card.options, card.reason]
            .filter(Boolean)
            .join('\n');
          const image = card.imageUrl
            ? [{ type: 'image', image: { link: card.imageUrl, caption: shorten(caption, 1024) } }]
            : [];
          return [...image, interactive(card.imageUrl ? card.title : caption, card.actions)];
        });
      case 'paymentLink': {
        const total = formatMoney(reply.total, moneyLocale(reply.total.currency));
        return [
          {
            type: 'interactive',
            interactive: {
              type: 'cta_url',
              body: { text: `💳 ${total}` },
              action: { name: 'cta_url', parameters: { display_text: shorten(`💳 ${total}`, 20), url: reply.url } },
            },
          },
        ];
      }
      case 'image':
        return [{ type: 'image', image: { link: reply.url, caption: shorten(reply.alt, 1024) } }];
      case 'handoff':
        return [];
    }
  });
}
