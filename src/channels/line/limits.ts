import type { ChannelLimits } from '../../core/index.js';

/**
 * Messaging API limits: 5000-character text messages, 13 quick-reply items with 20-character
 * labels, 12 bubbles per Flex carousel, and (by our choice, as on other channels) 3 buttons per bubble.
 */
export const lineLimits: ChannelLimits = {
  maxTextLength: 5000,
  maxButtons: 13,
  maxButtonLabel: 20,
  maxCarouselCards: 12,
  maxCardActions: 3,
  // Messaging API rate limit for reply and push: 2,000 requests per second per channel.
  sendRate: { perSecond: 2000, burst: 200 },
};

/** Messages per reply or push request: LINE rejects a sixth. */
export const maxMessagesPerRequest = 5;

/**
 * The longest description a detail view's Flex bubble shows, in characters (shortened with "…" and
 * then sent in full as text). LINE refuses a bubble over 30 KB of JSON; 2000 characters of Japanese
 * (3 bytes each in UTF-8) stay well within it, beside the image, buttons and other texts.
 */
export const maxFlexDescriptionLength = 2000;

/** Flex and template `altText`, in characters: what notifications and chat lists show. */
export const maxAltTextLength = 400;

/**
 * How long after the event's `timestamp` we still try its reply token, in milliseconds. LINE keeps a
 * token for about a minute; 50 s leaves room for the turn and the request in flight.
 */
export const replyTokenLifetimeMs = 50_000;
