import { InvalidPayloadError, type InboundEvent, type RawRequest } from '../../core/index.js';
import { jsonBody } from '../shared/json-body.js';
import { objectField, textField } from '../shared/json-fields.js';
import { toConversationId } from './address.js';

/** The activity as JSON; a body that is not one is InvalidPayloadError (400). */
export function readActivity(request: RawRequest): Record<string, unknown> {
  const json = jsonBody(request);
  if (!json) throw new InvalidPayloadError('the body is not JSON');
  const activity = objectField(json.value);
  if (!activity || typeof activity.type !== 'string')
    throw new InvalidPayloadError('expected an activity with a "type"', 'type');
  return activity;
}

/**
 * One activity → at most one event. `message` becomes text, a button press (`value.kaiwa`, sent by
 * our messageBack buttons) or media; `conversationUpdate` adding the user becomes `follow`; typing,
 * endOfConversation and the rest are ignored. Dedup key: `<conversation id>/<activity id>`.
 */
export function parseBotFrameworkActivity(activity: Record<string, unknown>): InboundEvent[] {
  const conversation = objectField(activity.conversation);
  const from = objectField(activity.from);
  const serviceUrl = textField(activity.serviceUrl, 'serviceUrl');
  const conversationId = textField(conversation?.id, 'conversation.id');
  const userId = textField(from?.id, 'from.id');
  const id = textField(activity.id, 'id');
  if (!serviceUrl || !conversationId || !userId)
    throw new InvalidPayloadError('an activity needs serviceUrl, conversation.id and from.id', 'conversation');
  if (!/^https?:\/\//.test(serviceUrl))
    throw new InvalidPayloadError('serviceUrl must be an http(s) URL', 'serviceUrl');
  const locale = textField(activity.locale, 'locale')?.split('-')[0]?.toLowerCase();
  const timestamp = textField(activity.timestamp, 'timestamp');
  const base = {
    id: `${conversationId}/${id ?? textField(activity.timestamp, 'timestamp') ?? ''}`,
    address: { channel: 'botframework' as const, conversationId: toConversationId(serviceUrl, conversationId), userId },
    receivedAt:
      timestamp && !Number.isNaN(Date.parse(timestamp)) ? new Date(timestamp).toISOString() : new Date().toISOString(),
    ...(locale ? { locale } : {}),
    raw: { type: activity.type, channelId: activity.channelId },
  };
  if (activity.type === 'conversationUpdate') {
    const added = Array.isArray(activity.membersAdded) ? activity.membersAdded : [];
    const recipient = textField(objectField(activity.recipient)?.id, 'recipient.id');
    return added.some((member) => textField(objectField(member)?.id, 'membersAdded.id') !== recipient)
      ? [{ ...base, type: 'follow' }]
      : [];
  }
  if (activity.type !== 'message' || !id) return [];
  const pressed = textField(objectField(activity.value)?.kaiwa, 'value.kaiwa');
  const text = textField(activity.text, 'text');
  if (pressed) return [{ ...base, type: 'postback', payload: pressed, ...(text ? { text } : {}) }];
  if (text?.trim()) return [{ ...base, type: 'text', text }];
  const attachment = objectField(Array.isArray(activity.attachments) ? activity.attachments[0] : undefined);
  const contentType = textField(attachment?.contentType, 'attachments.contentType') ?? '';
  if (!attachment) return [];
  const media = contentType.startsWith('image/')
    ? 'image'
    : contentType.startsWith('video/')
      ? 'video'
      : contentType.startsWith('audio/')
        ? 'audio'
        : 'file';
  const url = textField(attachment.contentUrl, 'attachments.contentUrl');
  return [{ ...base, type: 'media', media, ...(url ? { url } : {}) }];
}
