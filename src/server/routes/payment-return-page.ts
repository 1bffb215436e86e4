import { escapeHtml, type Order } from '../../core/index.js';

export const pageHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const messages = {
  paid: {
    ja: 'お支払いを確認しました。チャットに戻ってください。',
    en: 'Payment received. You can go back to the chat.',
  },
  processing: {
    ja: 'お支払いを確認しています。確認できしだいチャットでお知らせします。',
    en: 'We are confirming your payment and will tell you in the chat as soon as it lands.',
  },
  cancelled: {
    ja: 'お支払いは完了していません。チャットのリンクからもう一度お試しいただけます。',
    en: 'The payment was not completed. You can try again from the link in the chat.',
  },
  failed: {
    ja: 'お支払いを確認できませんでした。チャットでお問い合わせください。',
    en: 'We could not confirm this payment. Please ask us in the chat.',
  },
  unknown: { ja: 'このご注文は見つかりませんでした。', en: 'We could not find this order.' },
} as const;

/** The small page a shopper sees back from a provider: the chat is where the confirmation arrives. */
export function returnPage(state: keyof typeof messages, order: Order | undefined): string {
  const locale = order?.locale === 'en' ? 'en' : 'ja';
  const other = locale === 'en' ? 'ja' : 'en';
  return `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(messages[state][locale])}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${escapeHtml(messages[state][locale])}</h1>${order ? `<p>${escapeHtml(order.id)}</p>` : ''}<p lang="${other}" style="color:#555">${escapeHtml(messages[state][other])}</p></body></html>`;
}
