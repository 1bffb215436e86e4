import { ConfigError } from '../../core/index.js';
import type { ChannelModule } from '../../core/index.js';
import { createLineChannel } from './index.js';
import { lineLimits } from './limits.js';
import { batchLineMessages, renderLineMessages } from './render.js';
import { setLineWebhook } from './webhook-endpoint.js';

/** LINE Messaging API: the channel secret signs webhooks, the access token sends. */
export const lineChannel: ChannelModule = {
  name: 'line',
  label: 'LINE',
  variables: ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN', 'LINE_API_BASE_URL'],
  fromEnv(settings) {
    const apiBaseUrl = settings.url('LINE_API_BASE_URL');
    const line = settings.group('LINE', ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN']);
    return line
      ? createLineChannel({
          channelSecret: line.LINE_CHANNEL_SECRET,
          channelAccessToken: line.LINE_CHANNEL_ACCESS_TOKEN,
          ...(apiBaseUrl ? { apiBaseUrl } : {}),
        })
      : undefined;
  },
  preview: {
    limits: lineLimits,
    render: (replies) => batchLineMessages(renderLineMessages(replies)).map((messages) => ({ messages })),
  },
  async setWebhook(settings, baseUrl) {
    const apiBaseUrl = settings.url('LINE_API_BASE_URL');
    const channelSecret = settings.string('LINE_CHANNEL_SECRET');
    const channelAccessToken = settings.string('LINE_CHANNEL_ACCESS_TOKEN');
    settings.done();
    if (!channelSecret || !channelAccessToken)
      throw new ConfigError('set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN first');
    const endpoint = `${baseUrl}/webhooks/line`;
    const verdict = await setLineWebhook(
      { channelSecret, channelAccessToken, ...(apiBaseUrl ? { apiBaseUrl } : {}) },
      endpoint,
    );
    if (!verdict.success)
      throw new ConfigError(
        `LINE saved ${endpoint} but its test request failed (${verdict.reason || 'no reason given'}): is the server reachable over HTTPS?`,
      );
    return `ok: LINE now posts events to ${endpoint} (test request answered)`;
  },
};
