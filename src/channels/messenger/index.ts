import type { ChannelAdapter, Reply, SendResult } from '../../core/index.js';
import { postToGraph } from '../meta/graph-client.js';
import { metaHandshake, verifyMetaSignature } from '../meta/verify.js';
import { parseMessengerRequest } from './parse.js';
import { messengerLimits, renderMessengerReplies } from './render.js';

export interface MessengerChannelOptions {
  appSecret: string;
  pageAccessToken: string;
  verifyToken: string;
  /**
   * The Meta app's id (MESSENGER_APP_ID): tells the echoes of Kaiwa's own sends from a person
   * answering in the Page inbox, which pauses the bot (docs/channels.md, Owner replies). Without it echoes are ignored.
   */
  appId?: string;
  /** Graph API root including the version (META_GRAPH_API_URL), e.g. https://graph.facebook.com/v21.0. */
  graphApiUrl?: string;
}

/** Facebook Messenger through the Graph Send API. */
export function createMessengerChannel(options: MessengerChannelOptions): ChannelAdapter {
  const root = (options.graphApiUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  return {
    name: 'messenger',
    limits: messengerLimits,
    verify: (request) => verifyMetaSignature(request, options.appSecret),
    parse: (request) =>
      parseMessengerRequest(request, 'page', options.appId !== undefined ? { appId: options.appId } : {}),
    handshake: (request) => metaHandshake(request, options.verifyToken),
    async send(to, replies) {
      const results: SendResult[] = [];
      for (const message of renderMessengerReplies(replies)) {
        const answer = await postToGraph(`${root}/me/messages`, options.pageAccessToken, {
          recipient: { id: to.conversationId },
          ...messagingType(replies),
          message,
        });
        results.push(typeof answer.message_id === 'string' ? { platformMessageId: answer.message_id } : {});
      }
      return results;
    },
  };
}

/**
 * Meta's 24-hour window: answers go as RESPONSE; a payment confirmation may come later and goes
 * with the POST_PURCHASE_UPDATE tag, a person's reply from the inbox with HUMAN_AGENT (7 days).
 */
export function messagingType(
  replies: readonly Reply[],
): { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'POST_PURCHASE_UPDATE' | 'HUMAN_AGENT' } {
  if (replies.some((reply) => reply.purpose === 'agent')) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  if (replies.some((reply) => reply.purpose === 'order_update'))
    return { messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' };
  return { messaging_type: 'RESPONSE' };
}
