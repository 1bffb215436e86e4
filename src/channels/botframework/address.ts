import { InvalidPayloadError, isLoopbackHost } from '../../core/index.js';

/**
 * Bot Framework replies go to the `serviceUrl` the activity came from (it differs per channel and
 * region), so the conversation id carries it: `<serviceUrl>#<conversation id>`. A service URL has no
 * `#`; conversation ids may contain anything else (`19:…@thread.skype`, `abc|livechat`).
 */
export function toConversationId(serviceUrl: string, conversationId: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}#${conversationId}`;
}

export function fromConversationId(value: string): { serviceUrl: string; conversationId: string } {
  const at = value.indexOf('#');
  if (at <= 0 || at === value.length - 1)
    throw new InvalidPayloadError(`not a Bot Framework conversation address: ${value.slice(0, 60)}`);
  return { serviceUrl: value.slice(0, at), conversationId: value.slice(at + 1) };
}

/** Whether `url` is an http(s) URL on this machine. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}
