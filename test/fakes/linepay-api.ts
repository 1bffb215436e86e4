import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LinePayRequest {
  method: string;
  path: string;
  query: string;
  /** The raw JSON text as sent: amounts must be exact decimals. */
  body: string;
  nonce: string | undefined;
}

interface Transaction {
  transactionId: string;
  orderId: string;
  /** Amounts as the decimal text the merchant sent. */
  amount: string;
  currency: string;
  state: 'requested' | 'approved' | 'confirmed' | 'cancelled' | 'refunded';
  /** A code the confirm API answers instead of paying (a declined card: 1141…). */
  decline?: string;
}

/**
 * A local LINE Pay Online API v3 in its wire format: HTTP 200 with `returnCode`, signature checked
 * exactly as LINE Pay does (HMAC-SHA256 over secret + path + body-or-query + nonce), transactionIds
 * beyond 2^53 written as bare JSON numbers. `approve(id)` is the shopper approving on LINE Pay's page.
 */
export async function startFakeLinePay(options: { channelId: string; channelSecret: string }) {
  const requests: LinePayRequest[] = [];
  const transactions = new Map<string, Transaction>();
  const usedNonces = new Set<string>();
  let next = 2026112200000000001n;
  const send = (response: ServerResponse, text: string) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(text);
  };
  const code = (returnCode: string, returnMessage: string, info?: string) =>
    `{"returnCode":"${returnCode}","returnMessage":"${returnMessage}"${info ? `,"info":${info}` : ''}}`;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://linepay.test');
      const query = url.search.slice(1);
      const nonce = request.headers['x-line-authorization-nonce'] as string | undefined;
      const method = request.method ?? 'GET';
      requests.push({ method, path: url.pathname, query, body, nonce });
      const expected = createHmac('sha256', options.channelSecret)
        .update(options.channelSecret + url.pathname + (method === 'GET' ? query : body) + (nonce ?? ''))
        .digest('base64');
      if (
        request.headers['x-line-channelid'] !== options.channelId ||
        !nonce ||
        request.headers['x-line-authorization'] !== expected
      )
        return send(response, code('1106', 'Header information error'));
      if (usedNonces.has(nonce)) return send(response, code('1106', 'Header information error (nonce reused)'));
      usedNonces.add(nonce);

      if (method === 'POST' && url.pathname === '/v3/payments/request') {
        const input = JSON.parse(body) as {
          amount: number;
          currency: string;
          orderId: string;
          packages: { amount: number; products: { quantity: number; price: number }[] }[];
        };
        if ([...transactions.values()].some((transaction) => transaction.orderId === input.orderId))
          return send(response, code('1172', 'There is a record of transaction with the same order number.'));
        // The raw amount text, as a merchant's rounding error would show.
        const amount = /"amount":(-?[\d.]+),"currency"/.exec(body)?.[1] ?? '';
        const sum = input.packages
          .flatMap((pack) => pack.products)
          .reduce((total, product) => total + Math.round(product.price * 100) * product.quantity, 0);
        if (sum !== Math.round(input.amount * 100)) return send(response, code('1124', 'Amount info error (scale)'));
        const transactionId = String(next++);
        transactions.set(transactionId, {
          transactionId,
          orderId: input.orderId,
          amount,
          currency: input.currency,
          state: 'requested',
        });
        return send(
          response,
          code(
            '0000',
            'Success.',
            `{"paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=r${transactionId}","app":"line://pay/payment/r${transactionId}"},"transactionId":${transactionId},"paymentAccessToken":"187568751124"}`,
          ),
        );
      }
      const confirm = /^\/v3\/payments\/(\d+)\/confirm$/.exec(url.pathname);
      if (method === 'POST' && confirm) {
        const transaction = transactions.get(confirm[1]!);
        if (!transaction) return send(response, code('1150', 'Transaction record not found.'));
        if (transaction.state === 'requested')
          return send(response, code('1169', 'Payment method and password must be verified on LINE Pay.'));
        if (transaction.decline) return send(response, code(transaction.decline, 'Payment declined.'));
        if (transaction.state === 'confirmed' || transaction.state === 'refunded')
          return send(response, code('1172', 'There is a record of transaction with the same order number.'));
        const input = /"amount":(-?[\d.]+),"currency":"(\w+)"/.exec(body);
        if (input?.[1] !== transaction.amount || input[2] !== transaction.currency)
          return send(response, code('1153', 'The payment amount is different from the requested amount.'));
        transaction.state = 'confirmed';
        return send(
          response,
          code(
            '0000',
            'Success.',
            `{"orderId":"${transaction.orderId}","transactionId":${transaction.transactionId},"payInfo":[{"method":"CREDIT_CARD","amount":${transaction.amount},"maskedCreditCardNumber":"************1111"}]}`,
          ),
        );
      }
      const check = /^\/v3\/payments\/requests\/(\d+)\/check$/.exec(url.pathname);
      if (method === 'GET' && check) {
        const transaction = transactions.get(check[1]!);
        if (!transaction) return send(response, code('1150', 'Transaction record not found.'));
        const status = {
          requested: ['0000', 'Waiting for the user'],
          approved: ['0110', 'Authorized by the user'],
          confirmed: ['0123', 'Payment complete'],
          refunded: ['0123', 'Payment complete'],
          cancelled: ['0121', 'Cancelled or expired'],
        }[transaction.state];
        return send(response, code(status[0]!, status[1]!));
      }
      if (method === 'GET' && url.pathname === '/v3/payments') {
        const wanted = url.searchParams.get('transactionId');
        const found = [...transactions.values()].filter(
          (transaction) =>
            transaction.transactionId === wanted &&
            (transaction.state === 'confirmed' || transaction.state === 'refunded'),
        );
        return send(
          response,
          code(
            '0000',
            'Success.',
            `[${found.map((transaction) => `{"transactionId":${transaction.transactionId},"transactionDate":"2026-11-22T09:00:00Z","transactionType":"PAYMENT","payInfo":[{"method":"CREDIT_CARD","amount":${transaction.amount}}],"productName":"${transaction.orderId}","currency":"${transaction.currency}","orderId":"${transaction.orderId}"}`).join(',')}]`,
          ),
        );
      }
      const refund = /^\/v3\/payments\/(\d+)\/refund$/.exec(url.pathname);
      if (method === 'POST' && refund) {
        const transaction = transactions.get(refund[1]!);
        if (!transaction || transaction.state === 'requested' || transaction.state === 'approved')
          return send(response, code('1150', 'Transaction record not found.'));
        if (transaction.state === 'refunded')
          return send(response, code('1165', 'A transaction has already been refunded.'));
        transaction.state = 'refunded';
        return send(
          response,
          code('0000', 'Success.', `{"refundTransactionId":${next++},"refundTransactionDate":"2026-11-22T09:05:00Z"}`),
        );
      }
      send(response, code('1104', `No such API: ${method} ${url.pathname}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    transactions,
    /** The shopper approves the payment on LINE Pay's page; `decline` makes the confirm answer that code (1141: card refused). */
    approve(transactionId: string, decline?: string) {
      const transaction = transactions.get(transactionId);
      if (!transaction) throw new Error(`no LINE Pay transaction ${transactionId}`);
      transaction.state = 'approved';
      if (decline) transaction.decline = decline;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
