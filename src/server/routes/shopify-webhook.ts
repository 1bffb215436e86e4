import { Hono } from 'hono';
import {
  parseShopifyDeletion,
  parseShopifyInventoryLevel,
  parseShopifyProduct,
  readShopifyJson,
  verifyShopifyHmac,
} from '../../catalog/shopify-webhook.js';
import { InvalidPayloadError } from '../../core/index.js';
import {
  syncDeletion,
  syncInventoryLevel,
  syncProduct,
  type Delivery,
  type SyncOutcome,
} from '../../modules/inventory/shopify-sync.js';
import type { AppContext } from '../app-context.js';
import { errorResponse, jsonError } from '../errors.js';
import { toRawRequest } from '../raw-request.js';

/** A product with many variants and a long description is a large payload. */
const maxShopifyBytes = 4 * 1024 * 1024;

/** The topics Kaiwa applies; any other is acknowledged and logged, and changes nothing. */
const topics = ['products/create', 'products/update', 'products/delete', 'inventory_levels/update'];

/**
 * `POST /webhooks/shopify` (docs/catalog.md, "Inventory sync"): served only with SHOPIFY_WEBHOOK_SECRET.
 * Verified on the raw bytes (401), read (400), applied in one transaction deduplicated by
 * `X-Shopify-Webhook-Id`, and only then answered 200.
 */
export function shopifyWebhookRoutes(app: AppContext): Hono {
  return new Hono().post('/webhooks/shopify', async (c) => {
    const shopify = app.shopify;
    if (!shopify)
      return jsonError(
        c,
        404,
        'not_found',
        'Shopify inventory sync is not enabled (set SHOPIFY_WEBHOOK_SECRET; see docs/catalog.md)',
      );
    try {
      const request = await toRawRequest(c, maxShopifyBytes);
      verifyShopifyHmac(shopify.webhookSecret, request.body, request.headers.get('x-shopify-hmac-sha256'));
      const topic = request.headers.get('x-shopify-topic')?.trim();
      const webhookId = request.headers.get('x-shopify-webhook-id')?.trim();
      if (!topic) throw new InvalidPayloadError('missing X-Shopify-Topic header');
      if (!webhookId) throw new InvalidPayloadError('missing X-Shopify-Webhook-Id header');
      if (!topics.includes(topic)) {
        app.log('shopify webhook ignored', { topic, webhookId, reason: 'a topic Kaiwa does not apply' });
        return c.json({ ok: true, outcome: 'ignored', reason: `topic ${topic} is not applied` });
      }
      const body = readShopifyJson(request.body);
      const delivery: Delivery = { webhookId, topic, at: app.clock.now().toISOString() };
      const outcome = await apply(app, delivery, body, shopify);
      if (outcome.kind !== 'applied')
        app.log('shopify webhook ignored', {
          topic,
          webhookId,
          reason: outcome.kind === 'duplicate' ? 'a redelivery' : outcome.reason,
        });
      return c.json({ ok: true, outcome: outcome.kind, ...outcomeDetails(outcome) });
    } catch (error) {
      return errorResponse(c, error, app.log);
    }
  });
}

/** Reads the body for its topic (throwing InvalidPayloadError, nothing stored) and applies it. */
function apply(
  app: AppContext,
  delivery: Delivery,
  body: unknown,
  shop: { currency: string; locale: string },
): Promise<SyncOutcome> {
  switch (delivery.topic) {
    case 'products/delete':
      return syncDeletion(app.store, delivery, parseShopifyDeletion(body).shopifyId);
    case 'inventory_levels/update':
      return syncInventoryLevel(app.store, delivery, parseShopifyInventoryLevel(body));
    default:
      return syncProduct(app.store, delivery, parseShopifyProduct(body, shop));
  }
}

function outcomeDetails(outcome: SyncOutcome) {
  switch (outcome.kind) {
    case 'applied':
      return { stock: outcome.stock, unsellable: outcome.unsellable };
    case 'ignored':
      return { reason: outcome.reason };
    default:
      return {};
  }
}
