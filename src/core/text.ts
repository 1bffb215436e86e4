const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The one HTML escape: text for element content and double- or single-quoted attributes (HTML and
 * SVG). Everything a shop or a shopper wrote goes through this before it is part of markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

// One decoder for every body; fatal, so bytes that are not UTF-8 are not JSON either.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A request body as UTF-8 JSON, or `undefined` when it is not (callers say why in their own error). */
export function parseJsonBytes(body: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(utf8.decode(body)) as unknown };
  } catch {
    return undefined;
  }
}
