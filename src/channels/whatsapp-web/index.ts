import { ChannelSendError, SignatureError, type ChannelAdapter, type SendResult } from '../../core/index.js';
import type { WhatsAppWebClient, WhatsAppWebMedia } from './client.js';
import { parseWhatsAppWebMessage } from './parse.js';
import { renderWhatsAppWebReplies, whatsappWebLimits } from './render.js';

export type { WhatsAppWebClient, WhatsAppWebMessage } from './client.js';

interface WhatsAppWebSession {
  client: WhatsAppWebClient;
  /** Loads an image for sending (MessageMedia.fromUrl); when it fails the card goes as text. */
  loadMedia?: (url: string) => Promise<WhatsAppWebMedia>;
}

export interface WhatsAppWebChannelOptions {
  /** Opens the client session when the engine starts (see session.ts for the real one). */
  open: () => Promise<WhatsAppWebSession>;
  /** Told about session events: the QR code to scan, ready, disconnected. */
  onSession?: (event: 'qr' | 'ready' | 'disconnected' | 'auth_failure', detail?: string) => void;
}

/**
 * WhatsApp through whatsapp-web.js: an UNOFFICIAL client that drives WhatsApp Web in Chromium with
 * a personal or business app account. For small shops and testing; Meta may ban numbers that use
 * it, and there is no redelivery: a message that arrives while Kaiwa is down is not seen again.
 * Inbound comes from the session (`listen`), not from a webhook.
 */
export function createWhatsAppWebChannel(options: WhatsAppWebChannelOptions): ChannelAdapter {
  let session: WhatsAppWebSession | undefined;
  return {
    name: 'whatsapp-web',
    limits: whatsappWebLimits,
    verify() {
      throw new SignatureError('whatsapp-web receives through its client session, not through webhooks');
    },
    parse: () => [],
    async listen(deliver) {
      session = await options.open();
      const { client } = session;
      // Messages are handled one after another, so a chat's turns keep their order.
      let queue = Promise.resolve();
      client.on('message', (message) => {
        const event = parseWhatsAppWebMessage(message);
        if (event) queue = queue.then(() => deliver([event])).catch(() => undefined);
      });
      client.on('qr', (qr) => options.onSession?.('qr', qr));
      client.on('ready', () => options.onSession?.('ready'));
      client.on('disconnected', (reason) => options.onSession?.('disconnected', reason));
      client.on('auth_failure', (reason) => options.onSession?.('auth_failure', reason));
      await client.initialize();
      return async () => {
        await queue;
        await client.destroy();
      };
    },
    async send(to, replies) {
      if (!session)
        throw new ChannelSendError('WhatsApp Web session is not open yet', { retryable: true, retryAfterMs: 5_000 });
      const { client, loadMedia } = session;
      const results: SendResult[] = [];
      for (const message of renderWhatsAppWebReplies(replies)) {
        try {
          let sent;
          if (message.kind === 'image') {
            const media = await loadMedia?.(message.url).catch(() => undefined);
            sent = media
              ? await client.sendMessage(to.conversationId, media, { caption: message.caption })
              : await client.sendMessage(to.conversationId, `${message.caption}\n${message.url}`, {
                  linkPreview: false,
                });
          } else {
            sent = await client.sendMessage(to.conversationId, message.text, { linkPreview: false });
          }
          results.push({ platformMessageId: sent.id._serialized });
        } catch (error) {
          // The session dropped or WhatsApp Web refused: worth retrying once the session is back.
          throw new ChannelSendError(
            `WhatsApp Web could not send: ${(error as Error).message}`,
            { retryable: true, retryAfterMs: 5_000 },
            { cause: error },
          );
        }
      }
      return results;
    },
  };
}
