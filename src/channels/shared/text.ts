/** Shortens to `max` code points (not UTF-16 units, so emoji and kanji count once), ending with "…". */
export function shorten(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** The locale to format a price in when the channel does not know the shopper's: JPY reads best as ￥. */
export function moneyLocale(currency: string): string {
  return currency === 'JPY' ? 'ja' : 'en';
}
