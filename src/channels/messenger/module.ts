import type { ChannelModule } from '../../core/index.js';
import { createMessengerChannel } from './index.js';
import { messengerLimits, renderMessengerReplies } from './render.js';

/** Facebook Messenger through a Page: Meta's signed webhooks and the Send API. */
export const messengerChannel: ChannelModule = {
  name: 'messenger',
  label: 'Messenger',
  variables: [
    'MESSENGER_APP_SECRET',
    'MESSENGER_PAGE_ACCESS_TOKEN',
    'MESSENGER_VERIFY_TOKEN',
    'MESSENGER_APP_ID',
    'META_GRAPH_API_URL',
  ],
  fromEnv(settings) {
    const graphApiUrl = settings.url('META_GRAPH_API_URL');
    const appId = settings.string('MESSENGER_APP_ID');
    const messenger = settings.group('Messenger', [
      'MESSENGER_APP_SECRET',
      'MESSENGER_PAGE_ACCESS_TOKEN',
      'MESSENGER_VERIFY_TOKEN',
    ]);
    return messenger
      ? createMessengerChannel({
          appSecret: messenger.MESSENGER_APP_SECRET,
          pageAccessToken: messenger.MESSENGER_PAGE_ACCESS_TOKEN,
          verifyToken: messenger.MESSENGER_VERIFY_TOKEN,
          ...(appId ? { appId } : {}),
          ...(graphApiUrl ? { graphApiUrl } : {}),
        })
      : undefined;
  },
  preview: {
    limits: messengerLimits,
    render: (replies) => renderMessengerReplies(replies).map((message) => ({ recipient: { id: '<PSID>' }, message })),
  },
};
