import { describe, expect, it } from 'vitest';
import type { ChannelLimits, InboundEvent, Reply, TranscriptEntry, TurnTrace } from '../../src/core/index.js';
import {
  conversationTestYaml,
  distinctivePart,
  NotReplayableError,
  testFileName,
} from '../../src/simulator/save-as-test.js';
import { parseConversationTest } from '../../src/testing/test-file.js';

// A transcript as the store holds it: each inbound event with its turn's trace, then the replies sent for it.
const address = { channel: 'simulator', conversationId: 'alice', userId: 'alice' };
let clock = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 9, 0, clock++)).toISOString();
const trace = (to: string, more: Partial<TurnTrace> = {}): TurnTrace => ({
  from: null,
  to,
  actions: [],
  calls: [],
  ms: 1,
  ...more,
});
type EventBody = InboundEvent extends infer E
  ? E extends InboundEvent
    ? Omit<E, 'id' | 'address' | 'receivedAt'>
    : never
  : never;
const inbound = (event: EventBody, turn?: TurnTrace): TranscriptEntry => ({
  direction: 'in',
  at: at(),
  event: { id: `e${clock}`, address, receivedAt: at(), ...event } as InboundEvent,
  ...(turn ? { trace: turn } : {}),
});
const out = (reply: Reply): TranscriptEntry => ({ direction: 'out', at: at(), reply });
const say = (text: string, turn?: TurnTrace) => inbound({ type: 'text', text }, turn);
const press = (payload: string, text: string, turn?: TurnTrace) => inbound({ type: 'postback', payload, text }, turn);
const card = (id: string, amount: number) => ({
  id,
  title: `Tea ${id}`,
  price: { amount, currency: 'JPY' },
  stock: 7,
  reason: 'in stock: 7 left',
  actions: [
    { label: 'Add to cart', payload: `k1:do:addToCart:${id}` },
    { label: 'Details', payload: `k1:do:showProduct:${id}` },
  ],
});

const welcome = out({
  type: 'choices',
  text: 'Welcome to Sawa Tea! Japanese tea, teaware and gifts.',
  choices: [
    { label: 'Show recommendations', payload: 'k1:go:recommend' },
    { label: 'View cart', payload: 'k1:go:cart' },
  ],
});
const purchase: TranscriptEntry[] = [
  say('hello', trace('welcome')),
  welcome,
  press('k1:go:recommend', 'Show recommendations', trace('recommend')),
  out({ type: 'products', products: [card('tea-sencha-uji', 1200), card('gift-tasting-set', 3000)] }),
  out({ type: 'choices', text: 'Anything you like?', choices: [{ label: 'View cart', payload: 'k1:go:cart' }] }),
  press('k1:do:addToCart:gift-tasting-set', 'Add to cart', trace('added')),
  out({ type: 'text', text: 'Added "Tasting set" to your cart (¥3,000).' }),
  out({ type: 'choices', text: 'Anything else?', choices: [{ label: 'Check out', payload: 'k1:go:checkout' }] }),
  press('k1:go:checkout', 'Check out', trace('checkout')),
  out({ type: 'text', text: 'Order KW-7Q3M-9XKD, total ¥3,000. Pay here (valid until 2026/01/01 18:30).' }),
  out({
    type: 'paymentLink',
    orderId: 'KW-7Q3M-9XKD',
    url: 'http://localhost:3000/checkout/demo/KW-7Q3M-9XKD?token=SECRETTOKEN',
    total: { amount: 3000, currency: 'JPY' },
    expiresAt: '2026-01-01T09:30:00.000Z',
  }),
  inbound(
    {
      type: 'payment',
      payment: {
        providerEventId: 'demo:KW-7Q3M-9XKD',
        provider: 'demo',
        orderId: 'KW-7Q3M-9XKD',
        status: 'paid',
        amount: { amount: 3000, currency: 'JPY' },
      },
    },
    trace('paid', { flowEvent: 'paid' }),
  ),
  out({
    type: 'choices',
    text: 'Payment received, thank you! Your order number is KW-7Q3M-9XKD.',
    choices: [{ label: 'Keep shopping', payload: 'k1:go:recommend' }],
    purpose: 'order_update',
  }),
  say('I want to talk to a person', trace('human')),
  out({ type: 'text', text: "I'm connecting you with a member of staff." }),
  out({ type: 'handoff', reason: 'asked for a person' }),
  out({ type: 'text', text: 'Hello, this is Aiko from the shop.', purpose: 'agent' }),
];

const parse = (yaml: string) => parseConversationTest('saved.yaml', yaml, { channels: new Set(['line', 'telegram']) });

describe('conversationTestYaml', () => {
  it('makes one step per shopper turn, expecting what the bot answered in it', () => {
    const yaml = conversationTestYaml({ name: 'Buys a tasting set and pays', entries: purchase, user: 'alice' });
    const test = parse(yaml);
    expect(test.name).toBe('Buys a tasting set and pays');
    expect(test.channel).toBeUndefined();
    expect(test.steps).toEqual([
      {
        say: 'hello',
        expect: {
          text: ['Welcome to Sawa Tea! Japanese tea, teaware and'],
          buttons: ['Show recommendations', 'View cart'],
          noProducts: true,
          state: 'welcome',
        },
      },
      {
        press: 'Show recommendations',
        expect: {
          text: ['Anything you like?'],
          buttons: ['Add to cart', 'Details', 'View cart'],
          cards: [
            { id: 'tea-sencha-uji', price: 1200 },
            { id: 'gift-tasting-set', price: 3000 },
          ],
          state: 'recommend',
        },
      },
      {
        // Both cards offer "Add to cart": the product says which.
        press: { label: 'Add to cart', product: 'gift-tasting-set' },
        expect: {
          text: ['Added "Tasting set" to your cart', 'Anything else?'],
          buttons: ['Check out'],
          noProducts: true,
          state: 'added',
        },
      },
      {
        press: 'Check out',
        expect: {
          text: ['Pay here (valid until'],
          noProducts: true,
          paymentLink: true,
          state: 'checkout',
          order: 'awaiting_payment',
        },
      },
      {
        pay: true,
        expect: {
          text: ['Payment received, thank you! Your order number is'],
          buttons: ['Keep shopping'],
          noProducts: true,
          state: 'paid',
          order: 'paid',
        },
      },
      {
        // A person's reply from the inbox is not the bot's: no test sends it.
        say: 'I want to talk to a person',
        expect: {
          text: ["I'm connecting you with a member of staff."],
          noProducts: true,
          handoff: true,
          state: 'human',
        },
      },
    ]);
    expect(yaml).toMatch(/^# Saved from the simulator \(shopper alice\)/);
  });

  it('asserts nothing volatile: no order number, payment URL or token, time, or figure in a text', () => {
    const yaml = conversationTestYaml({ name: 'volatile', entries: purchase });
    for (const volatile of ['KW-7Q3M-9XKD', 'token', 'SECRET', 'http', '18:30', '2026', '3,000', 'expiresAt', 'Aiko'])
      expect(yaml).not.toContain(volatile);
    expect(parse(yaml).steps.map((step) => step.expect?.paymentLink)).toContain(true);
  });

  it('with a channel skin, names the channel and checks the replies as that channel shows them', () => {
    const limits: ChannelLimits = {
      maxTextLength: 1000,
      maxButtons: 13,
      maxButtonLabel: 8,
      maxCarouselCards: 10,
      maxCardActions: 1,
    };
    const yaml = conversationTestYaml({
      name: 'LINE labels',
      channel: 'line',
      limits,
      entries: purchase.slice(0, 6),
      user: 'alice',
    });
    const test = parse(yaml);
    expect(test.channel).toBe('line');
    expect(yaml).toContain('(shopper alice, line skin)');
    // Labels shortened to 8 characters; the cards' second action moved to buttons named after their card.
    expect(test.steps[0]).toMatchObject({ expect: { buttons: ['Show re…', 'View ca…'] } });
    expect(test.steps[1]).toMatchObject({ press: 'Show re…' });
    expect(test.steps[1]!.expect!.buttons).toEqual(['Add to …', 'Tea tea…', 'Tea gif…', 'View ca…']);
    expect(test.steps[2]).toMatchObject({ press: { label: 'Add to …', product: 'gift-tasting-set' } });
  });

  it('checks nothing in a turn answered by a model (kaiwa test runs offline), and says so', () => {
    const entries = [
      say('hello', trace('welcome')),
      welcome,
      say(
        'something for my grandmother',
        trace('recommend', { calls: [{ kind: 'llm', name: 'recommend', ms: 900, outcome: 'ok' }] }),
      ),
      out({ type: 'products', products: [card('gift-sakura-set', 4800)] }),
    ];
    const yaml = conversationTestYaml({ name: 'model', entries });
    expect(parse(yaml).steps[1]).toEqual({ say: 'something for my grandmother' });
    expect(yaml).toContain('# answered with a model (recommend); kaiwa test runs offline, so nothing is checked here');
  });

  it('refuses a conversation the format cannot replay, naming the turn', () => {
    const fails = (entries: TranscriptEntry[]) => {
      try {
        conversationTestYaml({ name: 'x', entries });
      } catch (error) {
        expect(error).toBeInstanceOf(NotReplayableError);
        return error as NotReplayableError;
      }
      throw new Error('expected NotReplayableError');
    };
    const language = fails([
      say('hello', trace('welcome')),
      welcome,
      press('k1:do:setLocale:ja', '日本語', trace('welcome')),
    ]);
    expect(language.turn).toBe(2);
    expect(language.message).toMatch(
      /turn 2 pressed "日本語" \(k1:do:setLocale:ja\), which no reply of the turn before/,
    );
    expect(language.message).toContain('type in that language');
    // A button of an older message: a test presses only the previous step's buttons.
    expect(
      fails([
        say('hello', trace('welcome')),
        welcome,
        say('hi again', trace('welcome')),
        out({ type: 'text', text: 'Hi!' }),
        press('k1:go:cart', 'View cart'),
      ]).turn,
    ).toBe(3);
    expect(fails([press('k1:go:cart', 'View cart')]).message).toMatch(/^turn 1 pressed/);
    const payment = purchase[11]!;
    expect(fails([say('hello', trace('welcome')), welcome, payment]).message).toMatch(/sent no payment link/);
    expect(fails([]).message).toMatch(/no message from the shopper/);
  });
});

describe('testFileName', () => {
  it('is the name in lower case, letters and digits joined by dashes, .yaml', () => {
    expect(testFileName('Buys tea & pays!')).toBe('buys-tea-pays.yaml');
    expect(testFileName('  日本語で買って払う ')).toBe('日本語で買って払う.yaml');
    expect(testFileName('Ｆｕｌｌ　ｗｉｄｔｈ 12')).toBe('full-width-12.yaml');
    expect(testFileName('../../etc/passwd')).toBe('etc-passwd.yaml');
    expect(testFileName('!!! ...')).toBeUndefined();
    const long = testFileName('a'.repeat(59) + ' b c d')!;
    expect(long).toBe(`${'a'.repeat(59)}.yaml`);
  });
});

describe('distinctivePart', () => {
  it('is a stretch of the text between its volatile parts, cut at a word or punctuation', () => {
    expect(
      distinctivePart(
        'ご注文番号 KW-7Q3M-9XKD、合計 ￥3,000 です。こちらからお支払いください（2026/12/03 17:27まで有効）。',
      ),
    ).toBe('です。こちらからお支払いください');
    expect(distinctivePart('See https://shop.test/x?token=abc for details of your order')).toBe(
      'for details of your order',
    );
    expect(distinctivePart('Order KWAB-CDEF is on its way to you')).toBe('is on its way to you');
    expect(distinctivePart('Hi alice, welcome back to the shop', ['alice'])).toBe('welcome back to the shop');
    expect(distinctivePart('KW-7Q3M-9XKD')).toBeUndefined();
    expect(distinctivePart('The quick brown fox jumps over the lazy dog and runs far away')).toBe(
      'The quick brown fox jumps over the lazy dog and',
    );
  });
});
