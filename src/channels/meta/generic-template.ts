import { cardPrice, type ProductCard } from '../../core/index.js';
import { moneyLocale, shorten } from '../shared/text.js';

/**
 * What a detail view sends as text after its card, which has no room for it (an 80-character
 * subtitle): the catalog description and the options line; empty when the product has neither.
 */
export function detailText(card: ProductCard): string {
  return [card.description, card.options].filter((part) => !!part?.trim()).join('\n\n');
}

/**
 * Product cards as Meta's generic template (Messenger and Instagram alike): 80-character title and
 * subtitle (catalog price · options · reason; in a detail view, price · stock), image, and postback
 * buttons.
 */
export function genericTemplate(products: readonly ProductCard[], detail = false): Record<string, unknown> {
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'generic',
        elements: products.map((card) => ({
          title: shorten(card.title, 80),
          subtitle: shorten(
            (detail
              ? [cardPrice(card, moneyLocale(card.price.currency)), card.stockLabel]
              : [cardPrice(card, moneyLocale(card.price.currency)), card.options, card.reason]
            )
              .filter(Boolean)
              .join(' · '),
            80,
          ),
          ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
          // An element may have no buttons (a sold-out product's detail view), but not an empty list.
          ...(card.actions.length > 0
            ? {
                buttons: card.actions.map((action) => ({
                  type: 'postback',
                  title: action.label,
                  payload: action.payload,
                })),
              }
            : {}),
        })),
      },
    },
  };
}
