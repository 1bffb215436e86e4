import { messagingApi } from '@line/bot-sdk';
import { resolveLineOptions, type LineChannelOptions } from './options.js';

/**
 * Sets the channel's webhook URL (`PUT /v2/bot/channel/webhook/endpoint`) and asks LINE to test it
 * (`POST /v2/bot/channel/webhook/test`), as the console's Verify button does. Resolves to LINE's verdict.
 */
export async function setLineWebhook(
  options: LineChannelOptions,
  endpoint: string,
): Promise<{ success: boolean; reason: string }> {
  const { channelAccessToken, apiBaseUrl } = resolveLineOptions(options);
  const client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: apiBaseUrl });
  await client.setWebhookEndpoint({ endpoint });
  const test = await client.testWebhookEndpoint({ endpoint });
  return { success: test.success ?? false, reason: test.reason ?? '' };
}
