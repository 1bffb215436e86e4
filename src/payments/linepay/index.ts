import {
  orderItems,
  InvalidPayloadError,
  type Order,
  type PaymentContext,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type RawRequest,
} from '../../core/index.js';
import { decimal, fromLinePayAmount, stringifyWithDecimals, toLinePayAmount } from './amounts.js';
import { createLinePayClient, type LinePayAnswer, type LinePayCall, type LinePayClientOptions } from './client.js';

export interface LinePayPaymentOptions extends LinePayClientOptions {
  /** Base URL the shopper's browser reaches this server at: LINE Pay sends the shopper back there. */
  publicUrl: string;
}

interface PayInfo {
  method?: string;
  amount: string;
}

// Codes from LINE Pay's v3 reference.
const alreadyConfirmed = new Set(['1172', '1152']);
const notApprovedYet = new Set(['1169', '1145']);
/** The payment itself was declined (card refused, balance short, expired): the shopper is told, the order stays open until it expires. */
const declined = new Set(['1110', '1141', '1142', '1154', '1180', '1280', '1281', '1282', '1283']);

/**
 * LINE Pay Online API v3 (Taiwan, Thailand; LINE Pay Japan closed in April 2025). Request API →
 * the shopper approves on LINE Pay's page → LINE Pay sends the browser to `confirmUrl`
 * (`GET /payments/linepay/return`) → Confirm API settles it. There is no webhook: the return
 * settles, and the status poll catches shoppers who closed the page before coming back.
 * transactionIds exceed 2^53 and stay strings end to end.
 */
export function createLinePayPaymentProvider(options: LinePayPaymentOptions): PaymentProvider {
  const call = createLinePayClient(options);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  return {
    name: 'linepay',
    createPayment: (order: Order, context) => requestPayment(call, publicUrl, order, context),
    // LINE Pay's Online API sends no webhook for payments: the return and the poll settle them.
    async handleCallback(): Promise<PaymentEvent[]> {
      return [];
    },
    handleReturn: (request: RawRequest, order: Order | undefined) => settleReturn(call, request, order),
    status: (order: Order) => checkStatus(call, order),
    refund: (order: Order) => refundTransaction(call, order),
  };
}

const failed = (what: string, answer: LinePayAnswer<unknown>) =>
  new Error(`LINE Pay ${what} failed (${answer.returnCode}): ${answer.returnMessage}`);

function paidEvent(order: Order, transactionId: string, payInfo: PayInfo[] | undefined): PaymentEvent[] {
  // What LINE Pay says it took (points and card together), or the confirmed total.
  const amount =
    payInfo && payInfo.length > 0
      ? payInfo.reduce((sum, info) => sum + fromLinePayAmount(info.amount, order.total.currency), 0)
      : order.total.amount;
  return [
    {
      providerEventId: `linepay:${transactionId}:paid`,
      provider: 'linepay',
      orderId: order.id,
      status: 'paid',
      amount: { amount, currency: order.total.currency },
      raw: { transactionId },
    },
  ];
}

/** A transaction already confirmed (by another instance, a reload of the page, the poll): read what was paid. */
async function details(call: LinePayCall, order: Order, transactionId: string): Promise<PaymentEvent[]> {
  const answer = await call<{ transactionId: string; transactionType: string; payInfo?: PayInfo[] }[]>(
    'GET',
    '/v3/payments',
    { query: new URLSearchParams({ transactionId }) },
  );
  if (answer.returnCode !== '0000') throw failed('payment details', answer);
  const payment = answer.info?.find(
    (info) => info.transactionId === transactionId && info.transactionType === 'PAYMENT',
  );
  return payment ? paidEvent(order, transactionId, payment.payInfo) : [];
}

async function confirm(call: LinePayCall, order: Order, transactionId: string): Promise<PaymentEvent[]> {
  const body = stringifyWithDecimals({
    amount: decimal(toLinePayAmount(order.total)),
    currency: order.total.currency,
  });
  const answer = await call<{ orderId: string; transactionId: string; payInfo?: PayInfo[] }>(
    'POST',
    `/v3/payments/${transactionId}/confirm`,
    { body },
  );
  if (answer.returnCode === '0000') return paidEvent(order, transactionId, answer.info?.payInfo);
  if (alreadyConfirmed.has(answer.returnCode)) return details(call, order, transactionId);
  if (notApprovedYet.has(answer.returnCode)) return [];
  if (declined.has(answer.returnCode))
    return [
      {
        providerEventId: `linepay:${transactionId}:failed`,
        provider: 'linepay',
        orderId: order.id,
        status: 'failed',
        amount: order.total,
        raw: { transactionId, returnCode: answer.returnCode },
      },
    ];
  throw failed(`confirm of order ${order.id}`, answer);
}

/** LINE Pay's payment page language for the shopper's locale. */
const displayLocale = (locale: string) =>
  locale === 'ja' ? 'ja' : locale === 'th' ? 'th' : locale.startsWith('zh') ? 'zh_TW' : 'en';

/** Request API: one package priced line by line from the order; the shopper is sent to LINE Pay's page. */
async function requestPayment(
  call: LinePayCall,
  publicUrl: string,
  order: Order,
  context: PaymentContext,
): Promise<PaymentRequest> {
  const packageAmount = toLinePayAmount(order.total);
  const body = stringifyWithDecimals({
    amount: decimal(packageAmount),
    currency: order.total.currency,
    orderId: order.id,
    packages: [
      {
        id: order.id,
        amount: decimal(packageAmount),
        name: order.id,
        products: orderItems(order).map((line) => ({
          id: line.id,
          name: line.title.slice(0, 4000),
          quantity: line.quantity,
          price: decimal(toLinePayAmount(line.unitPrice)),
        })),
      },
    ],
    redirectUrls: {
      confirmUrl: `${publicUrl}/payments/linepay/return?order=${encodeURIComponent(order.id)}`,
      cancelUrl: `${publicUrl}/payments/linepay/return?order=${encodeURIComponent(order.id)}&outcome=cancel`,
    },
    options: { payment: { capture: true }, display: { locale: displayLocale(context.locale) } },
  });
  const answer = await call<{ transactionId: string; paymentUrl: { web: string; app: string } }>(
    'POST',
    '/v3/payments/request',
    { body },
  );
  if (answer.returnCode !== '0000' || !answer.info) throw failed(`payment request for order ${order.id}`, answer);
  return { kind: 'link', url: answer.info.paymentUrl.web, reference: answer.info.transactionId };
}

/** The shopper back from LINE Pay's page: confirms the order's own transaction, unless they cancelled. */
async function settleReturn(call: LinePayCall, request: RawRequest, order: Order | undefined): Promise<PaymentEvent[]> {
  const query = new URL(request.url).searchParams;
  if (query.get('outcome') === 'cancel' || !order) return [];
  const transactionId = query.get('transactionId') ?? '';
  if (!/^\d{1,32}$/.test(transactionId))
    throw new InvalidPayloadError("transactionId must be LINE Pay's numeric transaction id", 'transactionId');
  // Only the transaction this order was given: a shopper cannot settle an order with another one.
  if (order.paymentReference !== transactionId)
    throw new InvalidPayloadError(`transaction ${transactionId} does not belong to order ${order.id}`, 'transactionId');
  if (order.status !== 'awaiting_payment') return [];
  return confirm(call, order, transactionId);
}

/** The poll: confirms a payment the shopper approved but never came back from, reads a completed one. */
async function checkStatus(call: LinePayCall, order: Order): Promise<PaymentEvent[]> {
  const transactionId = order.paymentReference;
  if (!transactionId) return [];
  const answer = await call<unknown>('GET', `/v3/payments/requests/${transactionId}/check`);
  switch (answer.returnCode) {
    case '0110': // approved by the shopper, not confirmed yet (they closed the page)
      return confirm(call, order, transactionId);
    case '0123': // completed
      return details(call, order, transactionId);
    default: // 0000 waiting for the shopper; 0121 cancelled or expired; 0122 failed: the order expires on its own
      return [];
  }
}

/** A full refund of the order's transaction; one already refunded (1165) counts as done. */
async function refundTransaction(call: LinePayCall, order: Order): Promise<PaymentEvent | undefined> {
  const transactionId = order.paymentReference;
  if (!transactionId) throw new Error(`order ${order.id} has no LINE Pay transaction to refund`);
  const answer = await call<{ refundTransactionId: string }>('POST', `/v3/payments/${transactionId}/refund`, {
    body: '{}',
  });
  if (answer.returnCode === '1165')
    return {
      providerEventId: `linepay:${transactionId}:refunded`,
      provider: 'linepay',
      orderId: order.id,
      status: 'refunded',
      amount: order.total,
    };
  if (answer.returnCode !== '0000' || !answer.info) throw failed(`refund of order ${order.id}`, answer);
  return {
    providerEventId: `linepay:${transactionId}:refunded`,
    provider: 'linepay',
    orderId: order.id,
    status: 'refunded',
    amount: order.total,
    raw: { refundTransactionId: answer.info.refundTransactionId },
  };
}
