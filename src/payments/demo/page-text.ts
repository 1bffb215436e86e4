/** The demo checkout page's words; the page speaks the order's language, Japanese or English. */
export type PageLocale = 'ja' | 'en';

export interface PageText {
  title: string;
  demo: string;
  orderNumber: string;
  item: string;
  unitPrice: string;
  lineTotal: string;
  total: string;
  pay: (total: string) => string;
  paid: string;
  expired: string;
}

export const pageText: Record<PageLocale, PageText> = {
  ja: {
    title: 'お支払い',
    demo: 'デモ決済 — 実際のお金は動きません',
    orderNumber: 'ご注文番号',
    item: '商品',
    unitPrice: '単価',
    lineTotal: '小計',
    total: '合計',
    pay: (total) => `${total} を支払う`,
    paid: 'お支払いが完了しました。チャットにお戻りください。',
    expired: 'このお支払いリンクは期限切れです。チャットからもう一度ご注文ください。',
  },
  en: {
    title: 'Payment',
    demo: 'DEMO — no real money moves',
    orderNumber: 'Order number',
    item: 'Item',
    unitPrice: 'Unit price',
    lineTotal: 'Subtotal',
    total: 'Total',
    pay: (total) => `Pay ${total}`,
    paid: 'Payment received — return to the chat.',
    expired: 'This payment link has expired. Please order again from the chat.',
  },
};

/** `ja`, `ja-JP` → ja; everything else → en (the page has no third language yet). */
export function pageLocale(locale: string): PageLocale {
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
