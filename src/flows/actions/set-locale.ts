import { ActionFailure, type FlowAction } from '../context.js';
import { builtInText } from '../render.js';

/** `do: setLocale` with `arg: en` (or `with: { locale: en }`): switches the conversation's language. */
export const setLocale: FlowAction = async ({ context, args, services }) => {
  const locale = String(args.arg ?? args.locale ?? '');
  if (!services.shop.locales.includes(locale)) {
    throw new ActionFailure({
      ja: `「${locale}」には対応していません。`,
      en: `"${locale}" is not a language this shop speaks.`,
    });
  }
  return {
    replies: [{ type: 'text', text: builtInText('localeChanged', { ...context, locale }, services) }],
    context: { locale },
  };
};
