import {
  applyLimits,
  cardDetails,
  cardPrice,
  formatMoney,
  type ChannelLimits,
  type Choice,
  type Reply,
} from '../../core/index.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * What Bot Framework channels (Teams, Web Chat, the Emulator) show well: 10 suggested actions,
 * hero-card carousels of 10 cards with up to 6 buttons (Teams' limit; we use 3 like elsewhere),
 * and text under 4000 characters so Teams never truncates.
 */
export const botFrameworkLimits: ChannelLimits = {
  maxTextLength: 4000,
  maxButtons: 10,
  maxButtonLabel: 40,
  maxCarouselCards: 10,
  maxCardActions: 3,
};

export type OutgoingActivity = Record<string, unknown> & { type: 'message' };

/** A button: messageBack shows the label in the chat and carries our payload in `value.kaiwa`. */
const button = (choice: Choice) => ({
  type: 'messageBack',
  title: choice.label,
  text: choice.label,
  displayText: choice.label,
  value: { kaiwa: choice.payload },
});

/**
 * Replies → message activities: suggested actions for choices, hero-card carousels for products (a
 * detail view: one hero card with the description, options and stock as its text).
 */
export function renderBotFrameworkReplies(replies: readonly Reply[]): OutgoingActivity[] {
  return applyLimits(replies, botFrameworkLimits).flatMap((reply): OutgoingActivity[] => {
    const raw = reply.channelOptions?.botframework as { activity?: Record<string, unknown> } | undefined;
    if (raw?.activity) return [{ ...raw.activity, type: 'message' }];
    switch (reply.type) {
      case 'text':
        return [{ type: 'message', text: reply.text }];
      case 'choices':
        return [{ type: 'message', text: reply.text, suggestedActions: { actions: reply.choices.map(button) } }];
      case 'products':
        // A detail view: one hero card per product, its text the description, options and stock (Teams wraps it).
        if (reply.detail)
          return reply.products.map((card) => {
            const text = cardDetails(card).join('\n\n');
            return {
              type: 'message',
              attachments: [
                {
                  contentType: 'application/vnd.microsoft.card.hero',
                  content: {
                    title: card.title,
                    subtitle: cardPrice(card, moneyLocale(card.price.currency)),
                    ...(text ? { text: shorten(text, botFrameworkLimits.maxTextLength) } : {}),
                    ...(card.imageUrl ? { images: [{ url: card.imageUrl, alt: card.title }] } : {}),
                    buttons: card.actions.map(button),
                  },
                },
              ],
            };
          });
        return [
          {
            type: 'message',
            attachmentLayout: 'carousel',
            attachments: reply.products.map((card) => ({
              contentType: 'application/vnd.microsoft.card.hero',
              content: {
                title: card.title,
                subtitle: cardPrice(card, moneyLocale(card.price.currency)),
                ...(card.reason || card.options
                  ? { text: [card.options, card.reason].filter(Boolean).join('\n') }
                  : {}),
                ...(card.imageUrl ? { images: [{ url: card.imageUrl, alt: card.title }] } : {}),
                buttons: card.actions.map(button),
              },
            })),
          },
        ];
      case 'paymentLink': {
        const total = formatMoney(reply.total, moneyLocale(reply.total.currency));
        return [
          {
            type: 'message',
            attachments: [
              {
                contentType: 'application/vnd.microsoft.card.hero',
                content: {
                  title: `💳 ${total}`,
                  buttons: [{ type: 'openUrl', title: shorten(`💳 ${total}`, 40), value: reply.url }],
                },
              },
            ],
          },
        ];
      }
      case 'image':
        return [
          {
            type: 'message',
            attachments: [
              {
                contentType: 'application/vnd.microsoft.card.hero',
                content: { images: [{ url: reply.url, alt: reply.alt }] },
              },
            ],
          },
        ];
      case 'handoff':
        return [];
    }
  });
}
