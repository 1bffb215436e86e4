import { InvalidPayloadError, type Money, type RawRequest } from '../../core/index.js';

/** A demo checkout POST, split into what verification needs and the rest of the form. */
export interface DemoCheckoutPost {
  orderId: string;
  token: string;
  form: URLSearchParams;
}

/**
 * Reads `POST /checkout/demo/:orderId` with an `application/x-www-form-urlencoded` body
 * `token=…&amount=…&currency=…` just far enough to verify it: the order id from the path and
 * the token. Pure; a path that names no order throws InvalidPayloadError.
 */
export function readDemoCheckoutPost(request: RawRequest): DemoCheckoutPost {
  if (request.method.toUpperCase() !== 'POST')
    throw new InvalidPayloadError(`the demo checkout accepts POST, not ${request.method}`, 'method');
  // The base only matters for a path-only URL; the host is never used.
  const path = new URL(request.url, 'http://localhost').pathname;
  const encoded = /\/checkout\/demo\/([^/]+)\/?$/.exec(path)?.[1];
  const orderId = encoded === undefined ? '' : decodePathSegment(encoded);
  if (!orderId) throw new InvalidPayloadError('the URL names no order: expected /checkout/demo/<order id>', 'orderId');
  const form = new URLSearchParams(new TextDecoder().decode(request.body));
  return { orderId, token: form.get('token') ?? '', form };
}

/** The amount the page posted, as Money; InvalidPayloadError names `amount` or `currency` when malformed. */
export function parsePostedAmount(form: URLSearchParams): Money {
  const amount = form.get('amount') ?? '';
  const currency = form.get('currency') ?? '';
  // At most 15 digits keeps it a safe integer of minor units: no decimals, no sign, no exponent.
  if (!/^\d{1,15}$/.test(amount))
    throw new InvalidPayloadError(
      `"amount" must be a whole number of minor units, got "${amount.slice(0, 20)}"`,
      'amount',
    );
  if (!/^[A-Z]{3}$/.test(currency))
    throw new InvalidPayloadError(
      `"currency" must be an ISO 4217 code such as JPY, got "${currency.slice(0, 20)}"`,
      'currency',
    );
  return { amount: Number(amount), currency };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidPayloadError('the order id in the URL is not valid percent-encoding', 'orderId');
  }
}
