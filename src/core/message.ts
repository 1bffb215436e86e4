import type { Locale } from './locale.js';
import { formatMoney, type Money } from './money.js';

/** The channels Kaiwa ships (src/channels/registry.ts); any other name is a channel of one's own. */
export type BuiltInChannelName =
  'telegram' | 'line' | 'messenger' | 'whatsapp' | 'whatsapp-web' | 'instagram' | 'botframework' | 'simulator';
/**
 * A channel's name: an open string, so an adapter of one's own (`'discord'`) is a channel like any
 * other. The built-in names stay suggested by editors.
 */
export type ChannelName = BuiltInChannelName | (string & {});

/** What a channel name looks like: lower-case letters, digits and dashes, as in `/webhooks/<name>`. */
export const channelNamePattern = /^[a-z][a-z0-9-]{0,31}$/;

/** Whether `name` is a well-formed channel name. */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && channelNamePattern.test(name);
}

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

/**
 * Where an order is delivered (`Order.shipTo`), as the shopper gave it to a payment provider's page:
 * personal data, in the privacy export and removed by erasure.
 */
export interface OrderShipTo {
  /** The recipient's name. */
  name: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case (`JP`, `US`). */
  country: string;
  /** The prefecture or state as the provider gives it (`Tokyo`, `東京都`, `CA`). */
  region?: string;
  city?: string;
  line1: string;
  line2?: string;
  phone?: string;
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
  /** The delivery address the shopper gave the provider (Stripe Checkout), stored on the order when it is paid. */
  shipTo?: OrderShipTo;
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
    /**
     * The business answered the shopper from the platform's own app (Messenger's Page inbox, the
     * WhatsApp Business app): an echo that is not one of Kaiwa's sends, addressed to the shopper's
     * conversation. `text` is what the person wrote, when it was text. The handoff module pauses the bot.
     */
    | { type: 'ownerReply'; text?: string }
  );

export type InboundEventType = InboundEvent['type'];

/** A button or quick reply. `payload` follows the versioned format in docs/flows.md. */
export interface Choice {
  label: string;
  payload: string;
  /** The built-in action the button triggers, if any (addToCart, checkout, showCart, recommend…). */
  action?: string;
  /**
   * What typing picks this button besides its label: an option value (`M`, `4`, `50g`). Typed
   * values and labels are matched before button numbers, so `4` in a size step is size 4.
   */
  value?: string;
}

export interface ProductCard {
  id: string;
  title: string;
  description?: string;
  /** For a product with variants, the lowest price among those on sale. */
  price: Money;
  /** Shown instead of the price when the variants' prices differ, in the shopper's language: `from $39.00`, `¥3,000〜`. */
  priceLabel?: string;
  /** Units on sale (all variants together); absent when sold without a stock limit. */
  stock?: number;
  imageUrl?: string;
  /** One short sentence from catalog facts saying why this product was picked. */
  reason?: string;
  /** The options on sale, one line: `Size: S, M, L · Color: Black, Navy`. */
  options?: string;
  /**
   * The stock as the detail view shows it, in the shopper's language: `In stock (4)`, `在庫切れ`.
   * Set on a detail view's card (showProduct); absent when sold without a stock limit.
   */
  stockLabel?: string;
  actions: Choice[];
}

type JsonObject = { [key: string]: unknown };

/** What the bot says back: the "outgoing message". Each channel renders every kind natively. */
export type Reply = (
  | { type: 'text'; text: string }
  | { type: 'choices'; text: string; choices: Choice[] }
  | {
      type: 'products';
      products: ProductCard[];
      /**
       * A product's detail view (the Details button, `do: showProduct`): each card is shown in full,
       * with its description, options and stock (`stockLabel`), not as a carousel card. Channels
       * that do not know the flag still show the card.
       */
      detail?: boolean;
    }
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

/** `channel:conversationId`, see conversationKey(). */
export type ConversationKey = string;

export function conversationKey(address: Address): ConversationKey {
  return `${address.channel}:${address.conversationId}`;
}

/**
 * The buttons a shopper can press among `replies`: quick replies and choices, and product cards'
 * actions; given `product`, only that card's actions. What conversation tests press and what the
 * simulator's *Save as test* records.
 */
export function pressableButtons(replies: readonly Reply[], product?: string): Choice[] {
  return replies.flatMap((reply) =>
    reply.type === 'choices'
      ? product
        ? []
        : reply.choices
      : reply.type === 'products'
        ? reply.products.filter((card) => !product || card.id === product).flatMap((card) => card.actions)
        : [],
  );
}

/**
 * What a detail view shows under a card's title and price, in order and without empty parts: the
 * catalog description, the options line and the stock line.
 */
export function cardDetails(card: Pick<ProductCard, 'description' | 'options' | 'stockLabel'>): string[] {
  return [card.description, card.options, card.stockLabel].filter((part): part is string => !!part?.trim());
}

/** A card's price as shown: its `priceLabel` ("from $39.00") when the variants differ, else the price in `locale`. */
export function cardPrice(card: Pick<ProductCard, 'price' | 'priceLabel'>, locale: string): string {
  return card.priceLabel ?? formatMoney(card.price, locale);
}
