import { ConflictError } from '../errors.js';
import { conversationKey, type InboundEvent, type Reply } from '../message.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationLogic } from '../ports/conversation.js';
import type { Store } from '../ports/store.js';

export type TurnOutcome =
  | { kind: 'handled'; replies: Reply[]; outboxId?: number }
  | { kind: 'duplicate' };

const maxConflictRetries = 5;

/**
 * One turn, ARCHITECTURE.md steps 2–3: deduplicate by (channel, event id), then in one
 * transaction serialised per conversation: load the snapshot, step, persist snapshot, outbox
 * and transcript. Nothing is sent here: the caller drains the outbox after the commit.
 */
export async function runTurn(store: Store, logic: ConversationLogic, event: InboundEvent, clock: Clock): Promise<TurnOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction((tx) => turnInTransaction(tx, logic, event, clock));
    } catch (error) {
      // Another instance wrote this conversation first; the dedup row rolled back with us, so retry.
      if (error instanceof ConflictError && attempt < maxConflictRetries) continue;
      throw error;
    }
  }
}

async function turnInTransaction(tx: Store, logic: ConversationLogic, event: InboundEvent, clock: Clock): Promise<TurnOutcome> {
  const now = clock.now();
  const at = now.toISOString();
  const key = conversationKey(event.address);
  await tx.lockConversation(key);
  if (!(await tx.inbox.markSeen(event.address.channel, event.id, at))) return { kind: 'duplicate' };
  const session = await tx.sessions.load(key);
  const result = await logic.step({ tx, event, session, now });
  await tx.sessions.save(key, { ...result.session, version: (session?.version ?? 0) + 1, updatedAt: at });
  await tx.transcript.append(event.address, [
    { direction: 'in', at, event: { ...event, raw: undefined } },
  ]);
  if (result.replies.length === 0) return { kind: 'handled', replies: [] };
  // A payment can land long after the shopper's last message: say so, for channels with a reply window.
  const replies = event.type === 'payment' ? result.replies.map((reply) => ({ ...reply, purpose: reply.purpose ?? ('order_update' as const) })) : result.replies;
  const outboxId = await tx.outbox.enqueue(event.address, replies, at);
  return { kind: 'handled', replies, outboxId };
}
