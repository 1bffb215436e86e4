import { assign, fromPromise, setup, type AnyStateMachine } from 'xstate';
import type { Choice, Reply } from '../core/index.js';
import {
  ActionFailure,
  initialContext,
  type ActionResult,
  type FlowAction,
  type FlowContext,
  type FlowEvent,
  type FlowGuard,
} from './context.js';
import { buttonTargets, type FlowDefinition, type StateDef, type TransitionDef } from './definition.js';
import { decodePayload, encodePayload } from './payload.js';
import { builtInText, localText, renderSay } from './render.js';
import type { FlowServices } from './services.js';

export interface RunActionsInput {
  actions: string[];
  args: Record<string, string | number | boolean>;
  context: FlowContext;
  event: FlowEvent;
}

export interface FlowImplementations {
  actions: Readonly<Record<string, FlowAction>>;
  guards: Readonly<Record<string, FlowGuard>>;
  services: FlowServices;
}

/** Actions shoppers trigger from buttons that Kaiwa itself renders (product cards, cart). */
export const buttonActions = [
  'addToCart',
  'chooseVariant',
  'removeFromCart',
  'showProduct',
  'showCart',
  'checkout',
  'recommend',
  'handoff',
  'setLocale',
] as const;

const machineId = 'flow';
const ref = (state: string) => `#${machineId}.${state}`;
/** The turn's outbox with `replies` added. */
const push = (context: FlowContext, replies: readonly Reply[]) => [...context.outbox, ...replies];
/** A flow's `on:` transitions as the machine's: re-entering the target, remembering the event's order. */
const transitions = (list: readonly TransitionDef[]) =>
  list.map((item) => ({
    target: ref(item.target),
    reenter: true,
    actions: 'remember',
    ...(item.guard ? { guard: item.guard } : {}),
  }));

/** Where a state rests between turns: `S` or, for a state with actions, `S.ready`. */
export function restingValue(definition: FlowDefinition, state: string): string | Record<string, string> {
  return (definition.states[state]?.actions.length ?? 0) > 0 ? { [state]: 'ready' } : state;
}

/**
 * Compiles a definition to an XState v5 machine. Flow files declare; code implements by name:
 * `do:` names run inside the `runActions` promise actor, which the runtime provides per turn
 * (it needs that turn's transaction), so the machine itself stays free of I/O.
 */
export function compileFlow(definition: FlowDefinition, implementations: FlowImplementations): AnyStateMachine {
  const { on, states } = rootRoutes(definition, implementations);
  const machine = machineSetup(definition, states, implementations).createMachine({
    id: machineId,
    initial: definition.initial,
    context: ({ input }: { input: { locale: string } }) => initialContext(input.locale),
    on,
    states: Object.fromEntries(Object.values(states).map((state) => [state.name, stateNode(state)])),
  } as never);
  return machine as unknown as AnyStateMachine;
}

/** A state's node: `say` on entry; a state with actions runs them in `run` and rests in `ready`. */
function stateNode(state: StateDef) {
  const on = Object.fromEntries(Object.entries(state.on).map(([event, list]) => [event, transitions(list)]));
  const rest = {
    entry: { type: 'say', params: { state: state.name } },
    ...(state.next ? { always: { target: ref(state.next.target) } } : {}),
  };
  if (state.actions.length === 0) return { ...rest, on };
  const onError = state.onError
    ? { target: ref(state.onError.target), actions: 'applyFailure' }
    : { target: 'ready', actions: 'applyFailure' };
  return {
    initial: 'run',
    on,
    states: {
      run: {
        invoke: {
          src: 'runActions',
          input: ({ context, event }: { context: FlowContext; event: FlowEvent }): RunActionsInput => ({
            actions: state.actions,
            args: { ...state.with, ...(event.arg !== undefined ? { arg: event.arg } : {}) },
            context,
            event,
          }),
          onDone: { target: 'ready', actions: 'applyResult' },
          onError,
        },
      },
      ready: rest,
    },
  };
}

/**
 * The transitions taken from any state: buttons' `go.<state>`, the flow's own `on:`, then the
 * built-in events and button actions the flow does not route, each action through a state of
 * its own (`__<action>`), returned with the flow's states.
 */
function rootRoutes(
  definition: FlowDefinition,
  implementations: FlowImplementations,
): { on: Record<string, unknown>; states: Record<string, StateDef> } {
  const states: Record<string, StateDef> = { ...definition.states };
  const rootOn: Record<string, unknown> = {};
  for (const name of buttonTargets(definition)) rootOn[`go.${name}`] = { target: ref(name), reenter: true };
  for (const [event, list] of Object.entries(definition.on)) rootOn[event] = transitions(list);
  for (const action of buttonActions) {
    if (rootOn[action] || !implementations.actions[action]) continue;
    const name = `__${action}`;
    states[name] = {
      name,
      pos: { file: '(built in)', line: 1, column: 1 },
      actions: [action],
      with: {},
      say: [],
      choices: [],
      on: {},
    };
    rootOn[action] = { target: ref(name), reenter: true, actions: 'remember' };
  }
  rootOn.faq ??= { actions: 'sayFaq' };
  rootOn.paid ??= { actions: ['remember', { type: 'sayBuiltIn', params: { message: 'paid' } }] };
  rootOn.paymentFailed ??= { actions: { type: 'sayBuiltIn', params: { message: 'paymentFailed' } } };
  rootOn.paymentMismatch ??= { actions: ['remember', { type: 'sayBuiltIn', params: { message: 'paymentMismatch' } }] };
  rootOn.follow ??= { target: ref(definition.initial), reenter: true };
  rootOn.offerChanged = { actions: { type: 'notUnderstood', params: { message: 'offerChanged' } } };
  rootOn['*'] = { actions: { type: 'notUnderstood', params: { message: 'notUnderstood' } } };
  return { on: rootOn, states };
}

/** The machine's named implementations: its placeholder actor, the flow's guards, and what it says and keeps. */
function machineSetup(
  definition: FlowDefinition,
  states: Readonly<Record<string, StateDef>>,
  implementations: FlowImplementations,
) {
  const { services } = implementations;
  // The flow's own states that hand off (the example's `human`), for the fallback's "talk to a person".
  const handoffStates = Object.values(definition.states)
    .filter((state) => state.actions.includes('handoff'))
    .map((state) => state.name);
  const guards = Object.fromEntries(
    Object.entries(implementations.guards).map(([name, guard]) => [
      name,
      ({ context, event }: { context: FlowContext; event: FlowEvent }) => guard({ context, event }),
    ]),
  );
  return setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent, input: {} as { locale: string } },
    actors: {
      runActions: fromPromise<ActionResult, RunActionsInput>(async () => {
        throw new Error('runActions is provided per turn by the flow runtime');
      }),
    },
    guards: guards as Record<string, (args: { context: FlowContext; event: FlowEvent }) => boolean>,
    actions: {
      say: assign(({ context }, params: { state: string }) => {
        const state = states[params.state];
        if (!state || state.say.length === 0) return {};
        const { replies, choices } = renderSay(state, context, services);
        return { outbox: push(context, replies), choices };
      }),
      remember: assign(({ context, event }) => (event.order ? { order: event.order } : { order: context.order })),
      applyResult: assign(({ context, event }) => {
        const result = (event as unknown as { output?: ActionResult }).output ?? {};
        const buttons = numberedButtons(result.replies ?? []);
        return {
          ...result.context,
          outbox: push(context, result.replies ?? []),
          ...(buttons ? { choices: buttons } : {}),
        };
      }),
      applyFailure: assign(({ context, event }) => {
        const error = (event as unknown as { error?: unknown }).error;
        const text =
          error instanceof ActionFailure
            ? localText(error.text, context, services)
            : builtInText('notUnderstood', context, services);
        const choices = error instanceof ActionFailure ? [...(error.choices ?? [])] : [];
        if (choices.length === 0) return { outbox: push(context, [{ type: 'text', text }]) };
        return { outbox: push(context, [{ type: 'choices', text, choices }]), choices };
      }),
      sayFaq: assign(({ context, event }) => ({
        outbox: push(context, event.faq ? [{ type: 'text', text: event.faq.answer }] : []),
      })),
      sayBuiltIn: assign(({ context }, params: { message: 'paid' | 'paymentFailed' | 'paymentMismatch' }) => ({
        outbox: push(context, [{ type: 'text', text: builtInText(params.message, context, services) }]),
      })),
      notUnderstood: assign(({ context }, params: { message: 'notUnderstood' | 'offerChanged' }) => {
        const text =
          params.message === 'notUnderstood' && definition.fallback.length > 0
            ? definition.fallback.map((item) => localText(item, context, services)).join('\n')
            : builtInText(params.message, context, services);
        // What nobody could answer offers a person (a state that hands off, else the built-in action).
        const choices =
          params.message === 'notUnderstood' && !context.choices.some((choice) => isHandoff(choice, handoffStates))
            ? [...context.choices, handoffChoice(handoffStates[0], context, services)]
            : context.choices;
        const reply: Reply = choices.length > 0 ? { type: 'choices', text, choices } : { type: 'text', text };
        return { outbox: push(context, [reply]) };
      }),
    },
  });
}

/** Whether a button hands the conversation to a person: the handoff action, or a state that runs it. */
function isHandoff(choice: Choice, handoffStates: readonly string[]): boolean {
  if (choice.action === 'handoff') return true;
  const payload = decodePayload(choice.payload);
  return (
    (payload?.kind === 'do' && payload.action === 'handoff') ||
    (payload?.kind === 'goto' && handoffStates.includes(payload.state))
  );
}

function handoffChoice(state: string | undefined, context: FlowContext, services: FlowServices): Choice {
  return {
    label: builtInText('talkToPersonButton', context, services),
    payload: state ? encodePayload({ kind: 'goto', state }) : encodePayload({ kind: 'do', action: 'handoff' }),
    action: 'handoff',
  };
}

/**
 * The buttons a typed number picks after an action's replies, in the order they were shown: each
 * product card's actions, then the choices (as text-only channels and the terminal number them).
 * undefined when the replies offer no choices, so the previous buttons stay.
 */
function numberedButtons(replies: readonly Reply[]): Choice[] | undefined {
  if (!replies.some((reply) => reply.type === 'choices')) return undefined;
  return replies.flatMap((reply) =>
    reply.type === 'choices'
      ? reply.choices
      : reply.type === 'products'
        ? reply.products.flatMap((card) => card.actions)
        : [],
  );
}
