import {
  orderItems,
  ConfigError,
  InvalidPayloadError,
  parseJsonBytes,
  type Order,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type RawRequest,
} from '../../core/index.js';
import { createPayPayClient, type PayPayClient, type PayPayClientOptions } from './client.js';
import { paymentEventsOf } from './events.js';

export interface PayPayPaymentOptions extends PayPayClientOptions {
  /** Base URL the shopper's browser reaches this server at, for the return page. */
  publicUrl: string;
  now?: () => Date;
}

// PayPay's dynamic QR codes live between 1 minute and 5 days; the default would be 5 minutes.
const minExpiryMs = 60_000;
const maxExpiryMs = 5 * 86_400_000;

/**
 * PayPay (Japan's most used QR wallet): one dynamic QR code per order (`POST /v2/codes`, ORDER_QR),
 * whose URL opens the PayPay app on a phone or shows the QR on a computer; JPY only, priced line by
 * line from the order. PayPay's webhooks carry no signature, so a callback is only a hint: the
 * payment's state is always read back from PayPay's API (`GET /v2/codes/payments/{id}`), which is
 * also what the return page and the status poll (`status`) do.
 */
export async function createPayPayPaymentProvider(options: PayPayPaymentOptions): Promise<PaymentProvider> {
  for (const [name, value] of [
    ['PAYPAY_API_KEY', options.apiKey],
    ['PAYPAY_API_SECRET', options.apiSecret],
    ['PAYPAY_MERCHANT_ID', options.merchantId],
  ] as const) {
    if (!/^[\w-]{4,}$/.test(value))
      throw new ConfigError(
        `${name} must be the value from PayPay for Developers (letters, digits, - and _), got ${value.length} characters`,
      );
  }
  const client = await createPayPayClient(options);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  return {
    name: 'paypay',
    createPayment: (order: Order) => createCode(client, publicUrl, now, order),
    handleCallback: (request: RawRequest) => handleNotification(client, options.merchantId, request),
    async handleReturn(request: RawRequest): Promise<PaymentEvent[]> {
      return lookup(client, orderIdOf(new URL(request.url).searchParams.get('order'), 'order'));
    },
    status: (order: Order) => lookup(client, order.id),
    refund: (order: Order) => refundPayment(client, order),
  };
}

const failed = (what: string, result: { status: number; code: string; message: string }) =>
  new Error(`PayPay ${what} failed (${result.status} ${result.code}): ${result.message}`);

/** The payment's state as PayPay's API tells it: the only source trusted, callbacks being unsigned. */
async function lookup(client: PayPayClient, orderId: string): Promise<PaymentEvent[]> {
  const result = await client.paymentDetails(orderId);
  // Not found: no QR code for that id at PayPay (a forged or foreign callback).
  if (result.code === 'DYNAMIC_QR_PAYMENT_NOT_FOUND' || result.code === 'ORDER_NOT_AVAILABLE' || result.status === 404)
    return [];
  if (result.code !== 'SUCCESS' || !result.data) throw failed('payment details', result);
  return paymentEventsOf(orderId, result.data);
}

function orderIdOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[\w-]{1,64}$/.test(value))
    throw new InvalidPayloadError(`PayPay ${field} must be an order id (letters, digits, - and _, up to 64)`, field);
  return value;
}

/** One dynamic QR code for the order (JPY only), expiring with its stock reservation within PayPay's bounds. */
async function createCode(
  client: PayPayClient,
  publicUrl: string,
  now: () => Date,
  order: Order,
): Promise<PaymentRequest> {
  if (order.total.currency !== 'JPY')
    throw new ConfigError(
      `PayPay takes JPY only; order ${order.id} is in ${order.total.currency}. Route other currencies to another provider in kaiwa.yaml payments.rules`,
    );
  const expiresIn = Math.min(maxExpiryMs, Math.max(minExpiryMs, Date.parse(order.expiresAt) - now().getTime()));
  const result = await client.createCode({
    merchantPaymentId: order.id,
    codeType: 'ORDER_QR',
    // JPY has no minor unit: ¥1,200 is 1200 for Kaiwa and for PayPay.
    amount: { amount: order.total.amount, currency: 'JPY' },
    orderDescription: orderItems(order)
      .map((line) => `${line.title} × ${line.quantity}`)
      .join(', ')
      .slice(0, 255),
    orderItems: orderItems(order).map((line) => ({
      name: line.title.slice(0, 150),
      productId: line.id,
      quantity: line.quantity,
      unitPrice: { amount: line.unitPrice.amount, currency: 'JPY' },
    })),
    isAuthorization: false,
    redirectType: 'WEB_LINK',
    redirectUrl: `${publicUrl}/payments/paypay/return?order=${encodeURIComponent(order.id)}`,
    expiryDate: Math.floor((now().getTime() + expiresIn) / 1000),
  });
  // A retried checkout for the same order: PayPay refuses a second code for one merchantPaymentId.
  if (result.code === 'DUPLICATE_DYNAMIC_QR_REQUEST' && order.paymentUrl)
    return { kind: 'link', url: order.paymentUrl };
  if (result.code !== 'SUCCESS' || !result.data?.url) throw failed('QR code', result);
  return {
    kind: 'link',
    url: result.data.url,
    ...(result.data.expiryDate ? { expiresAt: new Date(result.data.expiryDate * 1000).toISOString() } : {}),
  };
}

/** A webhook notification: only a hint naming the order, whose payment is then read back from PayPay. */
async function handleNotification(
  client: PayPayClient,
  merchantId: string,
  request: RawRequest,
): Promise<PaymentEvent[]> {
  const parsed = parseJsonBytes(request.body);
  if (!parsed) throw new InvalidPayloadError('the PayPay notification is not JSON');
  if (parsed.value === null || typeof parsed.value !== 'object')
    throw new InvalidPayloadError('the PayPay notification is not a JSON object');
  const body = parsed.value as Record<string, unknown>;
  if (body.notification_type !== undefined && body.notification_type !== 'Transaction') return [];
  // Another merchant's notification (or a forged one naming one): not worth a call to PayPay.
  if (body.merchant_id !== undefined && String(body.merchant_id) !== merchantId) return [];
  return lookup(client, orderIdOf(body.merchant_order_id, 'merchant_order_id'));
}

/** A full refund of the order's payment, found by its merchantPaymentId (the order id). */
async function refundPayment(client: PayPayClient, order: Order): Promise<PaymentEvent | undefined> {
  const details = await client.paymentDetails(order.id);
  const paymentId = details.data?.paymentId;
  if (details.code !== 'SUCCESS' || !paymentId) throw failed(`payment lookup for order ${order.id}`, details);
  const merchantRefundId = `${order.id}-refund`;
  const result = await client.refund({
    merchantRefundId,
    paymentId,
    amount: { amount: order.total.amount, currency: order.total.currency },
    reason: 'Refund from the merchant',
  });
  if (result.code !== 'SUCCESS') throw failed('refund', result);
  return {
    providerEventId: `paypay:${merchantRefundId}:refunded`,
    provider: 'paypay',
    orderId: order.id,
    status: 'refunded',
    amount: order.total,
  };
}
