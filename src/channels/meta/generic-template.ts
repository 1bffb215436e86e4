import { cardPrice, type ProductCard } from '../../core/index.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * Product cards as Meta's generic template (Messenger and Instagram alike): 80-character title and
 * subtitle (catalog price · reason), image, and postback buttons.
 */
export function genericTemplate(products: readonly ProductCard[]): Record<string, unknown> {
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'generic',
        elements: products.map((card) => ({
          title: shorten(card.title, 80),
          subtitle: shorten(
            [cardPrice(card, moneyLocale(card.price.currency)), card.options, card.reason].filter(Boolean).join(' · '),
            80,
          ),
          ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
          buttons: card.actions.map((action) => ({ type: 'postback', title: action.label, payload: action.payload })),
        })),
      },
    },
  };
}
