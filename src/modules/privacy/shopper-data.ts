import { randomUUID } from 'node:crypto';
import {
  conversationKey,
  type Address,
  type ChannelName,
  type ErasureReport,
  type Store,
  type StoredSession,
  type TranscriptEntry,
} from '../../core/index.js';

/**
 * Everything Kaiwa stores about one shopper's conversation, as `kaiwa privacy export` writes it: the
 * engine's session and transcript, then each store slice's part (the built-in ones: `orders` with
 * their status history, `handoff`, `consent` — the marketing opt-in or opt-out with its time and source).
 * What erasure does to every table: `storeTables` (src/store/slice.ts) and docs/security.md.
 */
export interface ShopperData {
  channel: ChannelName;
  conversationId: string;
  exportedAt: string;
  session: StoredSession | null;
  transcript: TranscriptEntry[];
  readonly [part: string]: unknown;
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
  return {
    channel: address.channel,
    conversationId: address.conversationId,
    exportedAt: now.toISOString(),
    session: (await store.sessions.load(key)) ?? null,
    transcript: (await store.transcript.list(key, 100_000)).map(withoutRaw),
    ...(await store.privacy.exportParts(address)),
  };
}

/**
 * Erases a shopper (GDPR art. 17, APPI, LGPD, CCPA): conversation data and consent deleted; orders
 * and funnel events kept with the address replaced by a random pseudonym, so they can no longer be
 * tied to the person (every table: `storeTables`). Running it again reports zeros.
 */
export async function eraseShopper(store: Store, address: Address): Promise<ErasureReport> {
  const pseudonym = `erased-${randomUUID()}`;
  return store.privacy.erase(conversationKey(address), {
    channel: address.channel,
    conversationId: pseudonym,
    userId: pseudonym,
  });
}
