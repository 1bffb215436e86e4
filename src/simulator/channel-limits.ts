import type { ChannelLimits } from '../core/index.js';

/**
 * What each platform can show, from its API reference. The simulator previews a channel by
 * degrading replies to these; each channel adapter renders within the same figures.
 */
export const previewLimits = {
  simulator: { maxTextLength: 10_000, maxButtons: 20, maxButtonLabel: 60, maxCarouselCards: 20, maxCardActions: 5 },
  // Bot API: 4096-character messages; inline keyboards allow many buttons, one per row keeps them readable.
  telegram: { maxTextLength: 4096, maxButtons: 8, maxButtonLabel: 64, maxCarouselCards: 10, maxCardActions: 3 },
  // Messaging API: 5000-character text; quick reply 13 items with 20-character labels; carousel 10 bubbles.
  line: { maxTextLength: 5000, maxButtons: 13, maxButtonLabel: 20, maxCarouselCards: 10, maxCardActions: 3 },
  // Send API: 2000-character text; button template 3 buttons; generic template 10 elements × 3 buttons.
  messenger: { maxTextLength: 2000, maxButtons: 3, maxButtonLabel: 20, maxCarouselCards: 10, maxCardActions: 3 },
  // Cloud API: 4096-character text; 3 reply buttons (20 characters); no carousel, so one card per message.
  whatsapp: { maxTextLength: 4096, maxButtons: 3, maxButtonLabel: 20, maxCarouselCards: 1, maxCardActions: 3 },
} as const satisfies Record<string, ChannelLimits>;

export type PreviewChannel = Exclude<keyof typeof previewLimits, 'simulator'>;
export const previewChannels = Object.keys(previewLimits).filter((name) => name !== 'simulator') as PreviewChannel[];
