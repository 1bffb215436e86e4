import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A payload from test/fixtures/shopify, as Shopify sends it (its raw JSON text, big ids and all). */
export const shopifyFixture = (name: string): string => readFileSync(`test/fixtures/shopify/${name}`, 'utf8');

/**
 * Shopify's side of a webhook delivery: the POST it makes, with the headers it sends (topic, shop,
 * API version, webhook id, triggered-at) and `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the raw
 * body with the app's secret. `webhookId` repeats on a redelivery; `hmac` overrides the signature.
 */
export function shopifyDelivery(
  secret: string,
  topic: string,
  body: string | object,
  options: { webhookId?: string; hmac?: string | null; triggeredAt?: string } = {},
): { method: 'POST'; headers: Record<string, string>; body: string } {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const hmac =
    options.hmac === undefined ? createHmac('sha256', secret).update(raw, 'utf8').digest('base64') : options.hmac;
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': 'kaiwa-test.myshopify.com',
      'x-shopify-api-version': '2025-01',
      'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
      'x-shopify-triggered-at': options.triggeredAt ?? '2026-11-22T10:00:00.000Z',
      ...(hmac === null ? {} : { 'x-shopify-hmac-sha256': hmac }),
    },
    body: raw,
  };
}

/** `text` (a product fixture) with its `updated_at` fields set to `updatedAt` and `edit` applied to the JSON. */
export function editedProduct(
  text: string,
  updatedAt: string,
  edit: (product: Record<string, unknown>) => void = () => undefined,
) {
  // Edited as text where ids are: JSON.parse would round Shopify's ids.
  const product = JSON.parse(text.replace(/("(?:[a-z_]*_)?id"\s*:\s*)(\d+)/g, '$1"$2"')) as Record<string, unknown>;
  product.updated_at = updatedAt;
  edit(product);
  // …and sent as numbers again, as Shopify writes them.
  return JSON.stringify(product).replace(/("(?:[a-z_]*_)?id":)"(\d+)"/g, '$1$2');
}
