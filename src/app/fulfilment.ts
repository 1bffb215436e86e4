import type { LoadedConfig } from '../config/load-config.js';
import { carriersWith } from '../core/index.js';
import type { FulfilOptions } from '../modules/orders/merchant-actions.js';

/** What fulfilling needs from kaiwa.yaml: its carriers beside the built-in ones, and the WhatsApp shipping template. */
export function fulfilOptions(config: LoadedConfig, tracking?: FulfilOptions['tracking']): FulfilOptions {
  const shipped = config.shop.whatsapp.templates.shipped;
  return {
    carriers: carriersWith(config.shop.carriers),
    ...(tracking ? { tracking } : {}),
    ...(shipped ? { whatsappShipped: shipped } : {}),
  };
}
