import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import type { FlowDiagram } from '../../src/simulator/flow-diagram.js';

let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(() => kaiwa.close());

const send = (user: string, body: Record<string, string>) =>
  app.request('/simulator/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, ...body }),
  });
type Conversation = {
  state: unknown;
  context: { cart: unknown[]; lastRecommendations: string[] } | null;
  messages: { direction: string; trace?: TurnTrace; reply?: { type: string; choices?: unknown[] } }[];
};
const conversation = async (user: string, query = '') =>
  (await (await app.request(`/simulator/api/conversations/${user}${query}`)).json()) as Conversation;

describe('simulator inspector API', () => {
  it('draws the compiled flow: every flow state once, buttons and machine transitions as edges, laid out from the initial state', async () => {
    const diagram = (await (await app.request('/simulator/api/diagram')).json()) as FlowDiagram & { svg: string };
    const ids = diagram.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['welcome', 'recommend', 'cart', 'checkout', 'paid']));
    expect(ids.some((id) => id.startsWith('__'))).toBe(false);
    const welcome = diagram.nodes.find((node) => node.id === 'welcome')!;
    expect(Math.min(...diagram.nodes.map((node) => node.x))).toBe(welcome.x);
    expect(diagram.edges).toContainEqual(expect.objectContaining({ from: 'welcome', to: 'recommend', kind: 'choice' }));
    // A failed checkout (onError in the flow file) goes back to the cart: a transition of the machine itself.
    expect(diagram.edges).toContainEqual({ from: 'checkout', to: 'cart', label: 'error', kind: 'transition' });
    expect(diagram.global).toContainEqual({ event: 'paid', to: 'paid' });
    for (const node of diagram.nodes) expect(node.x + node.width).toBeLessThanOrEqual(diagram.width);
    expect(diagram.svg).toContain('data-state="checkout"');
  });

  it('stores what each turn did with its inbound message: states, flow event and actions with their time', async () => {
    await send('trace-a', { text: 'こんにちは' });
    await send('trace-a', { payload: 'k1:go:recommend', text: 'おすすめを見る' });
    await send('trace-a', { payload: 'k1:do:addToCart:tea-sencha-uji', text: 'カートに入れる' });
    const traces = (await conversation('trace-a')).messages.flatMap((message) =>
      message.trace ? [message.trace] : [],
    );
    expect(traces).toHaveLength(3);
    expect(traces[0]).toMatchObject({ from: null, to: 'welcome' });
    expect(traces[1]).toMatchObject({ from: 'welcome', to: 'recommend', flowEvent: 'go.recommend' });
    expect(traces[1]!.actions.map((action) => action.name)).toContain('recommend');
    expect(traces[2]).toMatchObject({ from: 'recommend', to: 'added', flowEvent: 'addToCart tea-sencha-uji' });
    expect(traces[2]!.actions[0]).toMatchObject({ name: 'addToCart' });
    expect(traces[2]!.ms).toBeGreaterThan(0);
    expect((await conversation('trace-a')).context?.lastRecommendations.length).toBeGreaterThan(0);
  });

  it('shows stored replies as a chosen channel would (its limits), and rejects unknown channels', async () => {
    await send('trace-b', { text: 'こんにちは' });
    const plain = (await conversation('trace-b')).messages.find((message) => message.reply?.type === 'choices')!;
    expect(plain.reply!.choices).toHaveLength(4);
    expect((await app.request('/simulator/api/conversations/trace-b?channel=fax')).status).toBe(400);
    // A channel skin is a conversation on that channel: its replies as the channel shows them, with the adapter's requests.
    await send('trace-b', { text: 'こんにちは', channel: 'messenger' });
    const messenger = await conversation('trace-b', '?channel=messenger');
    expect(messenger.messages.some((message) => (message as { native?: unknown[] }).native?.length)).toBe(true);
    expect(messenger.messages.filter((message) => message.direction === 'out').length).toBeGreaterThan(0);
  });

  it('resets a conversation: the next message starts a new one; its orders stay', async () => {
    await send('trace-c', { text: 'こんにちは' });
    await send('trace-c', { payload: 'k1:do:addToCart:tea-genmaicha', text: 'カートに入れる' });
    const reset = (await (await app.request('/simulator/api/conversations/trace-c', { method: 'DELETE' })).json()) as {
      sessions: number;
      transcript: number;
    };
    expect(reset.sessions).toBe(1);
    expect(reset.transcript).toBeGreaterThan(0);
    expect(await conversation('trace-c')).toMatchObject({ state: null, context: null, messages: [] });
    await send('trace-c', { text: 'こんにちは' });
    const fresh = await conversation('trace-c');
    expect(fresh.context?.cart).toEqual([]);
    expect(fresh.messages.find((message) => message.trace)?.trace?.from).toBeNull();
  });
});
