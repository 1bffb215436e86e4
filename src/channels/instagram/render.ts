import { applyLimits, formatMoney, type ChannelLimits, type Reply } from '../../core/index.js';
import { detailText, genericTemplate } from '../meta/generic-template.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * Instagram Messaging limits: text of 1000 UTF-8 bytes (see {@link splitUtf8}); 13 quick replies with
 * 20-character titles; generic template of 10 elements, each with 3 buttons, 80-character title and subtitle.
 */
export const instagramLimits: ChannelLimits = {
  maxTextLength: 1000,
  maxButtons: 13,
  maxButtonLabel: 20,
  maxCarouselCards: 10,
  maxCardActions: 3,
};

/** Instagram counts text in bytes: a Japanese character takes three. */
export const maxTextBytes = 1000;

/**
 * Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a character, preferring
 * to break after a newline, a space or a Japanese full stop. Nothing is dropped.
 */
export function splitUtf8(text: string, maxBytes = maxTextBytes): string[] {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return [text];
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  let lastBreak = -1;
  for (const character of text) {
    const size = encoder.encode(character).length;
    // After a cut at the last break, what is left plus this character may still be too long: cut again.
    while (bytes + size > maxBytes && current.length > 0) {
      const cut = lastBreak > 0 ? lastBreak : current.length;
      pieces.push(current.slice(0, cut));
      current = current.slice(cut);
      bytes = encoder.encode(current).length;
      lastBreak = -1;
    }
    current += character;
    bytes += size;
    if (/[\s。、！？!?]/u.test(character)) lastBreak = current.length;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/**
 * Replies → Instagram Send API `message` objects, in order: text (split by bytes), quick replies on
 * the last piece, generic template for products (a detail view: the card, then its description as
 * text split by bytes), and a one-element generic template with a URL
 * button for payment links (Instagram has no button template).
 */
export function renderInstagramReplies(replies: readonly Reply[]): Record<string, unknown>[] {
  return applyLimits(replies, instagramLimits).flatMap((reply): Record<string, unknown>[] => {
    const raw = reply.channelOptions?.instagram as { message?: Record<string, unknown> } | undefined;
    if (raw?.message) return [raw.message];
    switch (reply.type) {
      case 'text':
        return splitUtf8(reply.text).map((text) => ({ text }));
      case 'choices': {
        const pieces = splitUtf8(reply.text);
        const quickReplies = reply.choices.map((choice) => ({
          content_type: 'text',
          title: choice.label,
          payload: choice.payload,
        }));
        return pieces.map((text, index) =>
          index === pieces.length - 1 ? { text, quick_replies: quickReplies } : { text },
        );
      }
      case 'products':
        // A detail view: each product's card (price and stock under the title), then its description and options as text.
        if (reply.detail)
          return reply.products.flatMap((card) => [
            genericTemplate([card], true),
            ...(detailText(card) ? splitUtf8(detailText(card)) : []).map((text) => ({ text })),
          ]);
        return [genericTemplate(reply.products)];
      case 'paymentLink': {
        const total = formatMoney(reply.total, moneyLocale(reply.total.currency));
        return [
          {
            attachment: {
              type: 'template',
              payload: {
                template_type: 'generic',
                elements: [
                  {
                    title: shorten(`💳 ${total}`, 80),
                    buttons: [{ type: 'web_url', url: reply.url, title: shorten(`💳 ${total}`, 20) }],
                  },
                ],
              },
            },
          },
        ];
      }
      case 'image':
        return [{ attachment: { type: 'image', payload: { url: reply.url } } }];
      case 'handoff':
        return [];
    }
  });
}
