import { randomUUID } from 'node:crypto';
import {
  conversationKey,
  type Address,
  type ChannelName,
  type Consent,
  type ErasureReport,
  type Handoff,
  type Order,
  type OrderTransition,
  type Store,
  type StoredSession,
  type TranscriptEntry,
} from '../../core/index.js';

/** What erasing a shopper does to a table. */
export type ErasureTreatment = 'erased' | 'anonymised' | `not personal: ${string}`;

/**
 * Every table of both stores' schemas (src/store/{sqlite,postgres}/migrations.ts) and what
 * `eraseShopper` does to it (docs/security.md). test/privacy/erasure.test.ts fails when a
 * migration creates a table missing here, and checks that nothing of an erased shopper is left.
 */
export const shopperDataByTable = {
  sessions: 'erased',
  transcript: 'erased',
  outbox: 'erased',
  handoffs: 'erased',
  consents: 'erased',
  // The delivery ids of the conversation's inbound events (taken from its transcript): Bot Framework's
  // and WhatsApp Web's contain the user's id.
  inbox: 'erased',
  // Failed attempts at those events: the error text can quote what the shopper typed.
  inbound_failures: 'erased',
  // Kept for the accounts; the address and conversation become a random pseudonym.
  orders: 'anonymised',
  funnel_events: 'anonymised',
  order_transitions: "not personal: an order's status changes and their causes (checkout, a payment's event id)",
  payment_events: "not personal: the provider's event id, the order id, amount and outcome",
  products: 'not personal: the catalog',
  schema_migrations: 'not personal: which migrations ran',
} as const satisfies Record<string, ErasureTreatment>;

/** Everything Kaiwa stores about one shopper's conversation, as `kaiwa privacy export` writes it. */
export interface ShopperData {
  channel: ChannelName;
  conversationId: string;
  exportedAt: string;
  session: StoredSession | null;
  transcript: TranscriptEntry[];
  orders: (Order & { history: OrderTransition[] })[];
  handoff: Handoff | null;
  /** The marketing opt-in or opt-out on the channel, with its time and source. */
  consent: Consent | null;
}

/** A shopper's conversation on a channel: for one-to-one chats the user id is the conversation id. */
export const shopperAddress = (channel: ChannelName, id: string): Address => ({
  channel,
  conversationId: id,
  userId: id,
});

const withoutRaw = ({ event, ...entry }: TranscriptEntry): TranscriptEntry =>
  event ? { ...entry, event: { ...event, raw: undefined } } : entry;

export async function exportShopper(store: Store, address: Address, now: Date): Promise<ShopperData> {
  const key = conversationKey(address);
  const orders = await store.orders.listByConversation(address);
  return {
    channel: address.channel,
    conversationId: address.conversationId,
    exportedAt: now.toISOString(),
    session: (await store.sessions.load(key)) ?? null,
    transcript: (await store.transcript.list(key, 100_000)).map(withoutRaw),
    orders: await Promise.all(
      orders.map(async (order) => ({ ...order, history: await store.orders.history(order.id) })),
    ),
    handoff: (await store.handoffs.get(key)) ?? null,
    consent: (await store.consents.get(address.channel, address.userId)) ?? null,
  };
}

/**
 * Erases a shopper (GDPR art. 17, APPI, LGPD, CCPA): conversation data and consent deleted; orders
 * and funnel events kept with the address replaced by a random pseudonym, so they can no longer be
 * tied to the person (every table: `shopperDataByTable`). Running it again reports zeros.
 */
export async function eraseShopper(store: Store, address: Address): Promise<ErasureReport> {
  const pseudonym = `erased-${randomUUID()}`;
  return store.privacy.erase(conversationKey(address), {
    channel: address.channel,
    conversationId: pseudonym,
    userId: pseudonym,
  });
}
