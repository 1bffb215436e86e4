import { orderItems, ConfigError, type Order, type PaymentEvent, type PaymentProvider } from '../../core/index.js';

export interface TelegramPaymentOptions {
  /** TELEGRAM_PAYMENT_PROVIDER_TOKEN from @BotFather → Payments (Stripe, Smart Glocal…; test tokens end in TEST). */
  providerToken: string;
  /** For shoppers on other channels, who cannot see a Telegram invoice. */
  publicUrl: string;
}

const shorten = (text: string, max: number) =>
  [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;

/**
 * Telegram Payments: the order becomes a native invoice in the chat (`sendInvoice`), priced line by
 * line from the order in the currency's smallest unit (as Telegram counts it: ¥1,200 is 1200). The
 * shopper pays inside Telegram; `pre_checkout_query` is answered after re-checking the order and
 * `successful_payment` arrives through the Telegram channel's webhook as a payment event. Only for
 * conversations on Telegram: route it with a kaiwa.yaml rule `{ channel: telegram, provider: telegram }`.
 */
export function createTelegramPaymentProvider(options: TelegramPaymentOptions): PaymentProvider {
  if (!/^\d+:[\w:-]+$/.test(options.providerToken))
    throw new ConfigError(
      'TELEGRAM_PAYMENT_PROVIDER_TOKEN must be the provider token from @BotFather → Payments (digits, a colon, then the token)',
    );
  return {
    name: 'telegram',
    async createPayment(order: Order) {
      return {
        kind: 'invoice',
        channel: 'telegram',
        method: 'sendInvoice',
        url: `${options.publicUrl.replace(/\/+$/, '')}/payments/telegram/return?order=${encodeURIComponent(order.id)}`,
        payload: {
          title: shorten(order.id, 32),
          description: shorten(order.lines.map((line) => `${line.title} × ${line.quantity}`).join(', '), 255),
          payload: order.id,
          provider_token: options.providerToken,
          currency: order.total.currency,
          prices: orderItems(order).map((line) => ({
            label: shorten(line.charge ? line.title : `${line.title} × ${line.quantity}`, 60),
            amount: line.unitPrice.amount * line.quantity,
          })),
        },
      };
    },
    // Telegram reports payments in the chat itself (successful_payment), through the channel's webhook.
    async handleCallback(): Promise<PaymentEvent[]> {
      return [];
    },
  };
}
