import { collectCalls, noteCall, type TraceCall } from '../core/index.js';
import { addToCart } from './actions/add-to-cart.js';
import { answerFaq } from './actions/answer-faq.js';
import { chooseVariant } from './actions/choose-variant.js';
import { orderStatus } from './actions/order-status.js';
import { recommend } from './actions/recommend.js';
import { removeFromCart } from './actions/remove-from-cart.js';
import { setLocale } from './actions/set-locale.js';
import { showCart } from './actions/show-cart.js';
import { showProduct } from './actions/show-product.js';
import type { FlowAction } from './context.js';
import type { FlowServices } from './services.js';

/*
 * A turn in LLM mode is rehearsed before its transaction (ConversationLogic.prepare): the flow runs
 * on the last committed session, outside every lock, and the answers of the model calls it makes are
 * kept. The turn itself then runs as always, inside its transaction, and takes a kept answer when it
 * asks exactly the same question; anything else it asks the model itself. So a SQLite shop's single
 * writer is not held for a model's seconds, and a rehearsal that guessed wrong costs a model call,
 * never a wrong answer.
 */

/** Model answers by question, from one event's rehearsal, with the calls that produced them (for the turn's trace). */
export type ModelAnswers = Map<string, { answer: Promise<unknown>; calls: TraceCall[] }>;

/** The built-in actions that only read the store, and so may run in a rehearsal; any other action ends it. */
const readOnlyActions = new Set<FlowAction>([
  recommend,
  answerFaq,
  orderStatus,
  showProduct,
  showCart,
  addToCart,
  chooseVariant,
  removeFromCart,
  setLocale,
]);

export const rehearsable = (action: FlowAction): boolean => readOnlyActions.has(action);

/** What the model-backed services need from the running turn: its answers, and whether it is the rehearsal. */
export interface AnswersInTurn {
  answers: ModelAnswers;
  rehearsal: boolean;
}

/**
 * `services` whose model-backed parts (recommender, FAQ, intent classifier) keep their answers in a
 * rehearsal and give them back to the turn for the same arguments.
 */
export function rememberModelAnswers(services: FlowServices, inTurn: () => AnswersInTurn | undefined): FlowServices {
  function remembered<T>(question: string, call: () => Promise<T>): Promise<T> {
    const turn = inTurn();
    if (!turn) return call();
    const kept = turn.answers.get(question);
    if (kept) {
      if (!turn.rehearsal) for (const traced of kept.calls) noteCall(traced);
      return kept.answer as Promise<T>;
    }
    if (!turn.rehearsal) return call();
    const entry = { answer: Promise.resolve<unknown>(undefined), calls: [] as TraceCall[] };
    const answer = collectCalls(call).then(({ result, calls }) => {
      entry.calls.push(...calls);
      return result;
    });
    // A question that failed is asked again by the turn.
    entry.answer = answer.catch((error: unknown) => {
      turn.answers.delete(question);
      throw error;
    });
    entry.answer.catch(() => undefined); // whoever asked hears of the failure; nobody else need
    turn.answers.set(question, entry);
    return entry.answer as Promise<T>;
  }
  const { recommender, faq, classifyIntent } = services;
  return {
    ...services,
    recommender: {
      name: recommender.name,
      recommend: (query) => remembered(`recommend ${JSON.stringify(query)}`, () => recommender.recommend(query)),
    },
    faq: {
      answer: (question, locale) =>
        remembered(`faq ${JSON.stringify([question, locale])}`, () => faq.answer(question, locale)),
    },
    ...(classifyIntent
      ? {
          classifyIntent: (text: string, intents: Parameters<typeof classifyIntent>[1]) =>
            remembered(`classify ${JSON.stringify([text, intents])}`, () => classifyIntent(text, intents)),
        }
      : {}),
  };
}
