import type { FlowAction } from '../context.js';
import { builtInText } from '../render.js';

/** `do: answerFaq`: the answer the runtime matched, or asks the FAQ answerer; abstains rather than guess. */
export const answerFaq: FlowAction = async ({ context, event, services }) => {
  const answer = event.faq ?? (event.text ? await services.faq.answer(event.text, context.locale) : null);
  const text = answer ? answer.answer : builtInText('faqNotFound', context, services);
  return { replies: [{ type: 'text', text }] };
};
