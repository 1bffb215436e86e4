import { InvalidPayloadError, type Address, type InboundEvent, type RawRequest } from '../../core/index.js';
import { jsonBody } from '../shared/json-body.js';
import { replyTokenLifetimeMs } from './limits.js';

type JsonRecord = Record<string, unknown>;

const record = (value: unknown): JsonRecord | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;

function text(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new InvalidPayloadError(`"${field}" must be a non-empty string`, field);
}

function number(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new InvalidPayloadError(`"${field}" must be a number`, field);
}

/**
 * A webhook body → events, in the order LINE sent them. One request carries many `events[]`; an
 * empty array is LINE's "Verify" button. Malformed JSON or a missing `events` array → InvalidPayloadError.
 */
export function parseLineRequest(request: RawRequest): InboundEvent[] {
  const json = jsonBody(request);
  if (!json) throw new InvalidPayloadError('the body is not UTF-8 JSON');
  const events = record(json.value)?.events;
  if (!Array.isArray(events)) throw new InvalidPayloadError('a LINE webhook body needs an "events" array', 'events');
  return events.flatMap((event, index) => {
    const object = record(event);
    if (!object || typeof object.type !== 'string')
      throw new InvalidPayloadError(`"events[${index}]" must be an object with a "type"`, `events[${index}]`);
    const mapped = mapLineEvent(object, `events[${index}]`);
    return mapped === 'ignored' ? [] : [mapped];
  });
}

/**
 * One LINE webhook event → an InboundEvent, or `'ignored'` for everything Kaiwa does not act on
 * (join, leave, memberJoined, unsend, beacon, accountLink, types added after this was written…).
 * Redeliveries (`deliveryContext.isRedelivery`) map like the original: the engine dedups by id.
 */
export function mapLineEvent(event: JsonRecord, field = 'event'): InboundEvent | 'ignored' {
  const kind = mapKind(event, field);
  if (kind === 'ignored') return kind;
  const timestamp = number(event.timestamp, `${field}.timestamp`);
  const receivedAt = new Date(timestamp);
  if (Number.isNaN(receivedAt.getTime()))
    throw new InvalidPayloadError(`"${field}.timestamp" must be epoch milliseconds`, `${field}.timestamp`);
  return {
    id: text(event.webhookEventId, `${field}.webhookEventId`),
    address: address(event, timestamp, field),
    receivedAt: receivedAt.toISOString(),
    raw: event,
    ...kind,
  } as InboundEvent;
}

// Distributes over the union, so each variant keeps its own fields (a plain Omit would merge them).
type WithoutBase<T> = T extends unknown ? Omit<T, 'id' | 'address' | 'receivedAt' | 'raw' | 'locale'> : never;
type Kind = WithoutBase<InboundEvent> | 'ignored';

function mapKind(event: JsonRecord, field: string): Kind {
  switch (event.type) {
    case 'follow':
      return { type: 'follow' };
    case 'unfollow':
      return { type: 'unfollow' };
    case 'postback':
      return { type: 'postback', payload: text(record(event.postback)?.data, `${field}.postback.data`) };
    case 'message':
      return mapMessage(record(event.message) ?? {}, `${field}.message`);
    default:
      return 'ignored';
  }
}

function mapMessage(message: JsonRecord, field: string): Kind {
  switch (message.type) {
    case 'text':
      return { type: 'text', text: text(message.text, `${field}.text`) };
    case 'location':
      return {
        type: 'location',
        latitude: number(message.latitude, `${field}.latitude`),
        longitude: number(message.longitude, `${field}.longitude`),
      };
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return { type: 'media', media: message.type, ...contentUrl(message) };
    case 'sticker':
      return { type: 'media', media: 'sticker' };
    default:
      return 'ignored';
  }
}

/**
 * Only content the sender hosts elsewhere (`contentProvider.type: external`) has a public URL.
 * LINE-hosted content needs the channel access token (GET api-data.line.me/v2/bot/message/{id}/content,
 * id in `raw.message.id`), which must not travel with events, so `url` is then omitted.
 */
function contentUrl(message: JsonRecord): { url?: string } {
  const provider = record(message.contentProvider);
  return provider?.type === 'external' && typeof provider.originalContentUrl === 'string'
    ? { url: provider.originalContentUrl }
    : {};
}

function address(event: JsonRecord, timestamp: number, field: string): Address {
  const source = record(event.source);
  if (!source) throw new InvalidPayloadError(`"${field}.source" must be an object`, `${field}.source`);
  const chat = source.groupId ?? source.roomId ?? source.userId;
  const conversationId = text(chat, `${field}.source.userId`);
  // In groups LINE omits userId for members who have not added the bot; the group stands in.
  const userId = typeof source.userId === 'string' && source.userId !== '' ? source.userId : conversationId;
  const token = event.replyToken;
  return {
    channel: 'line',
    conversationId,
    userId,
    ...(typeof token === 'string' && token !== ''
      ? { replyToken: { token, expiresAt: new Date(timestamp + replyTokenLifetimeMs).toISOString() } }
      : {}),
  };
}
