import {
  ChannelSendError,
  UpstreamUnreachableError,
  systemClock,
  type ChannelAdapter,
  type Clock,
  type RawRequest,
  type SendResult,
} from '../../core/index.js';
import { fromConversationId, isLoopbackUrl } from './address.js';
import { parseBotFrameworkActivity, readActivity } from './parse.js';
import { botFrameworkLimits, renderBotFrameworkReplies } from './render.js';
import { createTokenSource } from './token.js';

export interface BotFrameworkChannelOptions {
  /** MICROSOFT_APP_ID; without it only the Emulator on this machine is served, unauthenticated. */
  appId?: string;
  /** MICROSOFT_APP_PASSWORD: the client secret of the app registration. */
  appPassword?: string;
  /** BOTFRAMEWORK_LOGIN_URL, default https://login.microsoftonline.com/botframework.com (single-tenant bots: …/<tenant id>). */
  loginUrl?: string;
  /** BOTFRAMEWORK_OPENID_METADATA_URL: where channel signing keys are published (tests, sovereign clouds). */
  openIdMetadataUrl?: string;
  clock?: Clock;
}

type SdkError = Error & {
  statusCode?: number;
  code?: string;
  response?: { headers?: { get(name: string): string | undefined } };
};

/**
 * Azure Bot Service / Bot Framework (Teams, Web Chat, the Emulator…) with botbuilder's connector:
 * webhook `POST /webhooks/botframework` validated by the SDK's JWT checks; replies are sent to the
 * conversation's serviceUrl with `sendToConversation`, suggested actions and hero-card carousels.
 */
export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): ChannelAdapter {
  const clock = options.clock ?? systemClock;
  // botbuilder takes half a second to load: only shops that enable this channel pay for it, once.
  let verifier: Promise<(request: RawRequest) => Promise<void>> | undefined;
  const verify = async (request: RawRequest) => {
    verifier ??= import('./verify.js').then((module) =>
      module.createBotFrameworkVerifier({
        ...(options.appId ? { appId: options.appId } : {}),
        ...(options.openIdMetadataUrl ? { openIdMetadataUrl: options.openIdMetadataUrl } : {}),
      }),
    );
    await (
      await verifier
    )(request);
  };
  const token =
    options.appId && options.appPassword
      ? createTokenSource({
          appId: options.appId,
          appPassword: options.appPassword,
          loginUrl: (options.loginUrl ?? 'https://login.microsoftonline.com/botframework.com').replace(/\/+$/, ''),
          clock,
        })
      : undefined;
  const unsigned = { signRequest: async <T>(request: T) => request };
  return {
    name: 'botframework',
    limits: botFrameworkLimits,
    verify,
    parse: (request) => parseBotFrameworkActivity(readActivity(request)),
    async send(to, replies) {
      const { serviceUrl, conversationId } = fromConversationId(to.conversationId);
      // Unsigned (Emulator) replies go to this machine only; verify() refuses such activities already.
      if (!token && !isLoopbackUrl(serviceUrl))
        throw new ChannelSendError(`Emulator mode posts only to a loopback serviceUrl, not ${serviceUrl}`, {
          retryable: false,
        });
      const { ConnectorClient, TokenCredentials } = await import('botframework-connector');
      const credentials = token ? new TokenCredentials(await token()) : unsigned;
      const client = new ConnectorClient(credentials as InstanceType<typeof TokenCredentials>, { baseUri: serviceUrl });
      const results: SendResult[] = [];
      for (const activity of renderBotFrameworkReplies(replies)) {
        try {
          const answer = await client.conversations.sendToConversation(conversationId, {
            ...activity,
            from: { id: options.appId ?? 'bot' },
            recipient: { id: to.userId },
            conversation: { id: conversationId },
          } as never);
          results.push(answer.id ? { platformMessageId: answer.id } : {});
        } catch (error) {
          const failure = error as SdkError;
          if (failure.statusCode === undefined)
            throw new UpstreamUnreachableError(`Bot Framework connector unreachable: ${failure.message}`, {
              cause: error,
            });
          const retryAfter = Number(failure.response?.headers?.get('retry-after'));
          throw new ChannelSendError(
            `Bot Framework connector ${failure.statusCode}: ${failure.message}`,
            {
              status: failure.statusCode,
              retryable: failure.statusCode === 429 || failure.statusCode >= 500,
              ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
            },
            { cause: error },
          );
        }
      }
      return results;
    },
  };
}
