import type { ChannelLimits } from '../../core/index.js';

/**
 * Bot API limits: 4096-character messages, 1024-character photo captions, 64-byte callback_data.
 * Inline keyboards accept many buttons; one per row and at most 8 keeps them usable on a phone.
 * Pace (Bot FAQ): about 30 messages per second overall and 1 per second in one chat, short bursts allowed.
 */
export const telegramLimits: ChannelLimits = {
  maxTextLength: 4096,
  maxButtons: 8,
  maxButtonLabel: 64,
  maxCarouselCards: 10,
  maxCardActions: 3,
  sendRate: { perSecond: 30, burst: 30, perChatPerSecond: 1, chatBurst: 3 },
};
export const maxCaptionLength = 1024;
export const maxCallbackDataBytes = 64;
