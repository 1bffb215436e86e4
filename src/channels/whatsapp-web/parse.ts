import type { InboundEvent } from '../../core/index.js';
import type { WhatsAppWebMessage } from './client.js';

const mediaTypes: Record<string, 'image' | 'video' | 'audio' | 'file' | 'sticker'> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'audio',
  document: 'file',
  sticker: 'sticker',
};

/**
 * One whatsapp-web.js message → at most one event. Our own messages, status updates and broadcasts
 * are ignored; the dedup key is the serialized message id. A Japanese number (+81) hints `ja`.
 */
export function parseWhatsAppWebMessage(message: WhatsAppWebMessage): InboundEvent | undefined {
  if (message.fromMe || message.isStatus || message.broadcast || message.from === 'status@broadcast') return undefined;
  const userId = message.author ?? message.from;
  const base = {
    id: message.id._serialized,
    address: { channel: 'whatsapp-web' as const, conversationId: message.from, userId },
    receivedAt: new Date(message.timestamp * 1000).toISOString(),
    ...(userId.startsWith('81') ? { locale: 'ja' } : {}),
    raw: { type: message.type },
  };
  const selected = message.selectedButtonId ?? message.selectedRowId;
  if (selected) return { ...base, type: 'postback', payload: selected, text: message.body };
  if (message.type === 'chat')
    return message.body.trim() === '' ? undefined : { ...base, type: 'text', text: message.body };
  if (message.type === 'location' && message.location) {
    const latitude = Number(message.location.latitude);
    const longitude = Number(message.location.longitude);
    return Number.isFinite(latitude) && Number.isFinite(longitude)
      ? { ...base, type: 'location', latitude, longitude }
      : undefined;
  }
  const media = mediaTypes[message.type];
  return media ? { ...base, type: 'media', media } : undefined;
}
