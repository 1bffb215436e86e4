import { InvalidPayloadError, type Address, type InboundEvent, type RawRequest } from '../../core/index.js';
import { jsonBody } from '../shared/json-body.js';
import { idField, numberField, objectField, textField, timeField } from '../shared/json-fields.js';

/** One webhook request carries exactly one Update. Unknown update kinds yield []; wrong types are a 400. */
export function parseTelegramRequest(request: RawRequest): InboundEvent[] {
  const json = jsonBody(request);
  if (!json) throw new InvalidPayloadError('the body is not JSON');
  const body = objectField(json.value);
  if (!body || typeof body.update_id !== 'number' || !Number.isSafeInteger(body.update_id))
    throw new InvalidPayloadError('an Update needs a numeric update_id', 'update_id');
  const event = mapTelegramUpdate(body);
  return event ? [event] : [];
}

/** Telegram's vocabulary → ours; `update_id` is the dedup key. Edited messages and the rest are ignored. */
export function mapTelegramUpdate(update: Record<string, unknown>): InboundEvent | undefined {
  const id = String(update.update_id);
  const base = (chat: unknown, user: unknown, unixTime: unknown, field: string) => {
    const chatId = idField(objectField(chat)?.id, `${field}.chat.id`);
    const from = objectField(user);
    const language = textField(from?.language_code, `${field}.from.language_code`);
    return {
      id,
      address: {
        channel: 'telegram',
        conversationId: chatId,
        userId: from?.id !== undefined ? idField(from.id, `${field}.from.id`) : chatId,
      } satisfies Address,
      receivedAt: timeField(unixTime, 'seconds'),
      ...(language ? { locale: language.slice(0, 2) } : {}),
      raw: update,
    };
  };
  const query = objectField(update.callback_query);
  if (query) {
    const message = objectField(query.message);
    const data = textField(query.data, 'callback_query.data');
    if (!message || data === undefined) return undefined;
    return {
      ...base(message.chat, query.from, message.date, 'callback_query.message'),
      type: 'postback',
      payload: data,
    };
  }
  const member = objectField(update.my_chat_member);
  if (member) {
    const status = objectField(member.new_chat_member)?.status;
    if (status === 'kicked')
      return { ...base(member.chat, member.from, member.date, 'my_chat_member'), type: 'unfollow' };
    if (status === 'member')
      return { ...base(member.chat, member.from, member.date, 'my_chat_member'), type: 'follow' };
    return undefined;
  }
  const message = objectField(update.message);
  if (!message) return undefined;
  const common = base(message.chat, message.from, message.date, 'message');
  const paid = objectField(message.successful_payment);
  if (paid) {
    // Telegram Payments: the invoice payload is our order id; the charge id makes it once-only.
    const charge = idField(paid.telegram_payment_charge_id, 'successful_payment.telegram_payment_charge_id');
    const orderId = textField(paid.invoice_payload, 'successful_payment.invoice_payload') ?? '';
    const amount = {
      amount: numberField(paid.total_amount, 'successful_payment.total_amount'),
      currency: (textField(paid.currency, 'successful_payment.currency') ?? '').toUpperCase(),
    };
    return {
      ...common,
      id: `payment:telegram:${charge}`,
      type: 'payment',
      payment: { providerEventId: `telegram:${charge}`, provider: 'telegram', orderId, status: 'paid', amount },
    };
  }
  const text = textField(message.text, 'message.text');
  if (text !== undefined) return text === '/start' ? { ...common, type: 'follow' } : { ...common, type: 'text', text };
  const location = objectField(message.location);
  if (location)
    return {
      ...common,
      type: 'location',
      latitude: numberField(location.latitude, 'message.location.latitude'),
      longitude: numberField(location.longitude, 'message.location.longitude'),
    };
  if (message.photo) return { ...common, type: 'media', media: 'image' };
  if (message.sticker) return { ...common, type: 'media', media: 'sticker' };
  if (message.video) return { ...common, type: 'media', media: 'video' };
  if (message.voice || message.audio) return { ...common, type: 'media', media: 'audio' };
  if (message.document) return { ...common, type: 'media', media: 'file' };
  return undefined;
}

/** A `pre_checkout_query` update: Telegram asks whether to take the shopper's money for an invoice. */
export function readPreCheckoutQuery(
  request: RawRequest,
): { id: string; orderId: string; amount: { amount: number; currency: string } } | undefined {
  // A malformed body is parse()'s to report.
  const query = objectField(objectField(jsonBody(request)?.value)?.pre_checkout_query);
  if (!query) return undefined;
  return {
    id: idField(query.id, 'pre_checkout_query.id'),
    orderId: textField(query.invoice_payload, 'pre_checkout_query.invoice_payload') ?? '',
    amount: {
      amount: numberField(query.total_amount, 'pre_checkout_query.total_amount'),
      currency: (textField(query.currency, 'pre_checkout_query.currency') ?? '').toUpperCase(),
    },
  };
}
