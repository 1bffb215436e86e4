import {
  applyLimits,
  cardDetails,
  cardPrice,
  formatMoney,
  splitText,
  type Choice,
  type ProductCard,
  type Reply,
} from '../../core/index.js';
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
 * A detail view: the photo with the whole detail as its caption and the buttons under it; when the
 * detail is longer than a caption, the photo with the title and price, then the detail as text
 * messages (the buttons under the last); without an image, text messages only.
 */
function detailCalls(chatId: string, card: ProductCard): TelegramCall[] {
  const head = [card.title, cardPrice(card, moneyLocale(card.price.currency))].join('\n');
  const detail = [head, ...cardDetails(card)].join('\n');
  const buttons = keyboard(card.actions);
  if (card.imageUrl && [...detail].length <= maxCaptionLength)
    return [{ method: 'sendPhoto', payload: { chat_id: chatId, photo: card.imageUrl, caption: detail, ...buttons } }];
  const photo: TelegramCall[] = card.imageUrl
    ? [
        {
          method: 'sendPhoto',
          payload: { chat_id: chatId, photo: card.imageUrl, caption: shorten(head, maxCaptionLength) },
        },
      ]
    : [];
  const texts = splitText(detail, telegramLimits.maxTextLength);
  return [
    ...photo,
    ...texts.map((text, index): TelegramCall => ({
      method: 'sendMessage',
      payload: { chat_id: chatId, text, ...(index === texts.length - 1 ? buttons : {}) },
    })),
  ];
}

/**
 * Replies → Bot API calls, after degrading to Telegram's limits: text → sendMessage; choices →
 * an inline keyboard, one button per row; each product → a photo with a caption and its buttons
 * (a detail view: with the description, options and stock, see detailCalls); a payment link → a
 * URL button; handoff → nothing (it is for the merchant's inbox).
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
        if (reply.detail) {
          for (const card of reply.products) calls.push(...detailCalls(chatId, card));
          break;
        }
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
