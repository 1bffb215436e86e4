import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { parseMetaJson } from '../meta/verify.js';
import { arrayField, idField, numberField, objectField, textField, timeField } from '../shared/json-fields.js';

/** `entry[].messaging[]`, in order; echoes, reads and deliveries are ignored. Dedup key: the message `mid`. */
export function parseMessengerRequest(request: RawRequest, object: 'page' | 'instagram' = 'page'): InboundEvent[] {
  const body = parseMetaJson(request);
  if (body.object !== object || !Array.isArray(body.entry))
    throw new InvalidPayloadError(`expected { object: "${object}", entry: [...] }`, 'object');
  return body.entry
    .flatMap((entry) => arrayField(objectField(entry)?.messaging, 'entry.messaging'))
    .flatMap((item) => {
      const event = mapMessagingItem(objectField(item) ?? {}, object === 'page' ? 'messenger' : 'instagram');
      return event ? [event] : [];
    });
}

export function mapMessagingItem(
  item: Record<string, unknown>,
  channel: 'messenger' | 'instagram',
): InboundEvent | undefined {
  const senderObject = objectField(item.sender);
  if (!senderObject) return undefined;
  const sender = idField(senderObject.id, 'sender.id');
  const base = (id: unknown, field: string) => ({
    id: idField(id, field),
    address: { channel, conversationId: sender, userId: sender },
    receivedAt: timeField(item.timestamp, 'milliseconds'),
    raw: item,
  });
  const postback = objectField(item.postback);
  if (postback) {
    const payload = textField(postback.payload, 'postback.payload');
    const title = textField(postback.title, 'postback.title');
    if (payload === undefined) return undefined;
    return {
      ...base(postback.mid ?? `postback:${sender}:${String(item.timestamp)}`, 'postback.mid'),
      type: 'postback',
      payload,
      ...(title ? { text: title } : {}),
    };
  }
  const message = objectField(item.message);
  if (!message || message.is_echo === true || message.mid === undefined) return undefined;
  const text = textField(message.text, 'message.text');
  const quickReply = textField(objectField(message.quick_reply)?.payload, 'message.quick_reply.payload');
  if (quickReply !== undefined)
    return { ...base(message.mid, 'message.mid'), type: 'postback', payload: quickReply, ...(text ? { text } : {}) };
  if (text !== undefined) return { ...base(message.mid, 'message.mid'), type: 'text', text };
  const attachment = objectField(arrayField(message.attachments, 'message.attachments')[0]);
  if (!attachment) return undefined;
  const payload = objectField(attachment.payload);
  const coordinates = objectField(payload?.coordinates);
  if (attachment.type === 'location' && coordinates)
    return {
      ...base(message.mid, 'message.mid'),
      type: 'location',
      latitude: numberField(coordinates.lat, 'coordinates.lat'),
      longitude: numberField(coordinates.long, 'coordinates.long'),
    };
  const media =
    attachment.type === 'image'
      ? 'image'
      : attachment.type === 'video'
        ? 'video'
        : attachment.type === 'audio'
          ? 'audio'
          : 'file';
  const url = textField(payload?.url, 'attachment.payload.url');
  return { ...base(message.mid, 'message.mid'), type: 'media', media, ...(url ? { url } : {}) };
}
