/** Something a turn called outside the flow: a model, a provider. Shown in the simulator's event log. */
export interface TraceCall {
  kind: 'llm' | 'payment' | 'other';
  /** e.g. `recommend`, `faq`, `classify`. */
  name: string;
  ms: number;
  outcome: string;
  model?: string;
  tokens?: { input: number; output: number };
}

/** What one turn did, stored with its inbound transcript entry (docs/simulator.md). */
export interface TurnTrace {
  /** The resting state before and after, `null` for a new conversation. */
  from: string | null;
  to: string;
  /** The flow event the inbound event became (`intent:browse`, `paid`, `choice`…), if any. */
  flowEvent?: string;
  /**
   * How typed text was routed: every candidate weighed (the step's buttons, intents, FAQ entries,
   * the catalog) with its 0..1 score and what matched, and the one chosen (`none`: the fallback).
   */
  route?: { chosen: string; candidates: { kind: string; name: string; score: number; matched?: string }[] };
  actions: { name: string; ms: number; failed?: boolean }[];
  calls: TraceCall[];
  /** The whole turn's time inside its transaction. */
  ms: number;
  /** Set when every attempt at this event failed and the engine gave up on it. */
  failed?: { attempts: number; error: string };
}
