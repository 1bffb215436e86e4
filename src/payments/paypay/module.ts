import { requirePackages, type PaymentModule } from '../../core/index.js';

/** PayPay's web payment (QR or app), settled by notifications and by polling its status API. */
export const paypayPayments: PaymentModule = {
  name: 'paypay',
  label: 'PayPay',
  variables: ['PAYPAY_API_KEY', 'PAYPAY_API_SECRET', 'PAYPAY_MERCHANT_ID', 'PAYPAY_ENV', 'PAYPAY_API_BASE'],
  async fromEnv(settings, { publicUrl }) {
    const environment = settings.oneOf('PAYPAY_ENV', ['sandbox', 'production'], 'sandbox');
    const apiBase = settings.url('PAYPAY_API_BASE');
    const paypay = settings.group('PayPay', ['PAYPAY_API_KEY', 'PAYPAY_API_SECRET', 'PAYPAY_MERCHANT_ID']);
    if (!paypay) return undefined;
    requirePackages('PayPay', ['@paypayopa/paypayopa-sdk-node']);
    const { createPayPayPaymentProvider } = await import('./index.js');
    return createPayPayPaymentProvider({
      apiKey: paypay.PAYPAY_API_KEY,
      apiSecret: paypay.PAYPAY_API_SECRET,
      merchantId: paypay.PAYPAY_MERCHANT_ID,
      environment,
      publicUrl,
      ...(apiBase ? { apiBase } : {}),
    });
  },
};
