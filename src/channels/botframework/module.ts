import { requirePackages, type ChannelModule } from '../../core/index.js';
import { createBotFrameworkChannel } from './index.js';

/** Azure Bot Service (Microsoft Teams and the Web Chat), or the local Bot Framework Emulator. */
export const botframeworkChannel: ChannelModule = {
  name: 'botframework',
  label: 'Bot Framework',
  variables: [
    'MICROSOFT_APP_ID',
    'MICROSOFT_APP_PASSWORD',
    'BOTFRAMEWORK_EMULATOR',
    'BOTFRAMEWORK_LOGIN_URL',
    'BOTFRAMEWORK_OPENID_METADATA_URL',
  ],
  fromEnv(settings) {
    const credentials = settings.group('Bot Framework', ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD']);
    const loginUrl = settings.url('BOTFRAMEWORK_LOGIN_URL');
    const openIdMetadataUrl = settings.url('BOTFRAMEWORK_OPENID_METADATA_URL');
    if (!credentials && !settings.flag('BOTFRAMEWORK_EMULATOR')) return undefined;
    requirePackages('Bot Framework', ['botbuilder', 'botframework-connector']);
    return createBotFrameworkChannel({
      ...(credentials ? { appId: credentials.MICROSOFT_APP_ID, appPassword: credentials.MICROSOFT_APP_PASSWORD } : {}),
      ...(loginUrl ? { loginUrl } : {}),
      ...(openIdMetadataUrl ? { openIdMetadataUrl } : {}),
    });
  },
};
