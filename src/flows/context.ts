import type { RouteNote } from './route.js';
import type { Address, CartLine, Choice, LocalizedText, Reply, Store } from '../core/index.js';
import type { FlowServices } from './services.js';

/**
 * The order templates name as `{{order.…}}`: its number, total and status, and once it is paid or
 * linked, its tax (`{{order.tax}}` ¥813, `{{order.taxNote}}` （内消費税 ¥813）) and the receipt text
 * (`{{order.receipt}}`: lines, options, shipping, tax per rate, total, in the shopper's language).
 */
export interface OrderSummary {
  id: string;
  total: string;
  status: string;
  tax?: string;
  taxNote?: string;
  receipt?: string;
}

/** What a conversation remembers between turns: the XState machine's context, persisted as JSON. */
export interface FlowContext {
  locale: string;
  cart: CartLine[];
  /** Free-form values actions keep for templates: `{{ vars.name }}`. */
  vars: Record<string, string | number | boolean>;
  /** Products shown or added, newest last: recommendation re-ranking uses them. */
  seen: string[];
  lastRecommendations: string[];
  order?: OrderSummary;
  /** The coupon code the shopper applied (`applyCoupon`), in capitals; checkout passes it to the order service. */
  coupon?: string | undefined;
  /** The buttons most recently shown, for "didn't catch that" and for typing a button's number. */
  choices: Choice[];
  /** Replies of the turn under way; emptied when the turn is persisted. */
  outbox: Reply[];
}

/** An event as the machine sees it: an intent, an action button, or a built-in event. */
export interface FlowEvent {
  type: string;
  text?: string;
  arg?: string;
  faq?: { entryId: string; answer: string };
  order?: OrderSummary;
  /** How free text was routed: the candidates weighed and the one chosen (src/flows/route.ts). */
  route?: RouteNote;
}

export interface ActionInput {
  context: Readonly<FlowContext>;
  event: FlowEvent;
  /** The state's `with:` values, plus `arg` from the button that was pressed. */
  args: Readonly<Record<string, string | number | boolean>>;
  services: FlowServices;
  /** The conversation this turn belongs to. */
  address: Address;
  tx: Store;
  now: Date;
}

export interface ActionResult {
  replies?: Reply[];
  context?: Partial<
    Pick<FlowContext, 'cart' | 'vars' | 'seen' | 'lastRecommendations' | 'order' | 'locale' | 'coupon'>
  >;
}

/** A flow action: `do: <name>` in a flow file. Throw ActionFailure for a failure the shopper should hear about. */
export type FlowAction = (input: ActionInput) => Promise<ActionResult | void>;

/** A flow guard: `on: { event: { target: s, guard: <name> } }`. Pure and synchronous. */
export type FlowGuard = (input: { context: Readonly<FlowContext>; event: FlowEvent }) => boolean;

const actionFailureBrand = Symbol.for('kaiwa.ActionFailure');

/**
 * A failure the shopper is told about (empty cart, sold out…). The flow's `onError` decides where to go next.
 * Recognised by a global brand, not by class identity: a shop's code that imports another copy of Kaiwa
 * (its own node_modules, the compiled package beside the sources) throws one the engine still knows.
 */
export class ActionFailure extends Error {
  readonly [actionFailureBrand] = true;

  /** Buttons offered with the failure, e.g. a sold-out size's product with its other options. */
  readonly choices: readonly Choice[];

  constructor(
    readonly text: LocalizedText,
    options?: { cause?: unknown; choices?: readonly Choice[] },
  ) {
    super(Object.values(text)[0] ?? 'action failed', options);
    this.name = 'ActionFailure';
    this.choices = options?.choices ?? [];
  }

  /** True for an ActionFailure from any copy of Kaiwa. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[actionFailureBrand] === true
    );
  }
}

export function initialContext(locale: string): FlowContext {
  return { locale, cart: [], vars: {}, seen: [], lastRecommendations: [], choices: [], outbox: [] };
}
