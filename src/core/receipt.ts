import { pickText, type LocalizedText } from './locale.js';
import { formatMoney, multiplyMoney } from './money.js';
import type { Order, OrderTax } from './order.js';

/** Receipt words; a locale without its own reads English. */
const words = {
  order: { ja: 'ご注文 {id}', en: 'Order {id}' },
  total: { ja: '合計 {total}', en: 'Total {total}' },
  includedNote: { ja: '（内消費税 {tax}）', en: ' (incl. tax {tax})' },
  inclusiveLine: { ja: '{rate}%対象 {base}（内消費税 {tax}）', en: '{rate}% on {base}: tax {tax} (included)' },
  exclusiveLine: { ja: '{rate}%対象 {base}（消費税 {tax}）', en: '{rate}% on {base}: tax {tax}' },
  reduced: { ja: '※は軽減税率対象', en: '* reduced rate' },
} satisfies Record<string, LocalizedText>;

const fill = (text: LocalizedText, locale: string, values: Record<string, string>) =>
  pickText(text, locale, 'en').replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] ?? '');

/** `（内消費税 ¥813）` / ` (incl. tax ¥813)` after a total that contains tax; empty without tax. */
export function taxNote(tax: OrderTax | undefined, locale: string): string {
  if (!tax || tax.total.amount === 0) return '';
  return fill(words.includedNote, locale, { tax: formatMoney(tax.total, locale) });
}

/**
 * One line per rate, highest first, as a Japanese qualified invoice lists them: the sum at that
 * rate and its tax (`8%対象 ¥2,400（内消費税 ¥177）`, `8% on ¥2,400: tax ¥177 (included)`).
 */
export function taxBreakdown(tax: OrderTax | undefined, locale: string): string[] {
  return (tax?.lines ?? []).map((line) =>
    fill(tax!.prices === 'inclusive' ? words.inclusiveLine : words.exclusiveLine, locale, {
      rate: String(line.rate),
      base: formatMoney(line.base, locale),
      tax: formatMoney(line.tax, locale),
    }),
  );
}

/** The classes taxed below the order's highest rate, when it has more than one: marked ※ on a receipt. */
export function reducedClasses(tax: OrderTax | undefined): Set<string> {
  const lines = tax?.lines ?? [];
  if (lines.length < 2) return new Set();
  const highest = Math.max(...lines.map((line) => line.rate));
  return new Set(lines.filter((line) => line.rate < highest).flatMap((line) => line.classes));
}

/**
 * The receipt a shopper gets in the chat once an order is paid, in `locale`: the order number, each
 * line with its options (the title frozen at checkout) and amount, shipping, exclusive tax lines, the
 * total, and with inclusive prices the tax it contains per rate; lines at a reduced rate are marked ※.
 */
export function orderReceipt(order: Pick<Order, 'id' | 'lines' | 'charges' | 'tax' | 'total'>, locale: string): string {
  const reduced = reducedClasses(order.tax);
  const mark = pickText({ ja: ' ※', en: ' *' }, locale, 'en');
  const lines = [
    fill(words.order, locale, { id: order.id }),
    ...order.lines.map(
      (line) =>
        `・${line.title} × ${line.quantity}  ${formatMoney(multiplyMoney(line.unitPrice, line.quantity), locale)}${
          line.taxClass && reduced.has(line.taxClass) ? mark : ''
        }`,
    ),
    ...(order.charges ?? []).map((charge) => `・${charge.label}  ${formatMoney(charge.amount, locale)}`),
    fill(words.total, locale, { total: formatMoney(order.total, locale) }),
    ...(order.tax?.prices === 'inclusive' ? taxBreakdown(order.tax, locale) : []),
    ...(reduced.size > 0 ? [pickText(words.reduced, locale, 'en')] : []),
  ];
  return lines.join('\n');
}
