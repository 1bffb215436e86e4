import type { FlowGuard } from './context.js';

/** Guards every flow can name in `on: { event: { target, guard } }`. */
export const builtInGuards: Record<string, FlowGuard> = {
  cartEmpty: ({ context }) => context.cart.length === 0,
  cartNotEmpty: ({ context }) => context.cart.length > 0,
  hasOrder: ({ context }) => context.order !== undefined,
};
