import type { TurnHook } from '../../core/index.js';
import { funnelSteps, type FunnelEvent, type FunnelStep } from './store.js';

const isStep = (name: string): name is FunnelStep => (funnelSteps as readonly string[]).includes(name);

/** The sales funnel: the steps a turn reached (recommended, carted, checked out…), counted for the console. */
export const funnelHook: TurnHook = {
  name: 'funnel',
  async after({ tx, event, result, at }) {
    const events: FunnelEvent[] = (result.signals ?? []).flatMap(({ name, ...rest }) =>
      isStep(name) ? [{ step: name, ...rest }] : [],
    );
    if (events.length > 0) await tx.funnel.record(event.address, events, at);
  },
};
