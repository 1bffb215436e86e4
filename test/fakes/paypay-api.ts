import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway certificate for 127.0.0.1: the PayPay SDK speaks HTTPS only. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PayPayRequest {
  method: string;
  path: string;
  merchant: string | undefined;
  body: Record<string, unknown> | undefined;
}

interface Code {
  merchantPaymentId: string;
  codeId: string;
  amount: { amount: number; currency: string };
  paymentId?: string;
  status: 'CREATED' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'REFUNDED';
}

/**
 * A local PayPay Open Payment API over HTTPS, in PayPay's wire format: `{ resultInfo, data }`. It
 * checks the `hmac OPA-Auth:` header as PayPay does (HMAC-SHA256 over path, method, nonce, epoch,
 * content type and the body's MD5), refuses a second code for one merchantPaymentId, and `pay(id)`
 * is the shopper paying in the PayPay app.
 */
export async function startFakePayPay(options: { apiKey: string; apiSecret: string; merchantId: string }) {
  const { key, cert } = selfSignedCertificate();
  const requests: PayPayRequest[] = [];
  const codes = new Map<string, Code>();
  const refunds = new Map<string, Record<string, unknown>>();
  /** Answers to force: the next N calls get HTTP 500 (PayPay having a bad minute). */
  let failNext = 0;
  const result = (code: string, message = code) => ({ resultInfo: { code, message, codeId: '08100001' } });

  const authorised = (method: string, path: string, header: string | undefined, raw: string): boolean => {
    const match = /^hmac OPA-Auth:([^:]+):([^:]+):([^:]+):(\d+):(.+)$/.exec(header ?? '');
    if (!match) return false;
    const [, clientId, mac, nonce, epoch, digest] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (clientId !== options.apiKey || Math.abs(Date.now() / 1000 - Number(epoch)) > 120) return false;
    const contentType = raw ? 'application/json' : 'empty';
    const expectedDigest = raw ? createHash('md5').update(contentType).update(raw).digest('base64') : 'empty';
    if (digest !== expectedDigest) return false;
    const expected = createHmac('sha256', options.apiSecret)
      .update([path, method, nonce, epoch, contentType, expectedDigest].join('\n'))
      .digest('base64');
    return mac === expected;
  };

  const server = createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'https://paypay.test');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      const method = request.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        merchant: request.headers['x-assume-merchant'] as string | undefined,
        body,
      });
      const answer = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (failNext > 0) {
        failNext--;
        return answer(500, result('INTERNAL_SERVER_ERROR', 'Something went wrong on PayPay service side'));
      }
      if (!authorised(method, url.pathname, request.headers.authorization, raw))
        return answer(401, result('UNAUTHORIZED', 'Invalid authorization'));
      if (request.headers['x-assume-merchant'] !== options.merchantId)
        return answer(400, result('INVALID_PARAMS', 'Invalid merchant'));
      if (method === 'POST' && url.pathname === '/v2/codes') {
        const input = body as {
          merchantPaymentId: string;
          amount: { amount: number; currency: string };
          orderItems?: { quantity: number; unitPrice: { amount: number } }[];
        };
        if (codes.has(input.merchantPaymentId))
          return answer(400, result('DUPLICATE_DYNAMIC_QR_REQUEST', 'Duplicate Dynamic QR request error'));
        if (!Number.isInteger(input.amount.amount) || input.amount.currency !== 'JPY')
          return answer(400, result('INVALID_PARAMS', 'Invalid amount'));
        const items = input.orderItems ?? [];
        if (
          items.length > 0 &&
          items.reduce((sum, item) => sum + item.quantity * item.unitPrice.amount, 0) !== input.amount.amount
        )
          return answer(400, result('INVALID_PARAMS', 'orderItems do not add up to amount'));
        const code: Code = {
          merchantPaymentId: input.merchantPaymentId,
          codeId: `04-${randomBytes(8).toString('hex')}`,
          amount: input.amount,
          status: 'CREATED',
        };
        codes.set(code.merchantPaymentId, code);
        return answer(201, {
          ...result('SUCCESS', 'Success'),
          data: {
            codeId: code.codeId,
            url: `https://qr-stg.sandbox.paypay.ne.jp/28180104${code.codeId.slice(3)}`,
            deeplink: `paypay://payment?link_key=${code.codeId}`,
            expiryDate: body?.expiryDate,
            merchantPaymentId: code.merchantPaymentId,
            amount: code.amount,
            codeType: 'ORDER_QR',
            redirectUrl: body?.redirectUrl,
          },
        });
      }
      const details = /^\/v2\/codes\/payments\/([^/]+)$/.exec(url.pathname);
      if (method === 'GET' && details) {
        const code = codes.get(decodeURIComponent(details[1]!));
        if (!code) return answer(404, result('DYNAMIC_QR_PAYMENT_NOT_FOUND', 'Dynamic QR payment not found'));
        return answer(200, {
          ...result('SUCCESS', 'Success'),
          data: {
            merchantPaymentId: code.merchantPaymentId,
            status: code.status,
            amount: code.amount,
            ...(code.paymentId ? { paymentId: code.paymentId, acceptedAt: Math.floor(Date.now() / 1000) } : {}),
          },
        });
      }
      if (method === 'POST' && url.pathname === '/v2/refunds') {
        const input = body as {
          merchantRefundId: string;
          paymentId: string;
          amount: { amount: number; currency: string };
        };
        const code = [...codes.values()].find((candidate) => candidate.paymentId === input.paymentId);
        if (!code || (code.status !== 'COMPLETED' && code.status !== 'REFUNDED'))
          return answer(400, result('INVALID_PARAMS', 'No completed payment'));
        if (!refunds.has(input.merchantRefundId)) {
          if (input.amount.amount > code.amount.amount)
            return answer(400, result('INVALID_PARAMS', 'Refund exceeds the payment'));
          refunds.set(input.merchantRefundId, {
            status: 'CREATED',
            merchantRefundId: input.merchantRefundId,
            paymentId: input.paymentId,
            amount: input.amount,
          });
          code.status = 'REFUNDED';
        }
        return answer(201, { ...result('SUCCESS', 'Success'), data: refunds.get(input.merchantRefundId) });
      }
      answer(404, result('NOT_FOUND', `${method} ${url.pathname}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    cert,
    requests,
    codes,
    refunds,
    /** The shopper pays (or the payment fails, or the code lapses) in the PayPay app. */
    settle(merchantPaymentId: string, status: 'COMPLETED' | 'FAILED' | 'EXPIRED' = 'COMPLETED', amount?: number) {
      const code = codes.get(merchantPaymentId);
      if (!code) throw new Error(`no PayPay code for ${merchantPaymentId}`);
      code.status = status;
      code.paymentId = `0${Date.now()}${randomBytes(3).toString('hex')}`;
      if (amount !== undefined) code.amount = { ...code.amount, amount };
    },
    failNext(count: number) {
      failNext = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
