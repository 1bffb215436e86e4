import type { ChannelModule } from 'kaiwajs/core';
import { createWebchatChannel, renderWebchatMessages, webchatLimits } from './index.js';

/**
 * The web chat as a ChannelModule: on when WEBCHAT_SECRET and WEBCHAT_API_URL are set. Problems
 * (one variable without the other, a URL that is none, a short secret) go to `settings`, so Kaiwa
 * reports them together with every other channel's at boot.
 */
export const webchatChannel: ChannelModule = {
  name: 'webchat',
  label: 'Web chat',
  variables: ['WEBCHAT_SECRET', 'WEBCHAT_API_URL'],
  fromEnv(settings) {
    const apiUrl = settings.url('WEBCHAT_API_URL');
    const webchat = settings.group('Web chat', ['WEBCHAT_SECRET', 'WEBCHAT_API_URL']);
    if (!webchat || !apiUrl) return undefined;
    if (webchat.WEBCHAT_SECRET.length < 16) {
      settings.problem('WEBCHAT_SECRET: use at least 16 random characters');
      return undefined;
    }
    return createWebchatChannel({ secret: webchat.WEBCHAT_SECRET, apiUrl });
  },
  preview: { limits: webchatLimits, render: (replies) => renderWebchatMessages('<user>', replies) },
};
