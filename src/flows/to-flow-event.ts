import { namesValue } from '../catalog/option-words.js';
import type { Choice, InboundEvent, Order, Store } from '../core/index.js';
import { carriesNoRequest, scoreIntents } from './classify.js';
import type { FlowContext, FlowEvent } from './context.js';
import type { FlowDefinition } from './definition.js';
import { orderSummary } from './order-summary.js';
import { decodePayload } from './payload.js';
import { browseIntent, decideRoute, intentCandidate, isBrowseIntent, routeNote, type RouteCandidate } from './route.js';
import type { FlowServices } from './services.js';

export interface EventRouting {
  definition: FlowDefinition;
  services: FlowServices;
  /** The top-level state the conversation rests in. */
  state: string;
  context: FlowContext;
  tx: Store;
  actionNames: readonly string[];
  /** The states a `go` payload may move to (buttonTargets of the definition). */
  buttonTargets: ReadonlySet<string>;
}

/** Which events the current state can take: its own `on`, the flow's global `on`, built-in buttons. */
function routes(routing: EventRouting, event: string): boolean {
  return Boolean(routing.definition.states[routing.state]?.on[event] ?? routing.definition.on[event]);
}

/**
 * Turns what the shopper did into the machine's event: a button's payload, an intent from
 * keywords, an FAQ answer, or `unknown` (which the flow's fallback answers). undefined: nothing to do.
 */
export async function toFlowEvent(event: InboundEvent, routing: EventRouting): Promise<FlowEvent | undefined> {
  switch (event.type) {
    case 'text':
      return textEvent(event.text, routing);
    case 'postback':
      return postbackEvent(event.payload, routing);
    case 'follow':
      return { type: 'follow' };
    case 'unfollow':
    case 'ownerReply': // the handoff module pauses the bot; nothing for the flow
      return undefined;
    case 'media':
      return { type: 'media' };
    case 'location':
      return { type: 'location' };
    case 'payment':
      return paymentEvent(event, routing);
  }
}

async function textEvent(text: string, routing: EventRouting): Promise<FlowEvent> {
  const { context, definition } = routing;
  // A button's value or label typed out presses it: in a size step `4` is size 4, `M` is M.
  const typed = typedChoice(text, context.choices);
  if (typed) return postbackEvent(typed.payload, routing);
  // A number answers the buttons last shown (WhatsApp lists, the terminal chat, SMS-like habits).
  const number = /^\s*(\d{1,2})\s*$/.exec(text.normalize('NFKC'));
  const choice = number ? context.choices[Number(number[1]) - 1] : undefined;
  if (choice) return postbackEvent(choice.payload, routing);
  // A coupon code (kaiwa.yaml promotions: a known code alone, or any after クーポン/coupon) is applied, not weighed.
  const coupon = routing.actionNames.includes('applyCoupon') ? routing.services.orders.couponCode?.(text) : undefined;
  if (coupon) return { type: 'applyCoupon', arg: coupon, text };
  // Every source's evidence, weighed together (src/flows/route.ts).
  const candidates: RouteCandidate[] = scoreIntents(definition, text, context.locale)
    .filter((intent) => routes(routing, intent.name))
    .map((intent) => intentCandidate(intent.name, intent.score, intent.matched));
  const request = !carriesNoRequest(text);
  const product =
    request && routes(routing, browseIntent) ? routing.services.productQuery?.(text, context.locale) : undefined;
  if (product) candidates.push({ kind: 'catalog', name: 'products', score: product.score, matched: product.matched });
  // A message that is nothing but an intent's keyword, or a request for products the catalog
  // matches ("recommend a green tea"), needs no FAQ (which may be a model call).
  const certain = candidates.some(
    (candidate) =>
      (candidate.kind === 'intent' &&
        candidate.matched !== undefined &&
        typedForm(candidate.matched) === typedForm(text)) ||
      (isBrowseIntent(candidate) && (product?.score ?? 0) >= 0.85),
  );
  const answer = certain || !request ? null : await routing.services.faq.answer(text, context.locale);
  if (answer) candidates.push({ kind: 'faq', name: answer.entryId, score: faqEvidence(answer.score) });
  const chosen = decideRoute(candidates);
  const route = routeNote(candidates, chosen);
  if (chosen?.kind === 'intent') return { type: chosen.name, text, route };
  if (chosen?.kind === 'catalog') return { type: browseIntent, text, route };
  if (chosen?.kind === 'faq' && answer)
    return { type: 'faq', text, faq: { entryId: answer.entryId, answer: answer.answer }, route };
  if (routing.services.classifyIntent) {
    const offered = Object.entries(definition.intents)
      .filter(([name]) => routes(routing, name))
      .map(([name, intent]) => ({
        name,
        examples: [...(intent.keywords[context.locale] ?? []), ...Object.values(intent.keywords).flat()].slice(0, 8),
      }));
    const named = await routing.services.classifyIntent(text, offered);
    if (named && routes(routing, named))
      return { type: named, text, route: { ...route, chosen: `intent ${named} (model)` } };
  }
  return { type: 'unknown', text, route };
}

/**
 * An FAQ answer's weight: the answerer only answers above its calibrated threshold (0.3 cosine by
 * default, keeping 95 % of in-scope questions), so an answer is evidence from 0.6 up, rising with
 * its cosine to 0.95 for an exact paraphrase (as sure as a keyword, no surer: a tie the flow's order
 * breaks). A weak catalog match (0.3–0.6) then loses to it, a request the catalog matches in full
 * (0.9) wins over a paraphrase that only shares a product word.
 */
export function faqEvidence(cosine: number): number {
  return 0.6 + 0.35 * Math.min(1, Math.max(0, (cosine - 0.3) / 0.7));
}

const typedForm = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s。、.!！?？]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The one shown button that `text` names: exactly its value or label (NFKC, any case), or, for a
 * button with a value, a short message naming that value and no other ("M please", 「Mサイズで」).
 */
function typedChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  const form = typedForm(text);
  if (!form) return undefined;
  const only = (found: Choice[]) => (found.length === 1 ? found[0] : undefined);
  const exact =
    only(choices.filter((choice) => choice.value !== undefined && typedForm(choice.value) === form)) ??
    only(choices.filter((choice) => typedForm(choice.label) === form));
  if (exact) return exact;
  if (form.length > 24) return undefined;
  return only(choices.filter((choice) => choice.value !== undefined && namesValue(form, choice.value)));
}

function postbackEvent(raw: string, routing: EventRouting): FlowEvent {
  const payload = decodePayload(raw);
  if (!payload) return { type: 'offerChanged' };
  switch (payload.kind) {
    case 'goto':
      return routing.buttonTargets.has(payload.state) ? { type: `go.${payload.state}` } : { type: 'offerChanged' };
    case 'intent':
      return routing.definition.intents[payload.intent] ? { type: payload.intent } : { type: 'offerChanged' };
    case 'do':
      if (!routing.actionNames.includes(payload.action)) return { type: 'offerChanged' };
      return payload.arg === undefined ? { type: payload.action } : { type: payload.action, arg: payload.arg };
  }
}

/** Applies a provider's payment event to its order (once), then tells the machine what happened. */
async function paymentEvent(
  event: Extract<InboundEvent, { type: 'payment' }>,
  routing: EventRouting,
): Promise<FlowEvent | undefined> {
  const outcome = await routing.services.orders.applyPayment(routing.tx, event.payment);
  const summary = (order: Order) => orderSummary(order, routing.context.locale);
  switch (outcome.kind) {
    case 'paid':
      return { type: 'paid', order: summary(outcome.order) };
    case 'mismatch':
      routing.services.alert?.('payment amount does not match the order', {
        orderId: outcome.order.id,
        paid: event.payment.amount,
        expected: outcome.order.total,
      });
      return { type: 'paymentMismatch', order: summary(outcome.order) };
    case 'failed':
      return { type: 'paymentFailed' };
    case 'duplicate':
    case 'ignored':
      return undefined;
  }
}
