import type { ChannelAdapter, SendResult } from '../../core/index.js';
import { postToGraph } from '../meta/graph-client.js';
import { metaHandshake, verifyMetaSignature } from '../meta/verify.js';
import { parseMessengerRequest } from '../messenger/parse.js';
import { instagramLimits, renderInstagramReplies } from './render.js';

export interface InstagramChannelOptions {
  /** INSTAGRAM_APP_SECRET: the Meta app's secret, key of `X-Hub-Signature-256`. */
  appSecret: string;
  /** INSTAGRAM_ACCESS_TOKEN: the Page access token of the Page linked to the professional account (or an Instagram user token with INSTAGRAM_API_URL at graph.instagram.com). */
  accessToken: string;
  /** INSTAGRAM_VERIFY_TOKEN: answers the webhook subscription check. */
  verifyToken: string;
  /**
   * INSTAGRAM_APP_ID: the Meta app's id, to tell the echoes of Kaiwa's own sends from a person
   * answering in the Instagram app, which pauses the bot (docs/channels.md, Owner replies). Without it echoes are ignored.
   */
  appId?: string;
  /** API root including the version; default META_GRAPH_API_URL or https://graph.facebook.com/v21.0. */
  apiUrl?: string;
}

/**
 * Instagram Direct through Meta's Messenger Platform: webhook `POST /webhooks/instagram` with
 * `object: "instagram"`, signed like Messenger; replies through `POST /me/messages`.
 */
export function createInstagramChannel(options: InstagramChannelOptions): ChannelAdapter {
  const root = (options.apiUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  return {
    name: 'instagram',
    limits: instagramLimits,
    verify: (request) => verifyMetaSignature(request, options.appSecret),
    parse: (request) =>
      parseMessengerRequest(request, 'instagram', options.appId !== undefined ? { appId: options.appId } : {}),
    handshake: (request) => metaHandshake(request, options.verifyToken),
    async send(to, replies) {
      const results: SendResult[] = [];
      for (const message of renderInstagramReplies(replies)) {
        const answer = await postToGraph(`${root}/me/messages`, options.accessToken, {
          recipient: { id: to.conversationId },
          ...(replies.some((reply) => reply.purpose === 'agent')
            ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
            : { messaging_type: 'RESPONSE' }),
          message,
        });
        results.push(typeof answer.message_id === 'string' ? { platformMessageId: answer.message_id } : {});
      }
      return results;
    },
  };
}
