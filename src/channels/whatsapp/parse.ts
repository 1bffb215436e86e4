import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { parseMetaJson } from '../meta/verify.js';
import { arrayField, idField, numberField, objectField, textField, timeField } from '../shared/json-fields.js';

/** Country calling codes as a first hint of the shopper's language (a hint: the text decides later). */
const localeByPrefix: [string, string][] = [
  ['81', 'ja'],
  ['1', 'en'],
  ['44', 'en'],
  ['61', 'en'],
  ['64', 'en'],
];

/**
 * `entry[].changes[].value.messages[]`, in order, and `value.message_echoes[]` (the
 * `smb_message_echoes` field: messages the business sent from the WhatsApp Business app, on a
 * Coexistence number) as owner replies; `statuses` (sent/delivered/read) are ignored. Dedup key: message id.
 */
export function parseWhatsAppRequest(request: RawRequest): InboundEvent[] {
  const body = parseMetaJson(request);
  if (body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry))
    throw new InvalidPayloadError('expected { object: "whatsapp_business_account", entry: [...] }', 'object');
  return body.entry
    .flatMap((entry) => arrayField(objectField(entry)?.changes, 'entry.changes'))
    .flatMap((change) => {
      const value = objectField(objectField(change)?.value);
      return [
        ...arrayField(value?.messages, 'value.messages').map((message) =>
          mapWhatsAppMessage(objectField(message) ?? {}),
        ),
        ...arrayField(value?.message_echoes, 'value.message_echoes').map((echo) =>
          mapWhatsAppEcho(objectField(echo) ?? {}),
        ),
      ];
    })
    .flatMap((event) => (event ? [event] : []));
}

/**
 * One of `smb_message_echoes`' `message_echoes[]` (`from`: the business number, `to`: the
 * customer) as an owner reply in the customer's conversation. Only messages sent from the
 * WhatsApp Business app or a linked device arrive there, never Cloud API sends (Kaiwa's own).
 */
export function mapWhatsAppEcho(echo: Record<string, unknown>): InboundEvent | undefined {
  if (echo.id === undefined || echo.to === undefined) return undefined;
  // The customer as inbound messages name them (`from`: digits, no plus sign).
  const customer = idField(echo.to, 'message_echoes.to').replace(/^\+/, '');
  const type = typeof echo.type === 'string' ? echo.type : undefined;
  const content = type ? objectField(echo[type]) : undefined;
  const text =
    type === 'text'
      ? textField(content?.body, 'text.body')
      : textField(content?.caption, `${type ?? 'message'}.caption`);
  return {
    id: idField(echo.id, 'message_echoes.id'),
    address: { channel: 'whatsapp', conversationId: customer, userId: customer },
    receivedAt: timeField(echo.timestamp, 'seconds'),
    raw: echo,
    type: 'ownerReply',
    ...(text ? { text } : {}),
  };
}

export function mapWhatsAppMessage(message: Record<string, unknown>): InboundEvent | undefined {
  if (message.id === undefined || message.from === undefined) return undefined;
  const from = idField(message.from, 'message.from');
  const locale = localeByPrefix.find(([prefix]) => from.startsWith(prefix))?.[1];
  const base = {
    id: idField(message.id, 'message.id'),
    address: { channel: 'whatsapp' as const, conversationId: from, userId: from },
    receivedAt: timeField(message.timestamp, 'seconds'),
    ...(locale ? { locale } : {}),
    raw: message,
  };
  switch (message.type) {
    case 'text': {
      const text = textField(objectField(message.text)?.body, 'text.body');
      return text !== undefined ? { ...base, type: 'text', text } : undefined;
    }
    case 'interactive': {
      const interactive = objectField(message.interactive);
      const reply = objectField(interactive?.button_reply) ?? objectField(interactive?.list_reply);
      const id = textField(reply?.id, 'interactive.reply.id');
      const title = textField(reply?.title, 'interactive.reply.title');
      return id ? { ...base, type: 'postback', payload: id, ...(title ? { text: title } : {}) } : undefined;
    }
    case 'button': {
      const button = objectField(message.button);
      const payload = textField(button?.payload, 'button.payload');
      const text = textField(button?.text, 'button.text');
      return payload !== undefined ? { ...base, type: 'postback', payload, ...(text ? { text } : {}) } : undefined;
    }
    case 'location': {
      const location = objectField(message.location);
      return location
        ? {
            ...base,
            type: 'location',
            latitude: numberField(location.latitude, 'location.latitude'),
            longitude: numberField(location.longitude, 'location.longitude'),
          }
        : undefined;
    }
    case 'image':
    case 'sticker':
    case 'video':
    case 'audio':
      return { ...base, type: 'media', media: message.type };
    case 'document':
      return { ...base, type: 'media', media: 'file' };
    default:
      return undefined;
  }
}
