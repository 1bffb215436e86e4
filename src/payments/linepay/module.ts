import type { PaymentModule } from '../../core/index.js';

/** LINE Pay (Taiwan, Thailand): request, then confirm when the shopper comes back. */
export const linepayPayments: PaymentModule = {
  name: 'linepay',
  label: 'LINE Pay',
  variables: ['LINE_PAY_CHANNEL_ID', 'LINE_PAY_CHANNEL_SECRET', 'LINE_PAY_ENV', 'LINE_PAY_API_BASE'],
  async fromEnv(settings, { publicUrl }) {
    const environment = settings.oneOf('LINE_PAY_ENV', ['sandbox', 'production'], 'sandbox');
    const apiBase = settings.url('LINE_PAY_API_BASE');
    const linepay = settings.group('LINE Pay', ['LINE_PAY_CHANNEL_ID', 'LINE_PAY_CHANNEL_SECRET']);
    if (!linepay) return undefined;
    const { createLinePayPaymentProvider } = await import('./index.js');
    return createLinePayPaymentProvider({
      channelId: linepay.LINE_PAY_CHANNEL_ID,
      channelSecret: linepay.LINE_PAY_CHANNEL_SECRET,
      environment,
      publicUrl,
      ...(apiBase ? { apiBase } : {}),
    });
  },
};
