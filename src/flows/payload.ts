/**
 * Button payloads, format version 1 (docs/flows.md). A button can sit in a chat for months, so
 * the format is versioned and names states and actions, never positions:
 *   k1:go:<state>            go to a state
 *   k1:do:<action>[:<arg>]   run an action, e.g. k1:do:addToCart:tea-sencha-uji
 *   k1:in:<intent>           raise an intent, as if typed
 * Short enough for Telegram's 64-byte callback_data with ordinary ids.
 */
export type ButtonPayload =
  { kind: 'goto'; state: string } | { kind: 'do'; action: string; arg?: string } | { kind: 'intent'; intent: string };

export function encodePayload(payload: ButtonPayload): string {
  switch (payload.kind) {
    case 'goto':
      return `k1:go:${payload.state}`;
    case 'intent':
      return `k1:in:${payload.intent}`;
    case 'do':
      return payload.arg === undefined ? `k1:do:${payload.action}` : `k1:do:${payload.action}:${payload.arg}`;
  }
}

/** undefined for anything that is not a version-1 payload (foreign, older or tampered buttons). */
export function decodePayload(raw: string): ButtonPayload | undefined {
  const match = /^k1:(go|do|in):([A-Za-z][\w-]*)(?::(.+))?$/s.exec(raw);
  if (!match) return undefined;
  const [, kind, name = '', arg] = match;
  if (kind === 'go') return arg === undefined ? { kind: 'goto', state: name } : undefined;
  if (kind === 'in') return arg === undefined ? { kind: 'intent', intent: name } : undefined;
  return arg === undefined ? { kind: 'do', action: name } : { kind: 'do', action: name, arg };
}
