import { randomUUID } from 'node:crypto';
import { conversationKey, type Address, type ChannelName, type ErasureReport, type Handoff, type Order, type OrderTransition, type Store, type StoredSession, type TranscriptEntry } from '../core/index.js';

/** Everything Kaiwa stores about one shopper's conversation, as `kaiwa privacy export` writes it. */
export interface ShopperData {
  channel: ChannelName;
  conversationId: string;
  exportedAt: string;
  session: StoredSession | null;
  transcript: TranscriptEntry[];
  orders: (Order & { history: OrderTransition[] })[];
  handoff: Handoff | null;
}

/** A shopper's conversation on a channel: for one-to-one chats the user id is the conversation id. */
export const shopperAddress = (channel: ChannelName, id: string): Address => ({ channel, conversationId: id, userId: id });

export async function exportShopper(store: Store, address: Address, now: Date): Promise<ShopperData> {
  const key = conversationKey(address);
  const orders = await store.orders.listByConversation(address);
  return {
    channel: address.channel,
    conversationId: address.conversationId,
    exportedAt: now.toISOString(),
    session: (await store.sessions.load(key)) ?? null,
    transcript: (await store.transcript.list(key, 100_000)).map(({ event, ...entry }) => ({ ...entry, ...(event ? { event: { ...event, raw: undefined } } : {}) })),
    orders: await Promise.all(orders.map(async (order) => ({ ...order, history: await store.orders.history(order.id) }))),
    handoff: (await store.handoffs.get(key)) ?? null,
  };
}

/**
 * Erases a shopper (GDPR art. 17, APPI, LGPD, CCPA): conversation data deleted; orders kept for the
 * accounts with the address replaced by a random pseudonym, so they can no longer be tied to the
 * person. Running it again changes nothing and reports zeros.
 */
export async function eraseShopper(store: Store, address: Address): Promise<ErasureReport> {
  const pseudonym = `erased-${randomUUID()}`;
  return store.privacy.erase(conversationKey(address), { channel: address.channel, conversationId: pseudonym, userId: pseudonym });
}
