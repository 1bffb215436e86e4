import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { parseMetaJson } from '../meta/verify.js';

interface WhatsAppMessage {
  id?: string;
  from?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string } };
  button?: { payload?: string; text?: string };
  location?: { latitude: number; longitude: number };
}

/** Country calling codes as a first hint of the shopper's language (a hint: the text decides later). */
const localeByPrefix: [string, string][] = [['81', 'ja'], ['1', 'en'], ['44', 'en'], ['61', 'en'], ['64', 'en']];

/** `entry[].changes[].value.messages[]`, in order; `statuses` (sent/delivered/read) are ignored. Dedup key: message id. */
export function parseWhatsAppRequest(request: RawRequest): InboundEvent[] {
  const body = parseMetaJson(request) as { object?: string; entry?: { changes?: { value?: { messages?: WhatsAppMessage[] } }[] }[] };
  if (body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) throw new InvalidPayloadError('expected { object: "whatsapp_business_account", entry: [...] }', 'object');
  return body.entry
    .flatMap((entry) => entry.changes ?? [])
    .flatMap((change) => change.value?.messages ?? [])
    .flatMap((message) => {
      const event = mapWhatsAppMessage(message);
      return event ? [event] : [];
    });
}

export function mapWhatsAppMessage(message: WhatsAppMessage): InboundEvent | undefined {
  if (!message.id || !message.from) return undefined;
  const locale = localeByPrefix.find(([prefix]) => message.from!.startsWith(prefix))?.[1];
  const base = {
    id: message.id,
    address: { channel: 'whatsapp' as const, conversationId: message.from, userId: message.from },
    receivedAt: new Date(Number(message.timestamp ?? 0) * 1000 || Date.now()).toISOString(),
    ...(locale ? { locale } : {}),
    raw: message,
  };
  switch (message.type) {
    case 'text':
      return message.text?.body !== undefined ? { ...base, type: 'text', text: message.text.body } : undefined;
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply?.id ? { ...base, type: 'postback', payload: reply.id, ...(reply.title ? { text: reply.title } : {}) } : undefined;
    }
    case 'button':
      return message.button?.payload !== undefined ? { ...base, type: 'postback', payload: message.button.payload, ...(message.button.text ? { text: message.button.text } : {}) } : undefined;
    case 'location':
      return message.location ? { ...base, type: 'location', latitude: message.location.latitude, longitude: message.location.longitude } : undefined;
    case 'image':
    case 'sticker':
      return { ...base, type: 'media', media: message.type };
    case 'video':
    case 'audio':
      return { ...base, type: 'media', media: message.type };
    case 'document':
      return { ...base, type: 'media', media: 'file' };
    default:
      return undefined;
  }
}
