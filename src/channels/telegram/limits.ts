import type { ChannelLimits } from '../../core/index.js';

/**
 * Bot API limits: 4096-character messages, 1024-character photo captions, 64-byte callback_data.
 * Inline keyboards accept many buttons; one per row and at most 8 keeps them usable on a phone.
 */
export const telegramLimits: ChannelLimits = { maxTextLength: 4096, maxButtons: 8, maxButtonLabel: 64, maxCarouselCards: 10, maxCardActions: 3 };
export const maxCaptionLength = 1024;
export const maxCallbackDataBytes = 64;
