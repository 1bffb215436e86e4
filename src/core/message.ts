import type { Locale } from './locale.js';
import type { Money } from './money.js';

export type ChannelName =
  'telegram' | 'line' | 'messenger' | 'whatsapp' | 'whatsapp-web' | 'instagram' | 'botframework' | 'simulator';
export const channelNames: readonly ChannelName[] = [
  'telegram',
  'line',
  'messenger',
  'whatsapp',
  'whatsapp-web',
  'instagram',
  'botframework',
  'simulator',
];

/** Who a reply goes to: one conversation on one channel. `userId` is the shopper in it. */
export interface Address {
  channel: ChannelName;
  conversationId: string;
  userId: string;
  /**
   * A platform's short-lived token for answering this very event (LINE's replyToken), with when
   * it lapses. Not part of the conversation's identity; adapters fall back to push without it.
   */
  replyToken?: { token: string; expiresAt: string };
}

/** A payment that landed (or failed) at a provider, addressed to an order. */
export interface PaymentEvent {
  /** The provider's own event or transaction id: the idempotency key. */
  providerEventId: string;
  provider: string;
  orderId: string;
  status: 'paid' | 'failed' | 'expired' | 'refunded';
  /** What the provider says was paid, in minor units; applied only if it equals the order total. */
  amount: Money;
  raw?: unknown;
}

interface EventBase {
  /** Unique per channel: the platform's message or event id. Deduplication key with `address.channel`. */
  id: string;
  address: Address;
  /** ISO 8601. */
  receivedAt: string;
  locale?: Locale;
  raw?: unknown;
}

/** One thing a shopper (or a payment provider) did, in Kaiwa's words: the "normalised message". */
export type InboundEvent = EventBase &
  (
    | { type: 'text'; text: string }
    | { type: 'postback'; payload: string; text?: string }
    | { type: 'media'; media: 'image' | 'audio' | 'video' | 'file' | 'sticker'; url?: string }
    | { type: 'location'; latitude: number; longitude: number }
    | { type: 'follow' }
    | { type: 'unfollow' }
    | { type: 'payment'; payment: PaymentEvent }
  );

export type InboundEventType = InboundEvent['type'];

/** A button or quick reply. `payload` follows the versioned format in docs/flows.md. */
export interface Choice {
  label: string;
  payload: string;
  /** The built-in action the button triggers, if any (addToCart, checkout, showCart, recommend…). */
  action?: string;
}

export interface ProductCard {
  id: string;
  title: string;
  description?: string;
  price: Money;
  stock?: number;
  imageUrl?: string;
  /** One short sentence from catalog facts saying why this product was picked. */
  reason?: string;
  actions: Choice[];
}

type JsonObject = { [key: string]: unknown };

/** What the bot says back: the "outgoing message". Each channel renders every kind natively. */
export type Reply = (
  | { type: 'text'; text: string }
  | { type: 'choices'; text: string; choices: Choice[] }
  | { type: 'products'; products: ProductCard[] }
  | { type: 'image'; url: string; alt: string }
  | { type: 'paymentLink'; orderId: string; url: string; total: Money; expiresAt?: string }
  | { type: 'handoff'; reason: string }
) & {
  /** Escape hatch for one channel's native features, e.g. `{ line: { flex: … } }`. */
  channelOptions?: Partial<Record<ChannelName, JsonObject>>;
  /**
   * Why it is sent, when it is not an answer to the shopper's last message: `order_update` (a
   * payment landed; set by the engine for turns run by payment events) or `agent` (a person from
   * the merchant's inbox). Channels with a reply window use it (Messenger message tags).
   */
  purpose?: 'order_update' | 'agent';
};

export type ReplyType = Reply['type'];

export function conversationKey(address: Address): string {
  return `${address.channel}:${address.conversationId}`;
}
