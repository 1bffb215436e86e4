import type { TurnHook } from '../../core/index.js';

/** The sales funnel: the steps a turn reached (recommended, carted, checked out…), counted for the console. */
export const funnelHook: TurnHook = {
  name: 'funnel',
  async after({ tx, event, result, at }) {
    if (result.funnel?.length) await tx.funnel.record(event.address, result.funnel, at);
  },
};
