import { AsyncLocalStorage } from 'node:async_hooks';
import {
  createActor,
  fromPromise,
  waitFor,
  type AnyActorRef,
  type AnyStateMachine,
  type PromiseActorLogic,
} from 'xstate';
import {
  nextLocale,
  type ConversationLogic,
  type TurnSignal,
  type PaymentEvent,
  type PrepareInput,
  type Reply,
  type StepInput,
  type StepResult,
  type StoredSession,
} from '../core/index.js';
import { compileFlow, restingValue, type FlowImplementations, type RunActionsInput } from './compile.js';
import { ActionFailure, initialContext, type ActionResult, type FlowContext, type FlowEvent } from './context.js';
import { buttonTargets, type FlowDefinition } from './definition.js';
import { rehearsable, rememberModelAnswers, type ModelAnswers } from './rehearsal.js';
import { builtInText } from './render.js';
import type { FlowServices } from './services.js';
import { toFlowEvent } from './to-flow-event.js';

export interface FlowRuntimeOptions {
  definition: FlowDefinition;
  implementations: FlowImplementations;
  /** A conversation idle longer than this starts over at the initial state, keeping its cart. */
  idleTimeoutMs?: number;
  /**
   * Rehearse each text or button turn before its transaction, keeping its model answers
   * (src/flows/rehearsal.ts). Worth it when the services call a model; a waste of CPU when not.
   */
  rehearse?: boolean;
}

export interface FlowRuntime extends ConversationLogic {
  readonly definition: FlowDefinition;
  readonly machine: AnyStateMachine;
  failed: NonNullable<ConversationLogic['failed']>;
}

interface PersistedSnapshot {
  value: string | Record<string, unknown>;
  context: FlowContext;
  status: string;
}

/** One turn, as its actions and services reach it through `AsyncLocalStorage`. */
interface Turn {
  tx: StepInput['tx'];
  event: StepInput['event'];
  now: Date;
  fatal: unknown[];
  ran: { name: string; ms: number; failed?: boolean }[];
  /** Model answers: kept by a rehearsal, taken by the turn. */
  answers?: ModelAnswers;
  /** Set in a rehearsal: ends it when the flow reaches an action that would write or is the shop's own. */
  rehearsal?: { halt: () => void; actor?: AnyActorRef };
}

/** What every turn of a runtime shares, built once by createFlowRuntime. */
interface Engine {
  definition: FlowDefinition;
  /** The compiled machine with the `runActions` actor provided. */
  machine: AnyStateMachine;
  /** The shop's services, remembering model answers when turns are rehearsed. */
  services: FlowServices;
  actionNames: readonly string[];
  buttonTargets: ReadonlySet<string>;
  idleTimeoutMs: number | undefined;
  turns: AsyncLocalStorage<Turn>;
}

/** The conversation logic of a shop: its flow files' machine, one step per inbound event. */
export function createFlowRuntime(options: FlowRuntimeOptions): FlowRuntime {
  const { definition, implementations } = options;
  const machine = compileFlow(definition, implementations);
  // The machine is built once; each turn's transaction reaches its actions through this store
  // (rebuilding the machine per turn with provide() cost a tenth of the CPU of a turn).
  const turns = new AsyncLocalStorage<Turn>();
  const services = options.rehearse
    ? rememberModelAnswers(implementations.services, () => {
        const turn = turns.getStore();
        return turn?.answers ? { answers: turn.answers, rehearsal: turn.rehearsal !== undefined } : undefined;
      })
    : implementations.services;
  const engine: Engine = {
    definition,
    machine: machine.provide({ actors: { runActions: actionRunner(implementations.actions, services, turns) } }),
    services,
    actionNames: Object.keys(implementations.actions),
    buttonTargets: buttonTargets(definition),
    idleTimeoutMs: options.idleTimeoutMs,
    turns,
  };

  function step(input: StepInput): Promise<StepResult> {
    const answers = input.prepared instanceof Map ? (input.prepared as ModelAnswers) : undefined;
    return turns.run(
      { tx: input.tx, event: input.event, now: input.now, fatal: [], ran: [], ...(answers ? { answers } : {}) },
      () => stepInTurn(engine, input),
    );
  }
  const prepare = (input: PrepareInput) => rehearse(engine, input);
  const failed: FlowRuntime['failed'] = (input) => failedTurn(definition, implementations.services, input);

  return { definition, machine, step, failed, ...(options.rehearse ? { prepare } : {}) };
}

/** The `runActions` actor: runs a state's actions in order inside the current turn, timing each. */
function actionRunner(
  actions: FlowImplementations['actions'],
  services: FlowServices,
  turns: AsyncLocalStorage<Turn>,
): PromiseActorLogic<ActionResult, RunActionsInput> {
  return fromPromise<ActionResult, RunActionsInput>(async ({ input }) => {
    const turn = turns.getStore();
    if (!turn) throw new Error('flow actions run only inside a turn');
    const { tx, event, now } = turn;
    let context: FlowContext = input.context;
    const replies: Reply[] = [];
    for (const name of input.actions) {
      const action = actions[name];
      if (!action) throw new Error(`action "${name}" is not registered`);
      if (turn.rehearsal && !rehearsable(action)) {
        turn.rehearsal.halt();
        return new Promise<never>(() => undefined); // the rehearsal is over; its actor is stopped
      }
      const started = performance.now();
      const ran = { name, ms: 0 } as { name: string; ms: number; failed?: boolean };
      turn.ran.push(ran);
      try {
        const result =
          (await action({
            context,
            event: input.event,
            args: input.args,
            services,
            address: event.address,
            tx,
            now,
          })) ?? {};
        context = { ...context, ...result.context };
        replies.push(...(result.replies ?? []));
        ran.ms = Math.round((performance.now() - started) * 10) / 10;
      } catch (error) {
        ran.ms = Math.round((performance.now() - started) * 10) / 10;
        ran.failed = true;
        // A failure the shopper should hear about goes to the flow's onError; anything else is a
        // bug or an outage: fail the whole turn so it rolls back and the platform redelivers.
        if (!(error instanceof ActionFailure)) turn.fatal.push(error);
        throw error;
      }
    }
    const { outbox: _outbox, choices: _choices, ...changes } = context;
    return { replies, context: changes };
  });
}

/**
 * The rehearsal of a text or button turn (src/flows/rehearsal.ts): the flow runs on the last
 * committed session until it is done or reaches an action that is not read-only; what is kept is
 * the model's answers, never its writes (it makes none) or replies.
 */
async function rehearse(
  engine: Engine,
  { store, event, session, now }: PrepareInput,
): Promise<ModelAnswers | undefined> {
  if (event.type !== 'text' && event.type !== 'postback') return undefined;
  const answers: ModelAnswers = new Map();
  let halt = () => undefined as void;
  const halted = new Promise<void>((resolve) => (halt = resolve));
  const rehearsal: NonNullable<Turn['rehearsal']> = { halt };
  const run = engine.turns.run({ tx: store, event, now, fatal: [], ran: [], answers, rehearsal }, () =>
    stepInTurn(engine, { tx: store, event, session, now }),
  );
  try {
    await Promise.race([run, halted]);
  } catch {
    // What it learnt before failing is still good.
  } finally {
    rehearsal.actor?.stop();
    run.catch(() => undefined);
  }
  return answers.size > 0 ? answers : undefined;
}

/** One event through the machine, inside the turn `engine.turns` holds. */
async function stepInTurn(engine: Engine, { tx, event, session, now }: StepInput): Promise<StepResult> {
  const { definition } = engine;
  const turn = engine.turns.getStore()!;

  const supported = definition.locales;
  const previous = session && session.flowId === definition.id ? (session.snapshot as PersistedSnapshot) : undefined;
  const known = previous?.context.locale;
  const detected = event.type === 'text' ? nextLocale(event.text, known, supported) : undefined;
  const locale = detected ?? known ?? event.locale ?? supported[0] ?? 'en';

  const isNew = !previous;
  const actor =
    previous && session
      ? restoredActor(engine, { session, previous, locale, now })
      : createActor(engine.machine, { input: { locale } });
  if (turn.rehearsal) turn.rehearsal.actor = actor; // stopped when the rehearsal ends
  actor.start();
  if (isNew) await settle(actor);

  const current = actor.getSnapshot() as { value: PersistedSnapshot['value']; context: FlowContext };
  const state = topState(current.value, definition.initial);
  const flowEvent = await toFlowEvent(event, {
    definition,
    services: engine.services,
    state,
    context: current.context,
    tx,
    actionNames: engine.actionNames,
    buttonTargets: engine.buttonTargets,
  });
  // A first "hello" is answered by the welcome the new conversation just got; don't greet twice.
  const greetsAgain =
    isNew &&
    flowEvent &&
    (flowEvent.type === 'follow' ||
      definition.on[flowEvent.type]?.every((route) => route.target === definition.initial));
  if (flowEvent && !greetsAgain) {
    actor.send(flowEvent);
    await settle(actor);
  }
  if (turn.fatal.length > 0) throw turn.fatal[0];

  return turnResult(definition, {
    actor,
    isNew,
    from: state,
    before: current.context,
    flowEvent,
    paid: flowEvent?.type === 'paid' && event.type === 'payment' ? event.payment : undefined,
    ran: turn.ran,
  });
}

/**
 * The actor of a conversation with a session: as it was persisted or, once idle too long or when
 * the flow has been edited, restarted at the initial state or re-seated in the same state.
 */
function restoredActor(
  { definition, machine, idleTimeoutMs }: Engine,
  {
    session,
    previous,
    locale,
    now,
  }: { session: StoredSession; previous: PersistedSnapshot; locale: string; now: Date },
): AnyActorRef {
  const idle = idleTimeoutMs !== undefined && now.getTime() - Date.parse(session.updatedAt) > idleTimeoutMs;
  const stale = session.flowHash !== definition.hash;
  const context: FlowContext = { ...initialContext(locale), ...previous.context, locale, outbox: [] };
  if (!idle && !stale) return createActor(machine, { snapshot: { ...previous, context } as never });
  // Restart at the initial state (idle), or re-seat the same state in the edited flow; the cart is kept.
  const top = topState(previous.value, definition.initial);
  const state = !idle && definition.states[top] ? top : definition.initial;
  const resolved = machine.resolveState({
    value: restingValue(definition, state),
    context: idle ? { ...context, choices: [] } : context,
  });
  return createActor(machine, { snapshot: machine.getPersistedSnapshot(resolved) });
}

/** What a settled turn returns: the session to persist (outbox emptied), its replies, trace and funnel events. */
function turnResult(
  definition: FlowDefinition,
  turn: {
    actor: AnyActorRef;
    isNew: boolean;
    /** The state the turn started in. */
    from: string;
    before: FlowContext;
    flowEvent: FlowEvent | undefined;
    paid: PaymentEvent | undefined;
    ran: Turn['ran'];
  },
): StepResult {
  // A fresh object whose context is the actor's own (never mutated by XState): copy what we change.
  const snapshot = turn.actor.getPersistedSnapshot() as unknown as PersistedSnapshot;
  turn.actor.stop();
  const replies = snapshot.context.outbox;
  const persisted: PersistedSnapshot = { ...snapshot, context: { ...snapshot.context, outbox: [] } };
  const signals = turnSignals({
    isNew: turn.isNew,
    before: turn.before,
    after: persisted.context,
    replies,
    paid: turn.paid,
  });
  const trace = {
    from: turn.isNew ? null : turn.from,
    to: topState(persisted.value, definition.initial),
    ...(turn.flowEvent ? { flowEvent: describeFlowEvent(turn.flowEvent) } : {}),
    ...(turn.flowEvent?.route ? { route: turn.flowEvent.route } : {}),
    actions: turn.ran,
  };
  return {
    session: { flowId: definition.id, flowHash: definition.hash, snapshot: persisted },
    replies,
    trace,
    ...(signals.length > 0 ? { signals } : {}),
  };
}

/** Every attempt at an event failed and the engine gives up: apologise in the conversation's language; the session stays. */
async function failedTurn(
  definition: FlowDefinition,
  services: FlowServices,
  { event, session, error, attempts }: StepInput & { error: unknown; attempts: number },
): Promise<Pick<StepResult, 'replies' | 'trace'>> {
  const previous = session && session.flowId === definition.id ? (session.snapshot as PersistedSnapshot) : undefined;
  const locale = previous?.context.locale ?? event.locale ?? definition.locales[0] ?? 'en';
  const state = previous ? topState(previous.value, definition.initial) : null;
  services.alert?.('a turn failed every attempt; the event was given up on and the shopper told', {
    channel: event.address.channel,
    eventId: event.id,
    attempts,
    state,
    error: String(error).slice(0, 300),
  });
  const context: FlowContext = { ...initialContext(locale), ...previous?.context, locale };
  return {
    replies: [{ type: 'text', text: builtInText('turnFailed', context, services) }],
    trace: { from: state, to: state ?? '(none)', actions: [] },
  };
}

const topState = (value: PersistedSnapshot['value'], initial: string): string =>
  typeof value === 'string' ? value : (Object.keys(value)[0] ?? initial);

/** `addToCart tea-sencha-uji`, `faq shipping`, `paid`: the flow event in a few characters, for the event log. */
function describeFlowEvent(event: { type: string; arg?: unknown; faq?: { entryId?: string } }): string {
  const detail = typeof event.arg === 'string' ? event.arg : event.faq?.entryId;
  return detail ? `${event.type} ${detail}` : event.type;
}

/** Waits until invoked actions have finished (the machine rests), or fails on a machine error. */
async function settle(actor: AnyActorRef): Promise<void> {
  const snapshot = await waitFor(
    actor,
    (state: { children: Record<string, unknown>; status: string }) =>
      state.status !== 'active' || Object.keys(state.children).length === 0,
    { timeout: 60_000 },
  );
  if ((snapshot as { status: string }).status === 'error') throw (snapshot as { error: unknown }).error;
}

const units = (context: FlowContext) => context.cart.reduce((sum, line) => sum + line.quantity, 0);

/** What a turn did, read from its result (the funnel counts these): new conversation, cards shown, cart grown, payment link, paid. */
function turnSignals(turn: {
  isNew: boolean;
  before: FlowContext;
  after: FlowContext;
  replies: readonly Reply[];
  paid: PaymentEvent | undefined;
}): TurnSignal[] {
  const signals: TurnSignal[] = [];
  if (turn.isNew) signals.push({ name: 'conversation_started' });
  if (turn.replies.some((reply) => reply.type === 'products' && reply.products.length > 0))
    signals.push({ name: 'recommendations_shown' });
  if (units(turn.after) > units(turn.before)) signals.push({ name: 'added_to_cart' });
  for (const reply of turn.replies)
    if (reply.type === 'paymentLink')
      signals.push({ name: 'checkout_started', orderId: reply.orderId, amount: reply.total });
  if (turn.paid) signals.push({ name: 'paid', orderId: turn.paid.orderId, amount: turn.paid.amount });
  return signals;
}
