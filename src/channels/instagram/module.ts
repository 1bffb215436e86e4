import type { ChannelModule } from '../../core/index.js';
import { createInstagramChannel } from './index.js';

/** Instagram messaging (Instagram API with Instagram Login); INSTAGRAM_API_URL falls back to META_GRAPH_API_URL. */
export const instagramChannel: ChannelModule = {
  name: 'instagram',
  label: 'Instagram',
  variables: [
    'INSTAGRAM_APP_SECRET',
    'INSTAGRAM_ACCESS_TOKEN',
    'INSTAGRAM_VERIFY_TOKEN',
    'INSTAGRAM_APP_ID',
    'INSTAGRAM_API_URL',
    'META_GRAPH_API_URL',
  ],
  fromEnv(settings) {
    const apiUrl = settings.url('INSTAGRAM_API_URL') ?? settings.url('META_GRAPH_API_URL');
    const appId = settings.string('INSTAGRAM_APP_ID');
    const instagram = settings.group('Instagram', [
      'INSTAGRAM_APP_SECRET',
      'INSTAGRAM_ACCESS_TOKEN',
      'INSTAGRAM_VERIFY_TOKEN',
    ]);
    return instagram
      ? createInstagramChannel({
          appSecret: instagram.INSTAGRAM_APP_SECRET,
          accessToken: instagram.INSTAGRAM_ACCESS_TOKEN,
          verifyToken: instagram.INSTAGRAM_VERIFY_TOKEN,
          ...(appId ? { appId } : {}),
          ...(apiUrl ? { apiUrl } : {}),
        })
      : undefined;
  },
};
