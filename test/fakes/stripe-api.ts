import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** The form body, unflattened: `line_items[0][quantity]=2` → { line_items: [{ quantity: '2' }] }. */
  body: Record<string, unknown>;
}

function unflatten(form: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const nextIsIndex = /^\d+$/.test(parts[index + 1] ?? '');
      const slot = node as Record<string, unknown>;
      if (last) slot[part] = value;
      else node = (slot[part] ??= nextIsIndex ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A local Stripe API for the calls Kaiwa makes, in Stripe's wire format: form-encoded requests,
 * JSON objects back (`POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/:id`, `POST /v1/refunds`).
 * It checks the Bearer key, replays the first answer for a repeated Idempotency-Key as Stripe does,
 * and `pay(sessionId)` marks a session paid (what the shopper does on Stripe's page).
 */
export async function startFakeStripe(secretKey: string) {
  const requests: StripeRequest[] = [];
  const sessions = new Map<string, Record<string, unknown>>();
  const byIdempotencyKey = new Map<string, string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stripe.test');
      const body = unflatten(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
      requests.push({ method: request.method ?? '', path: url.pathname, idempotencyKey, body });
      const answer = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
        response.end(JSON.stringify(payload));
      };
      if (request.headers.authorization !== `Bearer ${secretKey}`)
        return answer(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      if (idempotencyKey && byIdempotencyKey.has(idempotencyKey))
        return answer(200, JSON.parse(byIdempotencyKey.get(idempotencyKey)!));
      const remember = (payload: Record<string, unknown>) => {
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, JSON.stringify(payload));
        answer(200, payload);
      };
      if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const lines =
          (body.line_items as { quantity: string; price_data: { currency: string; unit_amount: string } }[]) ?? [];
        const sessionId = id('cs_test');
        const session = {
          id: sessionId,
          object: 'checkout.session',
          mode: 'payment',
          status: 'open',
          payment_status: 'unpaid',
          payment_intent: null,
          amount_total: lines.reduce(
            (sum, line) => sum + Number(line.quantity) * Number(line.price_data.unit_amount),
            0,
          ),
          currency: lines[0]?.price_data.currency ?? 'jpy',
          client_reference_id: body.client_reference_id ?? null,
          metadata: body.metadata ?? {},
          shipping_address_collection: body.shipping_address_collection ?? null,
          collected_information: null,
          customer_details: null,
          expires_at: Number(body.expires_at),
          success_url: body.success_url,
          cancel_url: body.cancel_url,
          url: `https://checkout.stripe.com/c/pay/${sessionId}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
        };
        sessions.set(sessionId, session);
        return remember(session);
      }
      const sessionPath = /^\/v1\/checkout\/sessions\/(cs_test_\w+)$/.exec(url.pathname);
      if (request.method === 'GET' && sessionPath) {
        const session = sessions.get(sessionPath[1]!);
        return session
          ? answer(200, session)
          : answer(404, {
              error: { type: 'invalid_request_error', message: `No such checkout.session: '${sessionPath[1]}'` },
            });
      }
      if (request.method === 'POST' && url.pathname === '/v1/refunds') {
        const session = [...sessions.values()].find((candidate) => candidate.payment_intent === body.payment_intent);
        if (!session)
          return answer(400, {
            error: {
              type: 'invalid_request_error',
              message: `No such payment_intent: '${String(body.payment_intent)}'`,
            },
          });
        return remember({
          id: id('re'),
          object: 'refund',
          amount: session.amount_total,
          currency: session.currency,
          payment_intent: body.payment_intent,
          status: 'succeeded',
          metadata: body.metadata ?? {},
        });
      }
      answer(404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${request.method}: ${url.pathname})`,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sessions,
    /**
     * The shopper pays on Stripe's page: the session completes with a payment intent. With a
     * delivery address (a session with shipping_address_collection), it is in
     * `collected_information.shipping_details` and the phone in `customer_details`, as the API
     * version of Stripe's SDK returns them.
     */
    pay(
      sessionId: string,
      shipping?: {
        name: string;
        phone?: string;
        address: Partial<Record<'line1' | 'line2' | 'city' | 'state' | 'postal_code' | 'country', string>>;
      },
    ): Record<string, unknown> {
      const session = sessions.get(sessionId)!;
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: id('pi') });
      if (shipping) {
        const address = { line1: null, line2: null, city: null, state: null, postal_code: null, country: null };
        Object.assign(session, {
          collected_information: {
            business_name: null,
            individual_name: null,
            shipping_details: { name: shipping.name, address: { ...address, ...shipping.address } },
          },
          customer_details: { email: null, name: shipping.name, phone: shipping.phone ?? null },
        });
      }
      return session;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
