import { ConfigError, systemClock, type Clock } from '../../core/index.js';

/** What `createLineChannel` needs; the values come from LINE Developers Console → your Messaging API channel. */
export interface LineChannelOptions {
  /** LINE_CHANNEL_SECRET (Basic settings): the HMAC key of webhook signatures. 32 hex characters. */
  channelSecret: string;
  /** LINE_CHANNEL_ACCESS_TOKEN (Messaging API tab): a long-lived token, sent as a Bearer token. */
  channelAccessToken: string;
  /** LINE_API_BASE_URL, default `https://api.line.me`: for tests and proxies. */
  apiBaseUrl?: string;
  /** Decides whether a reply token is still fresh; defaults to the system clock. */
  clock?: Clock;
}

export interface ResolvedLineOptions {
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl: string;
  clock: Clock;
}

/** Checks every option at creation and reports all problems at once, never echoing a secret. */
export function resolveLineOptions(options: LineChannelOptions): ResolvedLineOptions {
  const problems: string[] = [];
  if (!/^[0-9a-f]{32}$/i.test(options.channelSecret ?? ''))
    problems.push(
      'LINE_CHANNEL_SECRET must be the 32 hex characters shown under Basic settings of the Messaging API channel',
    );
  if (!/^[A-Za-z0-9+/=._-]{20,}$/.test(options.channelAccessToken ?? ''))
    problems.push(
      'LINE_CHANNEL_ACCESS_TOKEN must be a channel access token (issue a long-lived one on the Messaging API tab)',
    );
  const apiBaseUrl = (options.apiBaseUrl ?? 'https://api.line.me').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(apiBaseUrl))
    problems.push('LINE_API_BASE_URL must be an http(s) URL such as https://api.line.me');
  if (problems.length > 0) throw new ConfigError(`LINE channel: ${problems.join('; ')}`);
  return {
    channelSecret: options.channelSecret,
    channelAccessToken: options.channelAccessToken,
    apiBaseUrl,
    clock: options.clock ?? systemClock,
  };
}
