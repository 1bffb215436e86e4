import type { ChannelModule } from '../../core/index.js';
import { createWhatsAppChannel } from './index.js';
import { renderWhatsAppReplies, whatsappLimits } from './render.js';

/** The WhatsApp Business Platform (Cloud API): Meta's signed webhooks and one phone number id. */
export const whatsappChannel: ChannelModule = {
  name: 'whatsapp',
  label: 'WhatsApp',
  variables: [
    'WHATSAPP_APP_SECRET',
    'WHATSAPP_ACCESS_TOKEN',
    'WHATSAPP_PHONE_NUMBER_ID',
    'WHATSAPP_VERIFY_TOKEN',
    'META_GRAPH_API_URL',
  ],
  fromEnv(settings) {
    const graphApiUrl = settings.url('META_GRAPH_API_URL');
    const whatsapp = settings.group('WhatsApp', [
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_VERIFY_TOKEN',
    ]);
    return whatsapp
      ? createWhatsAppChannel({
          appSecret: whatsapp.WHATSAPP_APP_SECRET,
          accessToken: whatsapp.WHATSAPP_ACCESS_TOKEN,
          phoneNumberId: whatsapp.WHATSAPP_PHONE_NUMBER_ID,
          verifyToken: whatsapp.WHATSAPP_VERIFY_TOKEN,
          ...(graphApiUrl ? { graphApiUrl } : {}),
        })
      : undefined;
  },
  preview: {
    limits: whatsappLimits,
    render: (replies) =>
      renderWhatsAppReplies(replies).map((message) => ({ messaging_product: 'whatsapp', to: '<phone>', ...message })),
  },
};
