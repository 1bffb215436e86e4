import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createKaiwa, runConversationTests, type Kaiwa, type Reply } from 'kaiwajs';
import { parseConversationTest } from '../../src/testing/test-file.js';

// A copy of the example shop inside the repository (its actions.ts resolves `kaiwajs`), on a SQLite file beside it.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'save-as-test-'));
const shop = join(work, 'shop');
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  cpSync('examples/shop', shop, { recursive: true });
  kaiwa = await createKaiwa({
    shopDir: shop,
    env: { DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`, PUBLIC_URL: 'http://kaiwa.test', LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa?.close();
  rmSync(work, { recursive: true, force: true });
});

const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A shopper in one simulator pane, as the page talks to the API: typed text, and buttons pressed by payload with their label. */
function pane(user: string, channel?: string) {
  let last: Reply[] = [];
  const post = async (body: Record<string, string>) => {
    const response = await json('/simulator/api/messages', { user, ...(channel ? { channel } : {}), ...body });
    expect(response.status).toBe(200);
    last = ((await response.json()) as { replies: Reply[] }).replies;
    return last;
  };
  const buttons = (product?: string) =>
    last.flatMap((reply) =>
      reply.type === 'choices' && !product
        ? reply.choices
        : reply.type === 'products'
          ? reply.products.filter((card) => !product || card.id === product).flatMap((card) => card.actions)
          : [],
    );
  return {
    say: (text: string) => post({ text }),
    press: (label: string, product?: string) => {
      const button = buttons(product).find((choice) => choice.label === label);
      if (!button) throw new Error(`no button "${label}" among ${buttons().map((choice) => choice.label)}`);
      return post({ payload: button.payload, text: button.label });
    },
    cards: () => last.flatMap((reply) => (reply.type === 'products' ? reply.products : [])),
    /** Pays the last payment link on the demo checkout, as its Pay button does, and waits for the confirmation. */
    pay: async () => {
      const link = [...last].reverse().find((reply) => reply.type === 'paymentLink');
      if (link?.type !== 'paymentLink') throw new Error('no payment link');
      const url = new URL(link.url);
      const response = await app.request(url.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: url.searchParams.get('token') ?? '',
          amount: String(link.total.amount),
          currency: link.total.currency,
        }).toString(),
      });
      expect(response.status).toBe(200);
      await kaiwa.engine.drain();
      return link.orderId;
    },
  };
}

const save = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  json('/simulator/api/tests', body, headers);
type Saved = { file: string; name: string; steps: number };
type Failure = { error: { code: string; message: string; field?: string } };

describe('Save as test', () => {
  const saved: string[] = [];

  it('saves a conversation with a greeting, a recommendation, add to cart and a demo payment as tests/<name>.yaml', async () => {
    const buyer = pane('buyer');
    await buyer.say('こんにちは');
    await buyer.press('おすすめを見る');
    const second = buyer.cards()[1]!;
    await buyer.press('カートに入れる', second.id);
    await buyer.press('ご購入手続きへ');
    const orderId = await buyer.pay();
    const response = await save({ user: 'buyer', name: '飲み比べセットを買って払う' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Saved;
    expect(body).toEqual({
      file: 'tests/飲み比べセットを買って払う.yaml',
      name: '飲み比べセットを買って払う',
      steps: 5,
    });
    saved.push(body.file);

    const text = readFileSync(join(shop, body.file), 'utf8');
    const test = parseConversationTest(body.file, text);
    expect(test.steps.map((step) => Object.keys(step).find((key) => key !== 'expect'))).toEqual([
      'say',
      'press',
      'press',
      'press',
      'pay',
    ]);
    expect(test.steps[2]!.press).toEqual({ label: 'カートに入れる', product: second.id });
    expect(test.steps[1]!.expect?.cards).toContainEqual({ id: second.id, price: second.price.amount });
    expect(test.steps[3]!.expect).toMatchObject({ paymentLink: true, order: 'awaiting_payment', state: 'checkout' });
    expect(test.steps[4]!.expect).toMatchObject({ order: 'paid', state: 'paid' });
    // Nothing that differs in a replay: the order number, the payment URL and its token.
    expect(text).not.toContain(orderId);
    expect(text).not.toMatch(/token|https?:/);
  });

  it('saves a pane in a channel skin with its channel, pressing the buttons as that channel labels them', async () => {
    const shopper = pane('line-shopper', 'line');
    await shopper.say('please recommend some tea');
    expect(shopper.cards().length).toBeGreaterThan(0);
    await shopper.press('Add to cart', shopper.cards()[0]!.id);
    await shopper.press('View cart');
    const response = await save({
      user: 'line-shopper',
      channel: 'line',
      name: 'LINE: recommends tea, adds it, shows the cart',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Saved;
    expect(body.file).toBe('tests/line-recommends-tea-adds-it-shows-the-cart.yaml');
    saved.push(body.file);
    const test = parseConversationTest(body.file, readFileSync(join(shop, body.file), 'utf8'));
    expect(test.channel).toBe('line');
    expect(test.steps[0]).toMatchObject({ say: 'please recommend some tea' });
  });

  it('passes kaiwa test exactly as saved', { timeout: 120_000 }, async () => {
    expect(saved).toHaveLength(2);
    const outcomes = await runConversationTests(shop);
    for (const file of saved) {
      const outcome = outcomes.find((candidate) => candidate.file.endsWith(file));
      expect(outcome, `${file} among ${outcomes.map((candidate) => candidate.file).join(', ')}`).toBeDefined();
      expect(outcome!.failure).toBeUndefined();
    }
  });

  it('refuses to overwrite a test: 409, and the file is left as it was', async () => {
    const file = join(shop, saved[0]!);
    const before = readFileSync(file, 'utf8');
    const response = await save({ user: 'line-shopper', channel: 'line', name: '飲み比べセットを買って払う' });
    expect(response.status).toBe(409);
    const body = (await response.json()) as Failure;
    expect(body.error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(body.error.message).toContain('tests/飲み比べセットを買って払う.yaml already exists');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('answers 400 for a missing or empty name, a name with no letter, a shopper with no conversation, an unknown channel', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ user: 'buyer' }, 'name'],
      [{ user: 'buyer', name: '   ' }, 'name'],
      [{ user: 'buyer', name: 42 }, 'name'],
      [{ user: 'buyer', name: '!!!' }, 'name'],
      [{ user: 'nobody-here', name: 'empty' }, 'user'],
      [{ user: 'no spaces allowed', name: 'x' }, 'user'],
      [{ user: 'buyer', channel: 'fax', name: 'x' }, 'channel'],
    ];
    for (const [request, field] of cases) {
      const response = await save(request);
      expect(response.status, JSON.stringify(request)).toBe(400);
      expect(((await response.json()) as Failure).error.field).toBe(field);
    }
    const notJson = await app.request('/simulator/api/tests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'name: x',
    });
    expect(notJson.status).toBe(400);
    const tooBig = await save({ user: 'buyer', name: 'x'.repeat(4000) });
    expect(tooBig.status).toBe(413);
    expect(existsSync(join(shop, 'tests', 'empty.yaml'))).toBe(false);
  });

  it('refuses a conversation a test cannot replay (the lang menu), saying which turn and why', async () => {
    const shopper = pane('switcher');
    await shopper.say('こんにちは');
    expect(
      (await json('/simulator/api/messages', { user: 'switcher', payload: 'k1:do:setLocale:en', text: 'English' }))
        .status,
    ).toBe(200);
    const response = await save({ user: 'switcher', name: 'switches language' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as Failure;
    expect(body.error.code).toBe('not_replayable');
    expect(body.error.message).toMatch(/^turn 2 pressed "English"/);
    expect(existsSync(join(shop, 'tests', 'switches-language.yaml'))).toBe(false);
  });

  it('is guarded as the other simulator routes are: a cross-site request is refused and writes nothing', async () => {
    const before = readdirSync(join(shop, 'tests')).length;
    const response = await save({ user: 'buyer', name: 'from elsewhere' }, { origin: 'http://evil.test' });
    expect(response.status).toBe(403);
    expect(readdirSync(join(shop, 'tests')).length).toBe(before);
  });

  it('creates the tests folder when the shop has none', async () => {
    rmSync(join(shop, 'tests'), { recursive: true, force: true });
    const response = await save({ user: 'buyer', name: 'first test' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as Saved).file).toBe('tests/first-test.yaml');
    expect(existsSync(join(shop, 'tests', 'first-test.yaml'))).toBe(true);
  });
});
