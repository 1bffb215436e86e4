import type { ChannelAdapter, SendResult } from '../../core/index.js';
import { postToGraph } from '../meta/graph-client.js';
import { metaHandshake, verifyMetaSignature } from '../meta/verify.js';
import { parseWhatsAppRequest } from './parse.js';
import { renderWhatsAppReplies, whatsappLimits } from './render.js';

export interface WhatsAppChannelOptions {
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  verifyToken: string;
  /** Graph API root including the version (META_GRAPH_API_URL). */
  graphApiUrl?: string;
}

/** WhatsApp through Meta's Cloud API. */
export function createWhatsAppChannel(options: WhatsAppChannelOptions): ChannelAdapter {
  const root = (options.graphApiUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  return {
    name: 'whatsapp',
    limits: whatsappLimits,
    verify: (request) => verifyMetaSignature(request, options.appSecret),
    parse: parseWhatsAppRequest,
    handshake: (request) => metaHandshake(request, options.verifyToken),
    async send(to, replies) {
      const results: SendResult[] = [];
      for (const message of renderWhatsAppReplies(replies)) {
        const answer = (await postToGraph(`${root}/${options.phoneNumberId}/messages`, options.accessToken, {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: to.conversationId,
          ...message,
        })) as { messages?: { id?: string }[] };
        const id = answer.messages?.[0]?.id;
        results.push(id ? { platformMessageId: id } : {});
      }
      return results;
    },
  };
}
