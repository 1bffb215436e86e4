import type * as PayPaySdk from '@paypayopa/paypayopa-sdk-node';
import { ConfigError, UpstreamUnreachableError } from '../../core/index.js';

// The SDK is CommonJS; its default export carries the class and the host configuration.
type Sdk = typeof PayPaySdk;
type SdkClient = InstanceType<Sdk['PayPayRestSDK']>;

export interface PayPayClientOptions {
  /** PAYPAY_API_KEY and PAYPAY_API_SECRET from PayPay for Developers (sandbox and production differ). */
  apiKey: string;
  apiSecret: string;
  /** PAYPAY_MERCHANT_ID: sent as X-ASSUME-MERCHANT. */
  merchantId: string;
  /** PAYPAY_ENV: `sandbox` (default) or `production`. */
  environment: 'sandbox' | 'production';
  /** PAYPAY_API_BASE: an https:// origin that replaces the environment's host (tests, proxies). */
  apiBase?: string;
}

/** PayPay's answer: `resultInfo.code` is SUCCESS or an error code such as DUPLICATE_DYNAMIC_QR_REQUEST. */
export interface PayPayResult<T> {
  status: number;
  code: string;
  message: string;
  data: T | undefined;
}

export interface PayPayClient {
  createCode(
    payload: Record<string, unknown>,
  ): Promise<PayPayResult<{ codeId: string; url: string; deeplink?: string; expiryDate?: number }>>;
  paymentDetails(merchantPaymentId: string): Promise<PayPayResult<PayPayPaymentDetails>>;
  refund(
    payload: Record<string, unknown>,
  ): Promise<PayPayResult<{ status: string; merchantRefundId: string; amount: { amount: number; currency: string } }>>;
}

export interface PayPayPaymentDetails {
  paymentId?: string;
  status: 'CREATED' | 'AUTHORIZED' | 'REAUTHORIZING' | 'COMPLETED' | 'REFUNDED' | 'FAILED' | 'CANCELED' | 'EXPIRED';
  merchantPaymentId: string;
  amount: { amount: number; currency: string };
  acceptedAt?: number;
}

/**
 * The official SDK (`@paypayopa/paypayopa-sdk-node`), which signs every call with PayPay's
 * `hmac OPA-Auth` header. Its transport answers `{ STATUS, BODY }` or `{ STATUS, ERROR }`; this
 * wraps both into one result and turns network failures into UpstreamUnreachableError.
 */
export async function createPayPayClient(options: PayPayClientOptions): Promise<PayPayClient> {
  const sdk = ((await import('@paypayopa/paypayopa-sdk-node')) as unknown as { default: Sdk }).default;
  let conf: InstanceType<Sdk['Conf']> | undefined;
  if (options.apiBase) {
    let url: URL;
    try {
      url = new URL(options.apiBase);
    } catch {
      throw new ConfigError(`PAYPAY_API_BASE must be an https:// URL, got "${options.apiBase}"`);
    }
    if (url.protocol !== 'https:')
      throw new ConfigError('PAYPAY_API_BASE must be an https:// URL: the PayPay SDK only speaks HTTPS');
    conf = new sdk.Conf({ hostName: url.hostname, portNumber: Number(url.port || 443) });
  }
  const client: SdkClient = new sdk.PayPayRestSDK();
  client.configure({
    clientId: options.apiKey,
    clientSecret: options.apiSecret,
    merchantId: options.merchantId,
    ...(conf ? { conf } : { env: options.environment === 'production' ? 'PROD' : 'STAGING' }),
  });
  // The SDK prints a troubleshooting link to stdout on every non-2xx answer; Kaiwa reports errors itself.
  const transport = Object.create(
    Object.getPrototypeOf((client as unknown as { httpsClient: object }).httpsClient) as object,
  ) as { printDebugMessage: () => void };
  transport.printDebugMessage = () => undefined;
  client.setHttpsClient(transport as never);

  const call = async <T>(
    what: string,
    run: () => Promise<{ STATUS: number; BODY?: object | null; ERROR?: string }>,
  ): Promise<PayPayResult<T>> => {
    const answer = await run();
    if (answer.ERROR !== undefined && answer.BODY === undefined)
      throw new UpstreamUnreachableError(`PayPay ${what}: ${answer.ERROR}`);
    const body = (answer.BODY ?? {}) as { resultInfo?: { code?: string; message?: string }; data?: T };
    return {
      status: answer.STATUS,
      code: body.resultInfo?.code ?? `HTTP_${answer.STATUS}`,
      message: body.resultInfo?.message ?? '',
      data: body.data,
    };
  };
  return {
    createCode: (payload) => call('create QR code', () => client.qrCodeCreate(payload) as never),
    paymentDetails: (merchantPaymentId) =>
      call('payment details', () => client.getCodePaymentDetails([merchantPaymentId]) as never),
    refund: (payload) => call('refund', () => client.paymentRefund(payload) as never),
  };
}
