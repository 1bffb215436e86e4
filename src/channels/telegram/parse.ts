import { InvalidPayloadError, type Address, type InboundEvent, type RawRequest } from '../../core/index.js';

interface TelegramUser {
  id: number;
  language_code?: string;
}
interface TelegramMessage {
  message_id: number;
  date: number;
  chat: { id: number };
  from?: TelegramUser;
  text?: string;
  location?: { latitude: number; longitude: number };
  photo?: unknown[];
  sticker?: unknown;
  document?: unknown;
  voice?: unknown;
  audio?: unknown;
  video?: unknown;
}
interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  edited_message?: TelegramMessage;
  callback_query?: { id: string; from: TelegramUser; data?: string; message?: TelegramMessage };
  my_chat_member?: { chat: { id: number }; from: TelegramUser; date: number; new_chat_member: { status: string } };
}

/** One webhook request carries exactly one Update. Unknown update kinds yield []. */
export function parseTelegramRequest(request: RawRequest): InboundEvent[] {
  let update: TelegramUpdate;
  try {
    update = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body)) as TelegramUpdate;
  } catch {
    throw new InvalidPayloadError('the body is not JSON');
  }
  if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) throw new InvalidPayloadError('an Update needs a numeric update_id', 'update_id');
  const event = mapTelegramUpdate(update);
  return event ? [event] : [];
}

/** Telegram's vocabulary → ours; `update_id` is the dedup key. Edited messages and the rest are ignored. */
export function mapTelegramUpdate(update: TelegramUpdate): InboundEvent | undefined {
  const id = String(update.update_id);
  const base = (chatId: number, user: TelegramUser | undefined, unixTime: number) => ({
    id,
    address: { channel: 'telegram', conversationId: String(chatId), userId: String(user?.id ?? chatId) } satisfies Address,
    receivedAt: new Date(unixTime * 1000).toISOString(),
    ...(user?.language_code ? { locale: user.language_code.slice(0, 2) } : {}),
    raw: update,
  });
  if (update.callback_query) {
    const query = update.callback_query;
    if (!query.message || query.data === undefined) return undefined;
    return { ...base(query.message.chat.id, query.from, query.message.date), type: 'postback', payload: query.data, raw: update };
  }
  const member = update.my_chat_member;
  if (member) {
    const status = member.new_chat_member.status;
    if (status === 'kicked') return { ...base(member.chat.id, member.from, member.date), type: 'unfollow' };
    if (status === 'member') return { ...base(member.chat.id, member.from, member.date), type: 'follow' };
    return undefined;
  }
  const message = update.message;
  if (!message) return undefined;
  const common = base(message.chat.id, message.from, message.date);
  if (message.text !== undefined) return message.text === '/start' ? { ...common, type: 'follow' } : { ...common, type: 'text', text: message.text };
  if (message.location) return { ...common, type: 'location', latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.photo) return { ...common, type: 'media', media: 'image' };
  if (message.sticker) return { ...common, type: 'media', media: 'sticker' };
  if (message.video) return { ...common, type: 'media', media: 'video' };
  if (message.voice || message.audio) return { ...common, type: 'media', media: 'audio' };
  if (message.document) return { ...common, type: 'media', media: 'file' };
  return undefined;
}
