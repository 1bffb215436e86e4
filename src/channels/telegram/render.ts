import { applyLimits, cardPrice, formatMoney, type Choice, type Reply } from '../../core/index.js';
import { moneyLocale, shorten } from '../shared/text.js';
import { maxCallbackDataBytes, maxCaptionLength, telegramLimits } from './limits.js';

/** One Bot API call. */
export interface TelegramCall {
  method: 'sendMessage' | 'sendPhoto';
  payload: Record<string, unknown>;
}

const keyboard = (choices: readonly Choice[]) => {
  const rows = choices
    .filter((choice) => Buffer.byteLength(choice.payload) <= maxCallbackDataBytes)
    .map((choice) => [{ text: choice.label, callback_data: choice.payload }]);
  return rows.length > 0 ? { reply_markup: { inline_keyboard: rows } } : {};
};

/** Buttons whose payload exceeds callback_data's 64 bytes become numbered lines: typing the number presses them. */
const numberedFallback = (choices: readonly Choice[]) =>
  choices
    .map((choice, index) =>
      Buffer.byteLength(choice.payload) > maxCallbackDataBytes ? `\n${index + 1}. ${choice.label}` : '',
    )
    .join('');

/**
 * Replies → Bot API calls, after degrading to Telegram's limits: text → sendMessage; choices →
 * an inline keyboard, one button per row; each product → a photo with a caption and its buttons;
 * a payment link → a URL button; handoff → nothing (it is for the merchant's inbox).
 */
export function renderTelegramReplies(chatId: string, replies: readonly Reply[]): TelegramCall[] {
  const calls: TelegramCall[] = [];
  for (const reply of applyLimits(replies, telegramLimits)) {
    const raw = reply.channelOptions?.telegram as
      { method?: TelegramCall['method']; payload?: Record<string, unknown> } | undefined;
    if (raw?.method && raw.payload) {
      calls.push({ method: raw.method, payload: { chat_id: chatId, ...raw.payload } });
      continue;
    }
    switch (reply.type) {
      case 'text':
        calls.push({ method: 'sendMessage', payload: { chat_id: chatId, text: reply.text } });
        break;
      case 'choices':
        calls.push({
          method: 'sendMessage',
          payload: { chat_id: chatId, text: reply.text + numberedFallback(reply.choices), ...keyboard(reply.choices) },
        });
        break;
      case 'products':
        for (const card of reply.products) {
          const caption = shorten(
            [card.title, cardPrice(card, moneyLocale(card.price.currency)), card.options, card.reason]
              .filter(Boolean)
              .join('\n'),
            maxCaptionLength,
          );
          calls.push(
            card.imageUrl
              ? {
                  method: 'sendPhoto',
                  payload: { chat_id: chatId, photo: card.imageUrl, caption, ...keyboard(card.actions) },
                }
              : { method: 'sendMessage', payload: { chat_id: chatId, text: caption, ...keyboard(card.actions) } },
          );
        }
        break;
      case 'paymentLink': {
        const total = formatMoney(reply.total, moneyLocale(reply.total.currency));
        calls.push({
          method: 'sendMessage',
          payload: {
            chat_id: chatId,
            text: `💳 ${total}`,
            reply_markup: { inline_keyboard: [[{ text: `💳 ${total}`, url: reply.url }]] },
          },
        });
        break;
      }
      case 'image':
        calls.push({
          method: 'sendPhoto',
          payload: { chat_id: chatId, photo: reply.url, caption: shorten(reply.alt, maxCaptionLength) },
        });
        break;
      case 'handoff':
        break;
    }
  }
  return calls;
}
