import type { ChannelLimits } from '../core/index.js';

/** The simulator itself shows everything; previews of real channels use those adapters' own limits. */
export const simulatorLimits: ChannelLimits = {
  maxTextLength: 10_000,
  maxButtons: 20,
  maxButtonLabel: 60,
  maxCarouselCards: 20,
  maxCardActions: 5,
};

export const previewChannels = ['telegram', 'line', 'messenger', 'whatsapp'] as const;
export type PreviewChannel = (typeof previewChannels)[number];
