import type { messagingApi } from '@line/bot-sdk';
import type { InboundEvent } from '../../core/index.js';

const remembered = 10_000;
const lookupTimeoutMs = 1_500;

/**
 * LINE webhooks carry no language; the user's profile does (`language`: ja, en, zh-Hant, th…).
 * Looks each user up once per process (a bounded memory), within 1.5 s, and gives events without a
 * locale the profile's. The flow uses it only to start a new conversation in the shopper's language.
 */
export function createProfileLocales(
  client: messagingApi.MessagingApiClient,
): (events: InboundEvent[]) => Promise<InboundEvent[]> {
  const known = new Map<string, string | null>();
  const lookup = async (userId: string): Promise<string | null> => {
    if (known.has(userId)) return known.get(userId) ?? null;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), lookupTimeoutMs).unref());
    const language = await Promise.race([
      client.getProfile(userId).then(
        (profile) => profile.language?.split('-')[0]?.toLowerCase() ?? null,
        () => null,
      ),
      timeout,
    ]);
    known.set(userId, language);
    if (known.size > remembered) known.delete(known.keys().next().value as string);
    return language;
  };
  return async (events) => {
    // Only user ids (U…): groups and rooms have no profile language to speak of.
    const users = [
      ...new Set(
        events
          .filter((event) => !event.locale && /^U[0-9a-f]{32}$/.test(event.address.userId))
          .map((event) => event.address.userId),
      ),
    ];
    const languages = new Map(await Promise.all(users.map(async (user) => [user, await lookup(user)] as const)));
    return events.map((event) => {
      const language = languages.get(event.address.userId);
      return language && !event.locale ? { ...event, locale: language } : event;
    });
  };
}
