import { applyLimits, formatMoney, splitText, type ChannelLimits, type Reply } from '../../core/index.js';
import { detailText, genericTemplate } from '../meta/generic-template.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * Send API limits: 2000-character text; 13 quick replies with 20-character titles; generic
 * template of 10 elements, each with 3 buttons, 80-character title and subtitle.
 */
export const messengerLimits: ChannelLimits = {
  maxTextLength: 2000,
  maxButtons: 13,
  maxButtonLabel: 20,
  maxCarouselCards: 10,
  maxCardActions: 3,
};

/**
 * Replies → Send API `message` objects, in order: text, quick replies, generic template (a detail
 * view: the card, then its description as text), URL button.
 */
export function renderMessengerReplies(replies: readonly Reply[]): Record<string, unknown>[] {
  return applyLimits(replies, messengerLimits).flatMap((reply): Record<string, unknown>[] => {
    const raw = reply.channelOptions?.messenger as { message?: Record<string, unknown> } | undefined;
    if (raw?.message) return [raw.message];
    switch (reply.type) {
      case 'text':
        return [{ text: reply.text }];
      case 'choices':
        return [
          {
            text: reply.text,
            quick_replies: reply.choices.map((choice) => ({
              content_type: 'text',
              title: choice.label,
              payload: choice.payload,
            })),
          },
        ];
      case 'products':
        // A detail view: each product's card (price and stock under the title), then its description and options as text.
        if (reply.detail)
          return reply.products.flatMap((card) => [
            genericTemplate([card], true),
            ...(detailText(card) ? splitText(detailText(card), messengerLimits.maxTextLength) : []).map((text) => ({
              text,
            })),
          ]);
        return [genericTemplate(reply.products)];
      case 'paymentLink': {
        const total = formatMoney(reply.total, moneyLocale(reply.total.currency));
        return [
          {
            attachment: {
              type: 'template',
              payload: {
                template_type: 'button',
                text: `💳 ${total}`,
                buttons: [{ type: 'web_url', url: reply.url, title: shorten(`💳 ${total}`, 20) }],
              },
            },
          },
        ];
      }
      case 'image':
        return [{ attachment: { type: 'image', payload: { url: reply.url, is_reusable: true } } }];
      case 'handoff':
        return [];
    }
  });
}
