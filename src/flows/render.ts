import { pickText, type Choice, type LocalizedText, type Reply } from '../core/index.js';
import type { FlowContext } from './context.js';
import type { ChoiceDef, StateDef } from './definition.js';
import { interpolate } from './interpolate.js';
import { messages, type MessageName } from './messages.js';
import { encodePayload } from './payload.js';
import type { FlowServices } from './services.js';

/** Values `{{ }}` templates can name. */
export function templateData(
  context: FlowContext,
  services: FlowServices,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    shop: { name: pickText(services.shop.name, context.locale, services.shop.defaultLocale) },
    cart: { count: context.cart.reduce((sum, line) => sum + line.quantity, 0) },
    order: context.order ?? {},
    vars: context.vars,
    locale: context.locale,
    ...extra,
  };
}

export function localText(
  text: LocalizedText,
  context: FlowContext,
  services: FlowServices,
  extra?: Record<string, unknown>,
): string {
  return interpolate(
    pickText(text, context.locale, services.shop.defaultLocale),
    templateData(context, services, extra),
  );
}

/** One of Kaiwa's built-in messages in the conversation's locale (English for locales it lacks). */
export function builtInText(
  name: MessageName,
  context: FlowContext,
  services: FlowServices,
  extra?: Record<string, unknown>,
): string {
  return interpolate(pickText(messages[name], context.locale, 'en'), templateData(context, services, extra));
}

export function renderChoice(choice: ChoiceDef, context: FlowContext, services: FlowServices): Choice {
  const payload =
    choice.kind === 'goto'
      ? encodePayload({ kind: 'goto', state: choice.value })
      : choice.kind === 'intent'
        ? encodePayload({ kind: 'intent', intent: choice.value })
        : encodePayload({ kind: 'do', action: choice.value, arg: choice.arg });
  return {
    label: localText(choice.label, context, services),
    payload,
    ...(choice.kind === 'do' ? { action: choice.value } : {}),
  };
}

/** A state's `say` and `choices` as replies: the choices sit under the last message. */
export function renderSay(
  state: StateDef,
  context: FlowContext,
  services: FlowServices,
): { replies: Reply[]; choices: Choice[] } {
  const texts = state.say.map((text) => localText(text, context, services));
  const choices = state.choices.map((choice) => renderChoice(choice, context, services));
  const replies: Reply[] = texts.map((text) => ({ type: 'text', text }));
  const last = texts.at(-1);
  if (choices.length > 0 && last !== undefined) replies[replies.length - 1] = { type: 'choices', text: last, choices };
  return { replies, choices };
}
