import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { parseMetaJson } from '../meta/verify.js';

interface MessagingItem {
  sender?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; quick_reply?: { payload?: string }; attachments?: { type?: string; payload?: { url?: string; coordinates?: { lat: number; long: number } } }[] };
  postback?: { mid?: string; payload?: string; title?: string };
}

/** `entry[].messaging[]`, in order; echoes, reads and deliveries are ignored. Dedup key: the message `mid`. */
export function parseMessengerRequest(request: RawRequest, object: 'page' | 'instagram' = 'page'): InboundEvent[] {
  const body = parseMetaJson(request) as { object?: string; entry?: { messaging?: MessagingItem[] }[] };
  if (body.object !== object || !Array.isArray(body.entry)) throw new InvalidPayloadError(`expected { object: "${object}", entry: [...] }`, 'object');
  return body.entry.flatMap((entry) => (Array.isArray(entry.messaging) ? entry.messaging : [])).flatMap((item) => {
    const event = mapMessagingItem(item, object === 'page' ? 'messenger' : 'instagram');
    return event ? [event] : [];
  });
}

export function mapMessagingItem(item: MessagingItem, channel: 'messenger' | 'instagram'): InboundEvent | undefined {
  const sender = item.sender?.id;
  if (!sender) return undefined;
  const base = (id: string) => ({ id, address: { channel, conversationId: sender, userId: sender }, receivedAt: new Date(item.timestamp ?? Date.now()).toISOString(), raw: item });
  if (item.postback?.payload !== undefined) return { ...base(item.postback.mid ?? `postback:${sender}:${item.timestamp}`), type: 'postback', payload: item.postback.payload, ...(item.postback.title ? { text: item.postback.title } : {}) };
  const message = item.message;
  if (!message?.mid || message.is_echo) return undefined;
  if (message.quick_reply?.payload !== undefined) return { ...base(message.mid), type: 'postback', payload: message.quick_reply.payload, ...(message.text ? { text: message.text } : {}) };
  if (message.text !== undefined) return { ...base(message.mid), type: 'text', text: message.text };
  const attachment = message.attachments?.[0];
  if (attachment?.type === 'location' && attachment.payload?.coordinates) return { ...base(message.mid), type: 'location', latitude: attachment.payload.coordinates.lat, longitude: attachment.payload.coordinates.long };
  if (attachment) {
    const media = attachment.type === 'image' ? 'image' : attachment.type === 'video' ? 'video' : attachment.type === 'audio' ? 'audio' : 'file';
    return { ...base(message.mid), type: 'media', media, ...(attachment.payload?.url ? { url: attachment.payload.url } : {}) };
  }
  return undefined;
}
