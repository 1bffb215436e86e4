import type { TurnHook } from '../core/index.js';
import { consentHook } from './consent/turn-hook.js';
import { funnelHook } from './funnel/turn-hook.js';
import { handoffHook } from './handoff/turn-hook.js';
import { orderUpdatesHook } from './orders/turn-hook.js';

/** The feature modules' hooks into every turn, in the order they run (src/app passes them to the engine). */
export const builtInTurnHooks: readonly TurnHook[] = [handoffHook, orderUpdatesHook, funnelHook, consentHook];

export { consentHook, funnelHook, handoffHook, orderUpdatesHook };
