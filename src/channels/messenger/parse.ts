import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { parseMetaJson } from '../meta/verify.js';
import { arrayField, idField, numberField, objectField, textField, timeField } from '../shared/json-fields.js';

export interface MessengerParseOptions {
  /**
   * The Meta app's id (MESSENGER_APP_ID, INSTAGRAM_APP_ID): echoes carrying it are Kaiwa's own sends
   * and ignored; an echo another app sent (the Page inbox, Meta Business Suite, the Instagram app)
   * is an owner reply. Without it every echo is ignored: nothing tells the two apart.
   */
  appId?: string;
}

/**
 * `entry[].messaging[]`, in order; reads and deliveries are ignored, echoes too unless they are an
 * owner reply (`options.appId`). Dedup key: the message `mid`.
 */
export function parseMessengerRequest(
  request: RawRequest,
  object: 'page' | 'instagram' = 'page',
  options: MessengerParseOptions = {},
): InboundEvent[] {
  const body = parseMetaJson(request);
  if (body.object !== object || !Array.isArray(body.entry))
    throw new InvalidPayloadError(`expected { object: "${object}", entry: [...] }`, 'object');
  return body.entry
    .flatMap((entry) => arrayField(objectField(entry)?.messaging, 'entry.messaging'))
    .flatMap((item) => {
      const event = mapMessagingItem(objectField(item) ?? {}, object === 'page' ? 'messenger' : 'instagram', options);
      return event ? [event] : [];
    });
}

export function mapMessagingItem(
  item: Record<string, unknown>,
  channel: 'messenger' | 'instagram',
  options: MessengerParseOptions = {},
): InboundEvent | undefined {
  const senderObject = objectField(item.sender);
  if (!senderObject) return undefined;
  const echoed = objectField(item.message);
  if (echoed?.is_echo === true) return ownerReply(item, echoed, channel, options.appId);
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
  if (!message || message.mid === undefined) return undefined;
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

/**
 * An echo (`message.is_echo`: the page is the sender, the shopper the recipient) as an owner reply
 * in the shopper's conversation, when another app than ours sent it: a person answering from the
 * Page inbox or the Instagram app. Echoes of our own sends (our `app_id`), echoes without an
 * `app_id` (nothing says who sent them) and every echo while our app id is unknown are ignored.
 */
function ownerReply(
  item: Record<string, unknown>,
  message: Record<string, unknown>,
  channel: 'messenger' | 'instagram',
  appId: string | undefined,
): InboundEvent | undefined {
  const sentBy = message.app_id;
  if (!appId || (typeof sentBy !== 'string' && typeof sentBy !== 'number') || String(sentBy) === appId)
    return undefined;
  const recipient = objectField(item.recipient);
  if (!recipient || message.mid === undefined) return undefined;
  const shopper = idField(recipient.id, 'recipient.id');
  const text = textField(message.text, 'message.text');
  return {
    id: idField(message.mid, 'message.mid'),
    address: { channel, conversationId: shopper, userId: shopper },
    receivedAt: timeField(item.timestamp, 'milliseconds'),
    raw: item,
    type: 'ownerReply',
    ...(text ? { text } : {}),
  };
}
