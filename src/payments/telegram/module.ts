import type { PaymentModule } from '../../core/index.js';
import { createTelegramPaymentProvider } from './index.js';

/** Telegram Payments: an invoice in the chat, through the payment provider connected in @BotFather. */
export const telegramPayments: PaymentModule = {
  name: 'telegram',
  label: 'Telegram Payments',
  variables: ['TELEGRAM_PAYMENT_PROVIDER_TOKEN'],
  async fromEnv(settings, { publicUrl }) {
    const providerToken = settings.string('TELEGRAM_PAYMENT_PROVIDER_TOKEN');
    return providerToken ? createTelegramPaymentProvider({ providerToken, publicUrl }) : undefined;
  },
};
