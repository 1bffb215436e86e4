import type { ChannelLimits } from '../core/index.js';

/** The simulator itself shows everything; previews of real channels use those adapters' own limits. */
export const simulatorLimits: ChannelLimits = {
  maxTextLength: 10_000,
  maxButtons: 20,
  maxButtonLabel: 60,
  maxCarouselCards: 20,
  maxCardActions: 5,
};
