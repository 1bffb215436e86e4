import { ChannelSendError, UpstreamUnreachableError, type Clock } from '../../core/index.js';

/** Bot Framework's token audience for replies to channels. */
export const botFrameworkScope = 'https://api.botframework.com/.default';

/**
 * Gets and caches the bot's access token for replies: the OAuth 2.0 client-credentials grant
 * against `<loginUrl>/oauth2/v2.0/token`, as Bot Framework documents. Renewed 5 minutes before it lapses.
 */
export function createTokenSource(options: {
  appId: string;
  appPassword: string;
  loginUrl: string;
  clock: Clock;
}): () => Promise<string> {
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    const now = options.clock.now().getTime();
    if (cached && now < cached.renewAt) return cached.token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.appId,
      client_secret: options.appPassword,
      scope: botFrameworkScope,
    });
    let response: Response;
    try {
      response = await fetch(`${options.loginUrl}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new UpstreamUnreachableError(`Bot Framework login unreachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const answer = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok || !answer.access_token) {
      // A wrong app password is permanent; 429/5xx from the login service are worth retrying.
      throw new ChannelSendError(
        `Bot Framework login refused (${response.status}${answer.error ? ` ${answer.error}` : ''}): check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD`,
        { status: response.status, retryable: response.status === 429 || response.status >= 500 },
      );
    }
    cached = { token: answer.access_token, renewAt: now + Math.max(60, (answer.expires_in ?? 3600) - 300) * 1000 };
    return cached.token;
  };
}
