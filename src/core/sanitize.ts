import type { InboundEvent } from './message.js';

// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a low one alone.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const unsafe = /\u0000|[\uD800-\uDFFF]/;

/**
 * Text every store and platform can hold: U+0000 removed (PostgreSQL's text and jsonb refuse it)
 * and lone surrogates replaced by U+FFFD (not valid Unicode; jsonb refuses their escapes too).
 */
export function cleanText(text: string): string {
  return unsafe.test(text) ? text.replace(loneSurrogate, '\uFFFD').replaceAll('\u0000', '') : text;
}

/** A copy of `value` with every string (keys too) cleaned; returns `value` itself when nothing changes. */
function cleanDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const clean = cleanDeep(item, depth + 1);
      changed ||= clean !== item;
      return clean;
    });
    return changed ? items : value;
  }
  let changed = false;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => {
    const clean: [string, unknown] = [cleanText(key), cleanDeep(item, depth + 1)];
    changed ||= clean[0] !== key || clean[1] !== item;
    return clean;
  });
  return changed ? Object.fromEntries(entries) : value;
}

/**
 * The message model's boundary: every inbound event, whichever channel parsed it, carries only
 * text that both stores accept, so the same event gives the same reply on SQLite and PostgreSQL
 * and a poison character cannot make a webhook fail on every redelivery.
 */
export function sanitizeEvent(event: InboundEvent): InboundEvent {
  return cleanDeep(event) as InboundEvent;
}
