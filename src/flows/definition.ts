import type { LocalizedText, SourcePos } from '../core/index.js';

/** The validated, merged form of a shop's flows/*.yaml. Every node keeps where it came from. */
export interface FlowDefinition {
  id: string;
  initial: string;
  locales: string[];
  files: string[];
  states: Record<string, StateDef>;
  intents: Record<string, IntentDef>;
  /** Transitions taken from any state (a state's own `on` wins). */
  on: Record<string, TransitionDef[]>;
  fallback: LocalizedText[];
  /** Hash of the definition: stored with each snapshot to notice edits. */
  hash: string;
}

export interface TransitionDef {
  target: string;
  guard?: string;
  pos: SourcePos;
}

export interface ChoiceDef {
  label: LocalizedText;
  kind: 'goto' | 'do' | 'intent';
  value: string;
  arg?: string;
  pos: SourcePos;
}

export interface StateDef {
  name: string;
  pos: SourcePos;
  description?: string;
  actions: string[];
  with: Record<string, string | number | boolean>;
  say: LocalizedText[];
  choices: ChoiceDef[];
  on: Record<string, TransitionDef[]>;
  next?: TransitionDef;
  onError?: TransitionDef;
}

export interface IntentDef {
  name: string;
  pos: SourcePos;
  keywords: Record<string, string[]>;
  patterns: Record<string, RegExp[]>;
}

/** Events the runtime raises by itself, which flows may route with `on:`. */
export const builtInEvents = {
  faq: 'the FAQ answerer found a confident answer to what the shopper wrote',
  paid: "a payment for this conversation's order landed",
  paymentFailed: 'a payment attempt failed',
  paymentMismatch: 'a payment arrived whose amount did not match the order',
  follow: 'the shopper added or unblocked the shop account',
  media: 'the shopper sent an image, sticker, audio, video or file',
  location: 'the shopper shared a location',
} as const;

/** Built-in events a shopper cannot cause: the runtime raises them from a verified payment. */
export const paymentEvents = ['paid', 'paymentFailed', 'paymentMismatch'] as const;

/**
 * The states a button payload (`k1:go:<state>`) may move to: those some choice in the flow offers.
 * Any other `go` payload is a forged or stale button and is refused, so no payload can enter a
 * state the flow reaches only by an event (a payment landing, say).
 */
export function buttonTargets(definition: Pick<FlowDefinition, 'states'>): Set<string> {
  const targets = new Set<string>();
  for (const state of Object.values(definition.states)) {
    for (const choice of state.choices) if (choice.kind === 'goto') targets.add(choice.value);
  }
  return targets;
}
