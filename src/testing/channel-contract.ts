import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChannelSendError,
  InvalidPayloadError,
  isChannelName,
  SignatureError,
  type Address,
  type ChannelAdapter,
  type Choice,
  type InboundEvent,
  type RawRequest,
} from '../core/index.js';

/** One message as the platform received it from `send`, in plain terms. */
export interface ReceivedMessage {
  /** Its text (a caption, a card's body…); '' when it has none. */
  text: string;
  /** The buttons under it (quick replies, an inline keyboard, list rows), in order. */
  buttons: ReceivedButton[];
}

export interface ReceivedButton {
  label: string;
  /** What pressing it sends back, when the platform's wire format carries it (callback_data, postback data). */
  payload?: string;
}

/**
 * A local stand-in for the platform, speaking its real wire format: it builds webhook requests as
 * the platform would send them, and records what the adapter sends to it.
 */
export interface FakePlatform {
  /**
   * The request headers that authenticate a webhook (a signature, an echoed secret, a bearer
   * token): a request without them must be refused, and so must one with a changed value.
   */
  readonly signatureHeaders: readonly string[];
  /** A shopper's text message, as the platform posts it, correctly signed. A new message (a new platform id) on every call. */
  textMessage(text: string): RawRequest;
  /** A correctly signed webhook of an event type the adapter does not act on (a read receipt, a typing notice): it must parse to []. */
  unknownEvent(): RawRequest;
  /** A webhook carrying exactly these body bytes, signed as the platform signs: for bodies that are not the platform's JSON. */
  signed(body: Uint8Array): RawRequest;
  /** Every message the platform accepted from `send` since setUp, one entry per platform message, in order. */
  received(): ReceivedMessage[];
  /**
   * From now on the platform refuses every send with `status` (429 with its retry hint of
   * `retryAfterSeconds` as the platform gives one: a Retry-After header, Telegram's
   * `parameters.retry_after`…), like a platform that stays throttled or down. Sustained rather than
   * once, so an SDK that retries on its own inside `send` still ends up reporting it.
   */
  failSends(status: 429 | 500, retryAfterSeconds?: number): void;
}

export interface ChannelContractSetup {
  /** The adapter under test, pointed at `platform`. */
  adapter: ChannelAdapter;
  platform: FakePlatform;
  /** Stops the fake platform (and anything else setUp started). */
  tearDown(): Promise<void>;
}

/** The checks `channelContract` registers, by id. */
export const channelContractChecks = {
  name: 'its name is a well-formed channel name',
  limits: 'its limits are positive integers',
  'text-message': 'a signed text message verifies and parses to one text event with a stable id',
  'distinct-ids': 'two messages parse to events with different ids',
  'tampered-body': 'a body with one byte changed is refused by verify (SignatureError)',
  'missing-signature': 'a request without its signature headers is refused by verify (SignatureError)',
  'wrong-signature': 'a request whose signature headers are changed is refused by verify (SignatureError)',
  'unknown-event': 'an event type it does not handle parses to []',
  'malformed-body': 'a body that is not the platform’s JSON makes parse throw InvalidPayloadError',
  'send-text': 'a text reply arrives with that text',
  'send-long-text': 'a text reply longer than maxTextLength arrives whole, in messages within the limit',
  'send-choices': 'too many buttons and too long a label arrive within the limits, no choice lost',
  throttled: 'a platform 429 makes send reject with a retryable ChannelSendError carrying the retry hint',
  'server-error': 'a platform 500 makes send reject with a retryable ChannelSendError',
} as const;

export type ChannelContractCheck = keyof typeof channelContractChecks;

export interface ChannelContractHarness {
  /** Starts the fake platform and returns the adapter pointed at it; called before every check. */
  setUp(): Promise<ChannelContractSetup>;
  /**
   * Checks this adapter is known to fail, each with why (a finding to fix, or a limit of the
   * platform itself such as a scheme that signs no body). They run as `it.fails`: the check is
   * unchanged, and the suite goes red the day the adapter starts passing it, so the entry can go.
   */
  expectedFailures?: Partial<Record<ChannelContractCheck, string>>;
  /** Per check, in milliseconds (default 30 000): SDKs that retry a throttled send on their own take a few seconds. */
  timeoutMs?: number;
}

/** The retry hint the throttling check asks the platform to give. */
const retryAfterSeconds = 2;

/** Each check of the contract, by id, run on a fresh setup of the harness. */
const checks: Record<ChannelContractCheck, (setup: ChannelContractSetup) => Promise<void> | void> = {
  name: ({ adapter }) => {
    expect(isChannelName(adapter.name), `"${adapter.name}" is not lower-case letters, digits and dashes`).toBe(true);
    expect(adapter.name, 'the simulator’s name is taken').not.toBe('simulator');
  },
  limits: ({ adapter }) => {
    const { maxTextLength, maxButtons, maxButtonLabel, maxCarouselCards, maxCardActions } = adapter.limits;
    for (const [key, value] of Object.entries({
      maxTextLength,
      maxButtons,
      maxButtonLabel,
      maxCarouselCards,
      maxCardActions,
    }))
      expect(Number.isSafeInteger(value) && value > 0, `${key} = ${String(value)}`).toBe(true);
    const rate = adapter.limits.sendRate;
    if (rate) {
      expect(rate.perSecond, 'sendRate.perSecond').toBeGreaterThan(0);
      for (const key of ['perChatPerSecond', 'burst', 'chatBurst'] as const)
        if (rate[key] !== undefined) expect(rate[key], `sendRate.${key}`).toBeGreaterThan(0);
    }
  },
  'text-message': async ({ adapter, platform }) => {
    const text = 'Hello from the contract 🍵 こんにちは';
    const request = platform.textMessage(text);
    await verify(adapter, request);
    const events = adapter.parse(request);
    expect(events).toHaveLength(1);
    const [event] = events as [InboundEvent];
    expect(event).toMatchObject({ type: 'text', text, address: { channel: adapter.name } });
    expect(typeof event.id === 'string' && event.id.length > 0, 'a non-empty id').toBe(true);
    expect(event.address.conversationId, 'address.conversationId').toMatch(/\S/);
    expect(event.address.userId, 'address.userId').toMatch(/\S/);
    expect(Number.isNaN(Date.parse(event.receivedAt)), `receivedAt "${event.receivedAt}" is ISO 8601`).toBe(false);
    // The platform redelivers the very same bytes in a new request: the id is the dedup key.
    expect(adapter.parse(request).map((again) => again.id)).toEqual([event.id]);
    expect(adapter.parse(copyOf(request)).map((again) => again.id)).toEqual([event.id]);
  },
  'distinct-ids': async ({ adapter, platform }) => {
    const first = adapter.parse(platform.textMessage('first'));
    const second = adapter.parse(platform.textMessage('second'));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]?.id, 'two messages must not be deduplicated into one').not.toBe(second[0]?.id);
  },
  'tampered-body': async ({ adapter, platform }) => {
    const text = 'tamper with me';
    const request = platform.textMessage(text);
    await verify(adapter, request);
    await expect(verify(adapter, { ...copyOf(request), body: changeOneByte(request.body, text) })).rejects.toThrow(
      SignatureError,
    );
  },
  'missing-signature': async ({ adapter, platform }) => {
    expect(platform.signatureHeaders.length, 'the harness names its signature headers').toBeGreaterThan(0);
    const request = platform.textMessage('no signature');
    for (const header of platform.signatureHeaders)
      expect(request.headers.has(header), `the signed request carries ${header}`).toBe(true);
    const unsigned = copyOf(request);
    for (const header of platform.signatureHeaders) unsigned.headers.delete(header);
    await expect(verify(adapter, unsigned)).rejects.toThrow(SignatureError);
    // Each header on its own is needed too.
    for (const header of platform.signatureHeaders) {
      const without = copyOf(request);
      without.headers.delete(header);
      await expect(verify(adapter, without), `without ${header}`).rejects.toThrow(SignatureError);
    }
  },
  'wrong-signature': async ({ adapter, platform }) => {
    const request = platform.textMessage('wrong signature');
    for (const header of platform.signatureHeaders) {
      const forged = copyOf(request);
      forged.headers.set(header, changeOneCharacter(request.headers.get(header) ?? ''));
      await expect(verify(adapter, forged), `${header} changed`).rejects.toThrow(SignatureError);
    }
  },
  'unknown-event': async ({ adapter, platform }) => {
    const request = platform.unknownEvent();
    await verify(adapter, request);
    expect(adapter.parse(request)).toEqual([]);
  },
  'malformed-body': async ({ adapter, platform }) => {
    const bodies: [string, Uint8Array][] = [
      ['cut-off JSON', utf8('{"id": "1", "text": ')],
      ['plain text', utf8('hello, not JSON')],
      ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])],
      ['an empty body', new Uint8Array(0)],
      ['a JSON array', utf8('[]')],
      ['JSON null', utf8('null')],
    ];
    for (const [what, body] of bodies) {
      const request = platform.signed(body);
      // verify may refuse it first (a token check that needs the body's fields): then as 401 or 400, never a crash.
      const refused = await verify(adapter, request).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (refused !== undefined)
        expect(
          refused instanceof SignatureError || refused instanceof InvalidPayloadError,
          `verify refused ${what} with ${String(refused)}`,
        ).toBe(true);
      expect(() => adapter.parse(request), what).toThrow(InvalidPayloadError);
    }
  },
  'send-text': async ({ adapter, platform }) => {
    const text = 'Thank you 🍵 ありがとうございます';
    const results = await adapter.send(await addressOf(adapter, platform), [{ type: 'text', text }]);
    expect(Array.isArray(results)).toBe(true);
    expect(platform.received().map((message) => message.text)).toEqual([text]);
  },
  'send-long-text': async ({ adapter, platform }) => {
    const { maxTextLength } = adapter.limits;
    const words = Array.from({ length: Math.ceil((maxTextLength * 2.5) / 8) }, (_, index) =>
      `w${index}`.padEnd(7, 'x'),
    );
    const text = words.join(' ');
    await adapter.send(await addressOf(adapter, platform), [{ type: 'text', text }]);
    const received = platform.received();
    expect(received.length, 'split into several messages').toBeGreaterThan(1);
    for (const message of received)
      expect(length(message.text), 'each message within maxTextLength').toBeLessThanOrEqual(maxTextLength);
    expect(received.flatMap((message) => message.text.split(/\s+/).filter(Boolean))).toEqual(words);
  },
  'send-choices': async ({ adapter, platform }) => {
    const { maxButtons, maxButtonLabel, maxTextLength } = adapter.limits;
    const choices: Choice[] = Array.from({ length: maxButtons + 2 }, (_, index) => ({
      label: `Choice ${index + 1}`,
      payload: `k1:go:choice-${index + 1}`,
    }));
    // Too long a label first and last: both the first message and the follow-up must shorten it.
    for (const index of [0, choices.length - 1])
      choices[index] = { ...choices[index]!, label: `Choice ${index + 1} ${'long '.repeat(maxButtonLabel)}`.trim() };
    const text = 'Which one would you like?';
    await adapter.send(await addressOf(adapter, platform), [{ type: 'choices', text, choices }]);
    const received = platform.received();
    expect(received.length, 'something arrived').toBeGreaterThan(0);
    expect(
      received.some((message) => message.text.includes(text)),
      'the question arrives',
    ).toBe(true);
    for (const message of received) {
      expect(message.buttons.length, 'buttons per message').toBeLessThanOrEqual(maxButtons);
      expect(length(message.text), 'text per message').toBeLessThanOrEqual(maxTextLength);
      for (const button of message.buttons)
        expect(length(button.label), `label "${button.label}"`).toBeLessThanOrEqual(maxButtonLabel);
    }
    // Nothing lost silently: every choice is a button (shortened at most, same payload), in order, or shown in a text.
    const buttons = received.flatMap((message) => message.buttons);
    const texts = received.map((message) => message.text).join('\n');
    let position = -1;
    for (const choice of choices) {
      const at = buttons.findIndex((button) => isButtonOf(button, choice));
      if (at >= 0) {
        expect(at, `"${choice.label}" keeps its place`).toBeGreaterThan(position);
        position = at;
      } else expect(texts, `"${choice.label}" is neither a button nor in a text`).toContain(choice.label);
    }
  },
  throttled: async ({ adapter, platform }) => {
    const to = await addressOf(adapter, platform);
    platform.failSends(429, retryAfterSeconds);
    const error = await adapter.send(to, [{ type: 'text', text: 'too fast' }]).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error, 'send rejects').toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).details).toMatchObject({
      retryable: true,
      retryAfterMs: retryAfterSeconds * 1000,
    });
  },
  'server-error': async ({ adapter, platform }) => {
    const to = await addressOf(adapter, platform);
    platform.failSends(500);
    const error = await adapter.send(to, [{ type: 'text', text: 'are you there?' }]).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error, 'send rejects').toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).details.retryable, 'retryable').toBe(true);
  },
};

/**
 * Registers, with vitest's `describe`/`it`, the checks every channel adapter must pass
 * (`channelContractChecks`), run against the harness's fake platform. Nothing of Kaiwa is mocked:
 * the adapter's own verify, parse and send run against a platform that speaks its wire format.
 *
 * @example
 * // test/my-channel.contract.test.ts
 * import { channelContract } from 'kaiwajs/testing';
 * channelContract('webchat', webchatHarness);
 */
export function channelContract(name: string, harness: ChannelContractHarness): void {
  describe(`channel contract: ${name}`, () => {
    let setup: ChannelContractSetup | undefined;
    beforeEach(async () => {
      setup = await harness.setUp();
    });
    afterEach(async () => {
      await setup?.tearDown();
      setup = undefined;
    });
    const current = (): ChannelContractSetup => {
      if (!setup) throw new Error('the harness did not set up');
      return setup;
    };
    const timeout = harness.timeoutMs ?? 30_000;
    const check = (id: ChannelContractCheck, run: (setup: ChannelContractSetup) => Promise<void> | void) => {
      const known = harness.expectedFailures?.[id];
      const title = `${channelContractChecks[id]} [${id}]`;
      if (known) it.fails(`${title} (known failure: ${known})`, () => run(current()), timeout);
      else it(title, () => run(current()), timeout);
    };

    for (const id of Object.keys(checks) as ChannelContractCheck[]) check(id, checks[id]);
  });
}

/** verify, synchronous or not, as a promise (a synchronous throw becomes a rejection). */
function verify(adapter: ChannelAdapter, request: RawRequest): Promise<void> {
  return Promise.resolve().then(() => adapter.verify(request));
}

/** Who a reply goes to: the address the adapter itself parsed from a shopper's message (the way the engine gets it). */
async function addressOf(adapter: ChannelAdapter, platform: FakePlatform): Promise<Address> {
  const request = platform.textMessage('hello');
  await verify(adapter, request);
  const [event] = adapter.parse(request);
  if (!event) throw new Error('a text message parsed to no event');
  return event.address;
}

/** The same request again, as a redelivery arrives: new headers, new bytes, same content. */
function copyOf(request: RawRequest): RawRequest {
  return { ...request, headers: new Headers(request.headers), body: new Uint8Array(request.body) };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Code points, as limits count them. */
const length = (text: string) => [...text].length;

/** Changes one byte of `text` inside the body (so the JSON stays valid), or the middle byte when it is not there verbatim. */
function changeOneByte(body: Uint8Array, text: string): Uint8Array {
  const changed = new Uint8Array(body);
  const needle = utf8(text);
  let at = -1;
  for (let index = 0; index + needle.length <= body.length && at < 0; index++)
    if (needle.every((byte, offset) => body[index + offset] === byte)) at = index;
  const position = at >= 0 ? at : Math.floor(body.length / 2);
  // A letter's case flips ('t' → 'T'); any other byte changes in its lowest bit.
  changed[position] = (body[position] ?? 0) ^ (at >= 0 && /[a-z]/i.test(text[0] ?? '') ? 0x20 : 0x01);
  return changed;
}

/** The header value with its middle character replaced by another of the same kind (hex stays hex, base64 stays base64). */
function changeOneCharacter(value: string): string {
  const at = Math.floor(value.length / 2);
  const character = value[at] ?? '';
  const next = /[0-8a-yA-Y]/.test(character)
    ? String.fromCharCode(character.charCodeAt(0) + 1)
    : /[9zZ]/.test(character)
      ? String.fromCharCode(character.charCodeAt(0) - 1)
      : 'A';
  return `${value.slice(0, at)}${next}${value.slice(at + 1)}`;
}

/** Whether a received button is this choice: its payload when the platform reports one, and its label, perhaps shortened with "…". */
function isButtonOf(button: ReceivedButton, choice: Choice): boolean {
  if (button.payload !== undefined && button.payload !== choice.payload) return false;
  if (button.label === choice.label) return true;
  return button.label.endsWith('…') && button.label.length > 1 && choice.label.startsWith(button.label.slice(0, -1));
}
