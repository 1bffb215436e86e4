import type { TurnHook } from '../core/index.js';
import type { StoreSlice } from '../store/slice.js';
import { consentSlice } from './consent/store-slice.js';
import { consentHook } from './consent/turn-hook.js';
import { funnelSlice } from './funnel/store-slice.js';
import { funnelHook } from './funnel/turn-hook.js';
import { handoffSlice } from './handoff/store-slice.js';
import { createHandoffHook, handoffHook, type HandoffHookOptions } from './handoff/turn-hook.js';
import { inventorySlice } from './inventory/store-slice.js';
import { ordersSlice } from './orders/store-slice.js';
import { promotionsSlice } from './orders/promotion-slice.js';
import { orderUpdatesHook } from './orders/turn-hook.js';

/** The feature modules' hooks into every turn, in the order they run (src/app passes them to the engine). */
export const builtInTurnHooks: readonly TurnHook[] = [handoffHook, orderUpdatesHook, funnelHook, consentHook];

/** The same hooks with the shop's settings (kaiwa.yaml `handoff`: the quiet period after an owner reply). */
export function builtInTurnHooksFor(handoff: HandoffHookOptions): readonly TurnHook[] {
  return [createHandoffHook(handoff), orderUpdatesHook, funnelHook, consentHook];
}

/**
 * The feature modules' store slices (their repositories, tables and migrations on both databases),
 * in the order they migrate and take part in erasure and export (src/app and the CLI open the store with them).
 */
export const builtInStoreSlices: readonly StoreSlice[] = [
  ordersSlice,
  promotionsSlice,
  handoffSlice,
  funnelSlice,
  consentSlice,
  inventorySlice,
];

export { consentHook, funnelHook, handoffHook, orderUpdatesHook };
export { consentSlice, funnelSlice, handoffSlice, inventorySlice, ordersSlice, promotionsSlice };
