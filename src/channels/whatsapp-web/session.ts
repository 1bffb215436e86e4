import type { WhatsAppWebClient, WhatsAppWebMedia } from './client.js';

export interface WhatsAppWebSessionOptions {
  /** WHATSAPP_WEB_SESSION_DIR: where LocalAuth keeps the login, so the QR code is scanned once. */
  sessionDir: string;
  /** PUPPETEER_EXECUTABLE_PATH: a Chromium of the system's; without it, the one puppeteer installs. */
  executablePath?: string;
}

/**
 * The real whatsapp-web.js Client with LocalAuth, loaded only when the channel is enabled (it pulls
 * in puppeteer). The first start prints a QR code: scan it in WhatsApp → Linked devices.
 */
export async function openWhatsAppWebSession(
  options: WhatsAppWebSessionOptions,
): Promise<{ client: WhatsAppWebClient; loadMedia: (url: string) => Promise<WhatsAppWebMedia> }> {
  // CommonJS package: named ESM imports of it fail at runtime, so take the default export apart.
  const wweb = (await import('whatsapp-web.js')).default;
  const { Client, LocalAuth, MessageMedia } = wweb;
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: options.sessionDir }),
    puppeteer: {
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    },
  });
  return {
    client: client as unknown as WhatsAppWebClient,
    loadMedia: async (url) => MessageMedia.fromUrl(url, { unsafeMime: true }),
  };
}

/** Prints the login QR code in the terminal. */
export async function printQr(qr: string): Promise<void> {
  const qrcode = (await import('qrcode-terminal')).default;
  console.error('WhatsApp Web: scan this code in WhatsApp → Settings → Linked devices');
  qrcode.generate(qr, { small: true });
}
