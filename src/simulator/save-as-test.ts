import { Document, isPair, visit } from 'yaml';
import {
  applyLimits,
  pressableButtons,
  type ChannelLimits,
  type InboundEvent,
  type Reply,
  type TranscriptEntry,
  type TurnTrace,
} from '../core/index.js';

/** What becomes a conversation test: a simulator conversation as its transcript holds it. */
export interface SaveAsTestInput {
  /** The test's `name`. */
  name: string;
  /** The conversation's transcript, oldest first: the shopper's messages, button presses and payments, the bot's replies. */
  entries: readonly TranscriptEntry[];
  /** The channel skin the pane showed: the test's `channel`, its replies seen through that channel's limits. */
  channel?: string;
  /** That channel's limits (its preview's); without them the replies are checked as stored. */
  limits?: ChannelLimits;
  /** The simulated shopper's id: named in the file's comment, never asserted (a test runs as another shopper). */
  user?: string;
}

/** A conversation the test format cannot replay as it happened; `turn` counts the shopper's turns from 1. */
export class NotReplayableError extends Error {
  constructor(
    message: string,
    readonly turn: number,
  ) {
    super(message);
    this.name = 'NotReplayableError';
  }
}

/** One shopper turn: what came in, and every reply the bot sent for it. */
interface Turn {
  event: InboundEvent;
  trace: TurnTrace | undefined;
  replies: Reply[];
}

type Press = string | { label: string; product: string };
type Expectation = {
  text?: string[];
  buttons?: string[];
  cards?: { id: string; price: number }[];
  noProducts?: true;
  paymentLink?: true;
  handoff?: true;
  state?: string;
  order?: string;
};
type Step = ({ say: string } | { press: Press } | { pay: true }) & { expect?: Expectation };

/**
 * The file name "Save as test" writes for `name`: its letters and digits, lower-cased, joined by
 * dashes, at most 60 of them, and `.yaml` (`Buys tea & pays!` → `buys-tea-pays.yaml`; Japanese stays
 * Japanese). Undefined when the name has no letter or digit.
 */
export function testFileName(name: string): string | undefined {
  const slug = [
    ...name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  ]
    .slice(0, 60)
    .join('')
    .replace(/-+$/, '');
  return slug ? `${slug}.yaml` : undefined;
}

/**
 * The YAML of a conversation test (docs/testing.md) that replays this conversation: one step per
 * shopper turn (`say` for typed text, `press` for a button, by its label and, where several cards
 * offer it, its product; `pay: true` for a payment on the checkout), each expecting what the bot
 * answered in that turn: a piece of each text, the buttons offered, the product cards with their
 * prices (or `noProducts`), a payment link, a handoff, the flow's state, and the order's status
 * where a turn settles it. Nothing volatile is asserted: no order number, payment URL, time or
 * figure in a text. A turn that called a model asserts nothing (`kaiwa test` runs offline, so its
 * answer differs). Pure. Throws NotReplayableError for a turn the format cannot replay (a button
 * not offered by the turn before, a payment with no link before it, an event the simulator cannot send).
 */
export function conversationTestYaml(input: SaveAsTestInput): string {
  const turns = turnsOf(input.entries, input.limits);
  if (turns.length === 0) throw new NotReplayableError('the conversation has no message from the shopper yet', 0);
  const volatile = volatileWords(input);
  const comments = new Map<number, string>();
  const steps = turns.map((turn, index): Step => {
    const previous = index > 0 ? turns[index - 1]!.replies : [];
    const step = stepOf(turn, previous, index + 1);
    const calls = (turn.trace?.calls ?? []).filter((call) => call.kind === 'llm').map((call) => call.name);
    if (calls.length > 0) {
      comments.set(
        index,
        ` answered with a model (${[...new Set(calls)].join(', ')}); kaiwa test runs offline, so nothing is checked here`,
      );
      return step;
    }
    if (turn.trace?.failed) {
      comments.set(
        index,
        ` every attempt at this turn failed (${turn.trace.failed.error.slice(0, 80)}); nothing is checked`,
      );
      return step;
    }
    const expected = expectationOf(turn, volatile);
    return Object.keys(expected).length > 0 ? { ...step, expect: expected } : step;
  });
  const test = { name: input.name, ...(input.channel ? { channel: input.channel } : {}), steps };
  const doc = new Document(test);
  // Short lists on one line, as the hand-written tests have them; a card's button as { label, product }.
  visit(doc, {
    Seq(_, node, path) {
      const parent = path.at(-1);
      if (isPair(parent) && ['text', 'buttons', 'cards'].includes(String(parent.key))) node.flow = true;
    },
    Map(_, node, path) {
      const parent = path.at(-1);
      if (isPair(parent) && String(parent.key) === 'press') node.flow = true;
    },
  });
  const items = (doc.get('steps', true) as { items: { commentBefore?: string | null }[] }).items;
  for (const [index, comment] of comments) items[index]!.commentBefore = comment;
  const who = [input.user && `shopper ${input.user}`, input.channel && `${input.channel} skin`].filter(Boolean);
  doc.commentBefore = ` Saved from the simulator${who.length > 0 ? ` (${who.join(', ')})` : ''}; kaiwa test replays it (docs/testing.md).`;
  return doc.toString({ lineWidth: 120, flowCollectionPadding: false });
}

/**
 * The shopper's turns in order, each with the replies sent for it (as the channel shows them, with
 * `limits`). Replies a person sent from the inbox (`purpose: agent`) are left out: no one sends them in a test.
 */
function turnsOf(entries: readonly TranscriptEntry[], limits: ChannelLimits | undefined): Turn[] {
  const turns: Turn[] = [];
  for (const entry of entries) {
    if (entry.direction === 'in') {
      if (entry.event) turns.push({ event: entry.event, trace: entry.trace, replies: [] });
      continue;
    }
    const turn = turns.at(-1);
    if (!turn || !entry.reply || entry.reply.purpose === 'agent') continue;
    turn.replies.push(...(limits ? applyLimits([entry.reply], limits) : [entry.reply]));
  }
  return turns;
}

function stepOf(turn: Turn, previous: readonly Reply[], number: number): Step {
  const { event } = turn;
  const what = `turn ${number}`;
  if (event.type === 'text') return { say: event.text };
  if (event.type === 'postback') {
    const press = pressOf(event.payload, previous);
    if (press === undefined)
      throw new NotReplayableError(
        `${what} pressed "${event.text ?? event.payload}" (${event.payload}), which no reply of the turn before it offered: ` +
          `a test presses only the buttons of the step before (docs/testing.md)${
            event.payload.startsWith('k1:do:setLocale:')
              ? '. To switch language in a test, type in that language instead of using the lang menu'
              : '. Press buttons of the latest replies, or write that step by hand'
          }`,
        number,
      );
    return { press };
  }
  if (event.type === 'payment') {
    if (event.payment.status !== 'paid')
      throw new NotReplayableError(
        `${what} is a payment ${event.payment.status} at ${event.payment.provider}; a test can only pay (pay: true)`,
        number,
      );
    if (!previous.some((reply) => reply.type === 'paymentLink'))
      throw new NotReplayableError(
        `${what} paid order ${event.payment.orderId}, but the turn before it sent no payment link: ` +
          'a test pays the link of the step before (pay: true)',
        number,
      );
    return { pay: true };
  }
  throw new NotReplayableError(`${what} is a ${event.type} event, which a test cannot send`, number);
}

/**
 * How a test presses the button with `payload` among `replies`, as the runner finds it: by its label
 * when that label is offered once, by label and product when several cards offer it; undefined when
 * the button is not there.
 */
function pressOf(payload: string, replies: readonly Reply[]): Press | undefined {
  const offered = pressableButtons(replies);
  const button = offered.find((choice) => choice.payload === payload);
  if (!button) return undefined;
  const sameLabel = offered.filter((choice) => choice.label === button.label);
  if (sameLabel.length === 1) return button.label;
  const card = replies
    .flatMap((reply) => (reply.type === 'products' ? reply.products : []))
    .find((product) => product.actions.some((action) => action.payload === payload));
  if (card) {
    const onCard = pressableButtons(replies, card.id).find((choice) => choice.label === button.label);
    if (onCard?.payload === payload) return { label: button.label, product: card.id };
  }
  // Several buttons with this label and not on a card of its own: the runner presses the first of them.
  return sameLabel[0]!.payload === payload ? button.label : undefined;
}

function expectationOf(turn: Turn, volatile: readonly string[]): Expectation {
  const { replies, trace, event } = turn;
  const texts = unique(
    replies.flatMap((reply) =>
      reply.type === 'text' || reply.type === 'choices' ? [distinctivePart(reply.text, volatile)] : [],
    ),
  ).filter((text): text is string => text !== undefined);
  const buttons = unique(pressableButtons(replies).map((choice) => choice.label));
  const cards = new Map<string, number>();
  for (const reply of replies)
    if (reply.type === 'products')
      for (const card of reply.products) if (!cards.has(card.id)) cards.set(card.id, card.price.amount);
  const paymentLink = replies.some((reply) => reply.type === 'paymentLink');
  const state = trace && !['(none)', '(unchanged)'].includes(trace.to) ? trace.to : undefined;
  const paid = event.type === 'payment' && trace?.flowEvent === 'paid';
  return {
    ...(texts.length > 0 ? { text: texts } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
    ...(cards.size > 0 ? { cards: [...cards].map(([id, price]) => ({ id, price })) } : { noProducts: true as const }),
    ...(paymentLink ? { paymentLink: true as const } : {}),
    ...(replies.some((reply) => reply.type === 'handoff') ? { handoff: true as const } : {}),
    ...(state ? { state } : {}),
    ...(paymentLink ? { order: 'awaiting_payment' } : paid ? { order: 'paid' } : {}),
  };
}

/** Words of this conversation that differ in a replay: order numbers, the shopper's id. */
function volatileWords(input: SaveAsTestInput): string[] {
  const words = new Set<string>();
  for (const entry of input.entries) {
    if (entry.reply?.type === 'paymentLink') words.add(entry.reply.orderId);
    if (entry.event?.type === 'payment') words.add(entry.event.payment.orderId);
  }
  if (input.user) words.add(input.user);
  return [...words].filter((word) => word.length > 0);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * What a replay may show differently: a URL, anything with a digit in it (order numbers, times, dates,
 * amounts, stock counts) and order-number-like words (`KW-7Q3M-9XKD`).
 */
const volatilePattern = String.raw`https?://\S+|[A-Za-z\p{Nd}_-]*\p{Nd}[A-Za-z\p{Nd}_,.:/-]*|\b[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})+\b`;

/**
 * A piece of `text` a replay shows too: the first stretch of at least 8 characters between its
 * volatile parts (else the longest of at least 3), cut to at most 50 characters; undefined when there is none.
 */
export function distinctivePart(text: string, volatile: readonly string[] = []): string | undefined {
  const pattern = new RegExp(
    [
      ...[...volatile]
        .sort((a, b) => b.length - a.length)
        .map((word) => `(?<![\\p{L}\\p{N}_])${escape(word)}(?![\\p{L}\\p{N}_])`),
      volatilePattern,
    ].join('|'),
    'gu',
  );
  const pieces = text
    .split('\n')
    .flatMap((line) => line.split(pattern))
    .map((piece) =>
      piece
        .replace(/^[\s\p{Pe}\p{Pf}\p{Po}]+/u, '')
        .replace(/[\s\p{Ps}\p{Pi}\p{Sc}]+$/u, '')
        .trim(),
    )
    .filter((piece) => piece !== '' && piece !== '…');
  const length = (piece: string) => [...piece].length;
  const chosen =
    pieces.find((piece) => length(piece) >= 8) ??
    pieces.filter((piece) => length(piece) >= 3).sort((a, b) => length(b) - length(a))[0];
  if (chosen === undefined) return undefined;
  const characters = [...chosen];
  if (characters.length <= 50) return chosen;
  // Cut after the last space or punctuation of the first 50 characters, if it leaves half of them.
  const head = characters.slice(0, 50);
  const cut = head.findLastIndex((character, index) => index >= 25 && /[\s\p{P}]/u.test(character));
  return (cut > 0 ? head.slice(0, /\s/.test(head[cut]!) ? cut : cut + 1) : head).join('').trimEnd();
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
