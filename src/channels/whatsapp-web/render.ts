import { applyLimits, cardDetails, cardPrice, formatMoney, type ChannelLimits, type Reply } from '../../core/index.js';
import { moneyLocale } from '../shared/text.js';

/**
 * WhatsApp Web shows no buttons or lists to personal accounts any more, so choices are numbered
 * lines the shopper answers by typing the number. Text is kept under 4096 characters, like the
 * Cloud API; up to 10 cards and 3 actions per card.
 */
export const whatsappWebLimits: ChannelLimits = {
  maxTextLength: 4096,
  maxButtons: 10,
  maxButtonLabel: 40,
  maxCarouselCards: 10,
  maxCardActions: 3,
};

export type WhatsAppWebOutgoing = { kind: 'text'; text: string } | { kind: 'image'; url: string; caption: string };

/**
 * Replies → messages. Numbers follow the order the flow runtime uses for typed numbers: each
 * card's actions, then the choices. Cards get numbers only when the batch has choices (otherwise
 * the runtime keeps the previous buttons, and a number would pick one of those).
 */
export function renderWhatsAppWebReplies(replies: readonly Reply[]): WhatsAppWebOutgoing[] {
  const limited = applyLimits(replies, whatsappWebLimits);
  const numbering = limited.some((reply) => reply.type === 'choices');
  let next = 1;
  const option = (label: string) => (numbering ? `*${next++}.* ${label}` : `• ${label}`);
  return limited.flatMap((reply): WhatsAppWebOutgoing[] => {
    switch (reply.type) {
      case 'text':
        return [{ kind: 'text', text: reply.text }];
      case 'choices':
        return [
          { kind: 'text', text: [reply.text, '', ...reply.choices.map((choice) => option(choice.label))].join('\n') },
        ];
      case 'products':
        return reply.products.map((card): WhatsAppWebOutgoing => {
          const caption = [
            `*${card.title}*`,
            cardPrice(card, moneyLocale(card.price.currency)),
            // A detail view shows the description, options and stock; a carousel card its options and reason.
            ...(reply.detail ? cardDetails(card) : [card.options, card.reason]),
            ...card.actions.map((action) => option(action.label)),
          ]
            .filter(Boolean)
            .join('\n');
          return card.imageUrl ? { kind: 'image', url: card.imageUrl, caption } : { kind: 'text', text: caption };
        });
      case 'paymentLink':
        return [
          { kind: 'text', text: `💳 ${formatMoney(reply.total, moneyLocale(reply.total.currency))}\n${reply.url}` },
        ];
      case 'image':
        return [{ kind: 'image', url: reply.url, caption: reply.alt }];
      case 'handoff':
        return [];
    }
  });
}
