import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../config/load-config.js';
import { pickText } from '../core/index.js';

/** Which shop a server serves, as `GET /api/shop` answers: what `kaiwa chat --url` checks before it attaches. */
export interface ShopIdentity {
  /** The shop's name in its default locale. */
  name: string;
  /** sha256 (hex) of kaiwa.yaml's `shop.name` (every locale), `shop.locales` and `shop.currency`. */
  id: string;
}

/** The identity of the shop kaiwa.yaml's `shop:` describes: the same folder gives the same id on every machine. */
export function shopIdentity(shop: LoadedConfig['shop']['shop']): ShopIdentity {
  const name =
    typeof shop.name === 'string'
      ? shop.name
      : Object.fromEntries(Object.entries(shop.name).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const id = createHash('sha256')
    .update(JSON.stringify({ name, locales: shop.locales, currency: shop.currency }))
    .digest('hex');
  return { name: pickText(shop.name, shop.defaultLocale, shop.defaultLocale), id };
}
