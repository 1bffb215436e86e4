import { InvalidPayloadError } from './errors.js';
import { pickText, type LocalizedText } from './locale.js';
import type { Order, OrderShipment } from './order.js';

/**
 * A carrier the merchant ships with: its name as the shopper reads it and its public tracking
 * page, `{tracking}` standing for the tracking number (URL-encoded). Both may be given per language.
 */
export interface Carrier {
  name: LocalizedText | string;
  url: LocalizedText | string;
}

/** Carriers by the id the merchant types (`kaiwa orders fulfil … --carrier yamato`). */
export type Carriers = Readonly<Record<string, Carrier>>;

/**
 * The carriers Kaiwa knows, with their public tracking pages (no account or API key needed):
 * Yamato's 荷物お問い合わせ, Sagawa's 送り状番号検索, Japan Post's 個別番号検索 (in the shopper's
 * language), and the tracking pages of UPS, USPS, FedEx and DHL Express.
 */
export const builtInCarriers: Carriers = {
  yamato: {
    name: { ja: 'ヤマト運輸', en: 'Yamato Transport' },
    url: 'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01={tracking}',
  },
  sagawa: {
    name: { ja: '佐川急便', en: 'Sagawa Express' },
    url: 'https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo={tracking}',
  },
  japanpost: {
    name: { ja: '日本郵便', en: 'Japan Post' },
    url: {
      ja: 'https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S002&locale=ja&reqCodeNo1={tracking}',
      en: 'https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S002&locale=en&reqCodeNo1={tracking}',
    },
  },
  ups: { name: 'UPS', url: 'https://www.ups.com/track?tracknum={tracking}' },
  usps: { name: 'USPS', url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking}' },
  fedex: { name: 'FedEx', url: 'https://www.fedex.com/fedextrack/?trknbr={tracking}' },
  dhl: {
    name: 'DHL',
    url: 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={tracking}',
  },
};

/** The built-in carriers and the shop's own (kaiwa.yaml `carriers:`); a shop's entry of the same id wins. */
export function carriersWith(custom: Readonly<Record<string, Carrier>> | undefined): Carriers {
  return { ...builtInCarriers, ...custom };
}

/** What a tracking number may hold: letters, digits and dashes (what every carrier prints), 4–40 of them. */
export const trackingNumberPattern = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;

/**
 * The shipment for `carrier` and `trackingNumber` (spaces dropped): the tracking URL in `locale`.
 * An unknown carrier or a tracking number a URL cannot carry as written is an InvalidPayloadError
 * naming the known carriers or the characters allowed.
 */
export function shipmentFor(
  carriers: Carriers,
  carrier: string,
  trackingNumber: string,
  locale: string,
): OrderShipment {
  const id = carrier.trim().toLowerCase();
  const known = carriers[id];
  if (!known)
    throw new InvalidPayloadError(
      `unknown carrier "${carrier}": one of ${Object.keys(carriers).join(', ')} (or add it to kaiwa.yaml carriers:)`,
      'carrier',
    );
  const number = trackingNumber.replace(/\s+/g, '');
  if (!trackingNumberPattern.test(number))
    throw new InvalidPayloadError(
      `tracking number "${trackingNumber}" must be 4–40 letters, digits and dashes (as the carrier prints it)`,
      'tracking',
    );
  return { carrier: id, trackingNumber: number, trackingUrl: trackingUrl(known, number, locale) };
}

/** The carrier's tracking page for `trackingNumber`, in `locale` when the carrier has one per language. */
export function trackingUrl(carrier: Carrier, trackingNumber: string, locale: string): string {
  return pickText(carrier.url, locale, 'en').replaceAll('{tracking}', encodeURIComponent(trackingNumber));
}

/** The carrier's name in `locale`; the id itself for a carrier this shop no longer lists. */
export function carrierName(carriers: Carriers, id: string, locale: string): string {
  const carrier = carriers[id];
  return carrier ? pickText(carrier.name, locale, 'en') : id;
}

const shippedText: LocalizedText = {
  ja: 'ご注文 {order} を発送しました。{carrier}のお問い合わせ番号は {tracking} です。配送状況はこちら：\n{url}',
  en: 'Your order {order} has shipped with {carrier}, tracking number {tracking}. Track it here:\n{url}',
};

const shippedUntrackedText: LocalizedText = {
  ja: 'ご注文 {order} を発送しました。お届けまで今しばらくお待ちください。',
  en: 'Your order {order} has shipped. It will be with you soon.',
};

const statusTexts: Record<Order['status'], LocalizedText> = {
  awaiting_payment: {
    ja: 'ご注文 {order}（{date}）はお支払い待ちです。',
    en: 'Your order {order} ({date}) is waiting for payment.',
  },
  paid: {
    ja: 'ご注文 {order}（{date}）はお支払い済みで、発送の準備中です。発送時にお問い合わせ番号をお送りします。',
    en: "Your order {order} ({date}) is paid and being prepared. We'll send the tracking number when it ships.",
  },
  fulfilled: { ja: 'ご注文 {order}（{date}）は発送済みです。', en: 'Your order {order} ({date}) has shipped.' },
  expired: {
    ja: 'ご注文 {order}（{date}）はお支払い期限が過ぎたため取り消されました。',
    en: 'Your order {order} ({date}) lapsed unpaid.',
  },
  cancelled: {
    ja: 'ご注文 {order}（{date}）はキャンセルされました。',
    en: 'Your order {order} ({date}) was cancelled.',
  },
  refunded: { ja: 'ご注文 {order}（{date}）は返金済みです。', en: 'Your order {order} ({date}) was refunded.' },
  payment_mismatch: {
    ja: 'ご注文 {order}（{date}）のお支払いは担当者が確認中です。',
    en: 'Our staff are checking the payment of your order {order} ({date}).',
  },
};

const trackingLine: LocalizedText = {
  ja: '{carrier} お問い合わせ番号 {tracking}\n{url}',
  en: '{carrier}, tracking number {tracking}:\n{url}',
};

const cancelledText: LocalizedText = {
  ja: 'ご注文 {order} をキャンセルしました。ご不明な点はこのチャットでお知らせください。',
  en: 'Your order {order} has been cancelled. Reply here if you have any questions.',
};

const refundedText: LocalizedText = {
  ja: 'ご注文 {order} の代金 {total} を返金しました。カード会社などの処理により、反映まで数日かかる場合があります。',
  en: 'We have refunded {total} for your order {order}. It may take a few days to show with your bank or card.',
};

const fill = (text: LocalizedText, locale: string, values: Record<string, string>) =>
  pickText(text, locale, 'en').replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * What the shopper is told when their order ships, in the order's language, with the carrier's
 * tracking link (without a shipment: that it has shipped).
 */
export function shippedMessage(
  order: Pick<Order, 'id' | 'locale'>,
  shipment: OrderShipment | undefined,
  carriers: Carriers,
): string {
  if (!shipment) return fill(shippedUntrackedText, order.locale, { order: order.id });
  return fill(shippedText, order.locale, {
    order: order.id,
    carrier: carrierName(carriers, shipment.carrier, order.locale),
    tracking: shipment.trackingNumber,
    url: shipment.trackingUrl,
  });
}

/** What the shopper is told when the merchant cancels their order. */
export function cancelledMessage(order: Pick<Order, 'id' | 'locale'>): string {
  return fill(cancelledText, order.locale, { order: order.id });
}

/** What the shopper is told when their order is refunded; `total` as formatted in their language. */
export function refundedMessage(order: Pick<Order, 'id' | 'locale'>, total: string): string {
  return fill(refundedText, order.locale, { order: order.id, total });
}

/** The day an order was placed, in the shop's time zone and the shopper's language (`2026/11/22`, `Nov 22, 2026`). */
export function orderDay(order: Pick<Order, 'createdAt'>, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(order.createdAt));
}

/**
 * "Where is my order?": one order's status in `locale`, and for a shipped one the carrier, the
 * tracking number and the tracking link.
 */
export function orderStatusMessage(order: Order, locale: string, carriers: Carriers, timeZone: string): string {
  const head = fill(statusTexts[order.status], locale, {
    order: order.id,
    date: orderDay(order, locale, timeZone),
  });
  if (!order.shipment) return head;
  return `${head}\n${fill(trackingLine, locale, {
    carrier: carrierName(carriers, order.shipment.carrier, locale),
    tracking: order.shipment.trackingNumber,
    url: order.shipment.trackingUrl,
  })}`;
}
