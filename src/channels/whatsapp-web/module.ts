import { requirePackages, type ChannelModule } from '../../core/index.js';
import { createWhatsAppWebChannel } from './index.js';
import { openWhatsAppWebSession, printQr } from './session.js';

/** WhatsApp Web through a linked phone (whatsapp-web.js, loaded only when enabled). */
export const whatsappWebChannel: ChannelModule = {
  name: 'whatsapp-web',
  label: 'WhatsApp Web',
  variables: ['WHATSAPP_WEB_ENABLED', 'WHATSAPP_WEB_SESSION_DIR', 'PUPPETEER_EXECUTABLE_PATH'],
  fromEnv(settings, context) {
    if (!settings.flag('WHATSAPP_WEB_ENABLED')) return undefined;
    requirePackages('WhatsApp Web (WHATSAPP_WEB_ENABLED=1)', ['whatsapp-web.js', 'qrcode-terminal']);
    const sessionDir = settings.string('WHATSAPP_WEB_SESSION_DIR') ?? './data/whatsapp-web';
    const executablePath = settings.string('PUPPETEER_EXECUTABLE_PATH');
    return createWhatsAppWebChannel({
      open: () => openWhatsAppWebSession({ sessionDir, ...(executablePath ? { executablePath } : {}) }),
      onSession: (event, detail) =>
        event === 'qr' && detail
          ? void printQr(detail)
          : context.log(`WhatsApp Web: ${event}`, detail ? { detail } : {}),
    });
  },
};
