import type { PaymentEvent } from '../../core/index.js';
import type { PayPayPaymentDetails } from './client.js';

/**
 * PayPay's own record of a payment → what it means for the order. Only what PayPay's API answers
 * counts (never a webhook body alone). Keyed by PayPay's paymentId and outcome, so the webhook, the
 * shopper's return and the status poll reporting one payment pay the order once.
 */
export function paymentEventsOf(orderId: string, details: PayPayPaymentDetails): PaymentEvent[] {
  const key = details.paymentId ?? details.merchantPaymentId;
  const amount = { amount: details.amount.amount, currency: details.amount.currency.toUpperCase() };
  const event = (status: PaymentEvent['status']): PaymentEvent[] => [
    {
      providerEventId: `paypay:${key}:${status}`,
      provider: 'paypay',
      orderId,
      status,
      amount,
      raw: { paymentId: details.paymentId, status: details.status },
    },
  ];
  switch (details.status) {
    case 'COMPLETED':
      return event('paid');
    case 'FAILED':
    case 'CANCELED':
      return event('failed');
    case 'EXPIRED':
      return event('expired');
    case 'REFUNDED':
      return event('refunded');
    default:
      // CREATED (not paid yet), AUTHORIZED and REAUTHORIZING (pre-auth, which Kaiwa does not request).
      return [];
  }
}
