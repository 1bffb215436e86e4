import type { Env } from './config/schema.js';
import { ConfigError, type ChannelAdapter, type ChannelLimits } from './core/index.js';
import { lineLimits } from './channels/line/limits.js';
import { createLineChannel } from './channels/line/index.js';
import { messengerLimits } from './channels/messenger/render.js';
import { telegramLimits } from './channels/telegram/limits.js';
import { whatsappLimits } from './channels/whatsapp/render.js';
import type { PreviewChannel } from './simulator/channel-limits.js';
import { batchLineMessages, renderLineMessages } from './channels/line/render.js';
import { renderMessengerReplies } from './channels/messenger/render.js';
import { renderTelegramReplies } from './channels/telegram/render.js';
import { renderWhatsAppReplies } from './channels/whatsapp/render.js';
import type { Reply } from './core/index.js';
import { createInstagramChannel } from './channels/instagram/index.js';
import { createWhatsAppWebChannel } from './channels/whatsapp-web/index.js';
import { openWhatsAppWebSession, printQr } from './channels/whatsapp-web/session.js';
import { createBotFrameworkChannel } from './channels/botframework/index.js';
import { createMessengerChannel } from './channels/messenger/index.js';
import { createTelegramChannel, type TelegramChannelOptions } from './channels/telegram/index.js';
import { createWhatsAppChannel } from './channels/whatsapp/index.js';

/** What the simulator previews for each channel: the adapters' own limits. */
export const previewLimits: Record<PreviewChannel, ChannelLimits> = {
  telegram: telegramLimits,
  messenger: messengerLimits,
  whatsapp: whatsappLimits,
  line: lineLimits,
};

/**
 * What each channel would send for these replies, from the adapters' own renderers: the simulator
 * shows it beside the chat, so what ops see is what the shopper gets (requests, in order).
 */
export const previewRenderers: Record<PreviewChannel, (replies: readonly Reply[]) => unknown[]> = {
  telegram: (replies) => renderTelegramReplies('<chat_id>', replies),
  line: (replies) => batchLineMessages(renderLineMessages(replies)).map((messages) => ({ messages })),
  messenger: (replies) => renderMessengerReplies(replies).map((message) => ({ recipient: { id: '<PSID>' }, message })),
  whatsapp: (replies) =>
    renderWhatsAppReplies(replies).map((message) => ({ messaging_product: 'whatsapp', to: '<phone>', ...message })),
};

/** All of a channel's variables, or none: half-set credentials are a boot error naming what is missing. */
function credentials<K extends keyof Env>(
  env: Env,
  channel: string,
  names: readonly K[],
): Record<K, string> | undefined {
  const set = names.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigError(`${channel} needs ${missing.join(', ')} as well (see .env.example and docs/channels.md)`);
  return Object.fromEntries(names.map((name) => [name, String(env[name])])) as Record<K, string>;
}

/** A channel is enabled when its credentials are set. */
export interface ChannelHooks {
  /** Telegram Payments' pre-checkout decision (src/kaiwa.ts checks the order in the store). */
  telegramPreCheckout?: TelegramChannelOptions['preCheckout'];
}

export function channelsFromEnv(env: Env, hooks: ChannelHooks = {}): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  const graphApiUrl = env.META_GRAPH_API_URL ? { graphApiUrl: env.META_GRAPH_API_URL } : {};
  try {
    const apiRoot = env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {};
    if (env.TELEGRAM_POLLING) {
      // Development without a public URL: long polling needs only the token.
      const telegram = credentials(env, 'Telegram polling', ['TELEGRAM_BOT_TOKEN']);
      if (!telegram) throw new ConfigError('--poll telegram (TELEGRAM_POLLING=1) needs TELEGRAM_BOT_TOKEN');
      channels.push(
        createTelegramChannel({
          botToken: telegram.TELEGRAM_BOT_TOKEN,
          poll: true,
          ...(hooks.telegramPreCheckout ? { preCheckout: hooks.telegramPreCheckout } : {}),
          onPollError: (error) => console.error(`Telegram polling: ${(error as Error).message}`),
          ...apiRoot,
        }),
      );
    } else {
      const telegram = credentials(env, 'Telegram', ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']);
      if (telegram)
        channels.push(
          createTelegramChannel({
            botToken: telegram.TELEGRAM_BOT_TOKEN,
            webhookSecret: telegram.TELEGRAM_WEBHOOK_SECRET,
            ...apiRoot,
            ...(hooks.telegramPreCheckout ? { preCheckout: hooks.telegramPreCheckout } : {}),
          }),
        );
    }
    const line = credentials(env, 'LINE', ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN']);
    if (line)
      channels.push(
        createLineChannel({
          channelSecret: line.LINE_CHANNEL_SECRET,
          channelAccessToken: line.LINE_CHANNEL_ACCESS_TOKEN,
          ...(env.LINE_API_BASE_URL ? { apiBaseUrl: env.LINE_API_BASE_URL } : {}),
        }),
      );
    const messenger = credentials(env, 'Messenger', [
      'MESSENGER_APP_SECRET',
      'MESSENGER_PAGE_ACCESS_TOKEN',
      'MESSENGER_VERIFY_TOKEN',
    ]);
    if (messenger)
      channels.push(
        createMessengerChannel({
          appSecret: messenger.MESSENGER_APP_SECRET,
          pageAccessToken: messenger.MESSENGER_PAGE_ACCESS_TOKEN,
          verifyToken: messenger.MESSENGER_VERIFY_TOKEN,
          ...graphApiUrl,
        }),
      );
    const whatsapp = credentials(env, 'WhatsApp', [
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_VERIFY_TOKEN',
    ]);
    if (whatsapp) {
      channels.push(
        createWhatsAppChannel({
          appSecret: whatsapp.WHATSAPP_APP_SECRET,
          accessToken: whatsapp.WHATSAPP_ACCESS_TOKEN,
          phoneNumberId: whatsapp.WHATSAPP_PHONE_NUMBER_ID,
          verifyToken: whatsapp.WHATSAPP_VERIFY_TOKEN,
          ...graphApiUrl,
        }),
      );
    }
    const instagram = credentials(env, 'Instagram', [
      'INSTAGRAM_APP_SECRET',
      'INSTAGRAM_ACCESS_TOKEN',
      'INSTAGRAM_VERIFY_TOKEN',
    ]);
    if (instagram) {
      const apiUrl = env.INSTAGRAM_API_URL ?? env.META_GRAPH_API_URL;
      channels.push(
        createInstagramChannel({
          appSecret: instagram.INSTAGRAM_APP_SECRET,
          accessToken: instagram.INSTAGRAM_ACCESS_TOKEN,
          verifyToken: instagram.INSTAGRAM_VERIFY_TOKEN,
          ...(apiUrl ? { apiUrl } : {}),
        }),
      );
    }
    const botframework = credentials(env, 'Bot Framework', ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD']);
    if (botframework || env.BOTFRAMEWORK_EMULATOR) {
      channels.push(
        createBotFrameworkChannel({
          ...(botframework
            ? { appId: botframework.MICROSOFT_APP_ID, appPassword: botframework.MICROSOFT_APP_PASSWORD }
            : {}),
          ...(env.BOTFRAMEWORK_LOGIN_URL ? { loginUrl: env.BOTFRAMEWORK_LOGIN_URL } : {}),
          ...(env.BOTFRAMEWORK_OPENID_METADATA_URL ? { openIdMetadataUrl: env.BOTFRAMEWORK_OPENID_METADATA_URL } : {}),
        }),
      );
    }
    if (env.WHATSAPP_WEB_ENABLED) {
      const sessionDir = env.WHATSAPP_WEB_SESSION_DIR;
      const executablePath = env.PUPPETEER_EXECUTABLE_PATH;
      channels.push(
        createWhatsAppWebChannel({
          open: () => openWhatsAppWebSession({ sessionDir, ...(executablePath ? { executablePath } : {}) }),
          onSession: (event, detail) =>
            event === 'qr' && detail
              ? void printQr(detail)
              : console.error(`WhatsApp Web: ${event}${detail ? ` (${detail})` : ''}`),
        }),
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError((error as Error).message, { cause: error });
  }
  return channels;
}
