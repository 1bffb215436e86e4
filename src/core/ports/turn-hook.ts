import type { Address, ConversationKey, InboundEvent, Reply } from '../message.js';
import type { StepResult } from './conversation.js';
import type { Store } from './store.js';

/**
 * How a feature module (src/modules/*: handoff, funnel, consent, order updates) takes part in
 * turns without the engine knowing it. Every method is optional and runs inside the turn's
 * transaction unless it says otherwise; a hook that throws rolls the turn back like the flow would.
 */
export interface TurnHook {
  readonly name: string;
  /**
   * Before the flow, after deduplication: true takes the event away from the flow (a person has
   * taken the conversation over). The engine then stores the inbound line and replies nothing.
   * `opened` holds the store slices' turn facts when the store read them while opening the turn
   * (`TurnWrites.open`; `opened.handoff`: a person has the conversation); absent, the hook reads them itself.
   */
  intercept?(input: TurnHookInput & { opened?: Readonly<Record<string, boolean>> }): Promise<boolean>;
  /** Outside any transaction, before the slow preparation (model calls): false skips it. */
  shouldPrepare?(input: { store: Store; event: InboundEvent; key: ConversationKey }): Promise<boolean>;
  /** The flow's replies before they are queued: may mark them (a payment's purpose), never drop them. */
  replies?(event: InboundEvent, replies: Reply[]): Reply[];
  /** After the turn's writes, in the same transaction: what the feature keeps of this turn. */
  after?(input: TurnHookInput & { result: StepResult }): Promise<void>;
  /** Before a proactive message is queued (`Engine.sendProactive`); throws to refuse it. */
  beforeSend?(input: { tx: Store; address: Address; purpose: 'marketing' | 'transactional' }): Promise<void>;
}

export interface TurnHookInput {
  tx: Store;
  event: InboundEvent;
  key: ConversationKey;
  /** The turn's time, ISO 8601. */
  at: string;
}
