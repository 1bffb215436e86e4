import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBotFrameworkReplies } from '../../../src/channels/botframework/render.js';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';
import { createApp } from '../../../src/server/app.js';
import { startFakeBotFramework } from '../../fakes/botframework.js';

const appId = '00000000-1111-2222-3333-444444444444';
const appPassword = 'test-client-secret';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-bf-'));
let fake: Awaited<ReturnType<typeof startFakeBotFramework>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fake = await startFakeBotFramework({ appId, appPassword });
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      MICROSOFT_APP_ID: appId,
      MICROSOFT_APP_PASSWORD: appPassword,
      BOTFRAMEWORK_LOGIN_URL: fake.loginUrl,
      BOTFRAMEWORK_OPENID_METADATA_URL: fake.openIdMetadataUrl,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const activity = (id: string, extra: Record<string, unknown>) => ({
  type: 'message',
  id,
  timestamp: '2026-11-22T10:00:00.000Z',
  channelId: 'webchat',
  serviceUrl: fake.url,
  locale: 'en-US',
  from: { id: 'user-1', name: 'Aiko' },
  recipient: { id: appId, name: 'Sawa Tea' },
  conversation: { id: 'conv-1|livechat' },
  ...extra,
});
const post = (body: unknown, token?: string) =>
  app.request('/webhooks/botframework', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

describe('Bot Framework rendering', () => {
  it('renders choices as messageBack suggested actions and products as a hero-card carousel', () => {
    const [choices, products] = renderBotFrameworkReplies([
      { type: 'choices', text: 'Pick one', choices: [{ label: 'View cart', payload: 'k1:do:showCart' }] },
      {
        type: 'products',
        products: [
          {
            id: 'p1',
            title: 'Sencha',
            price: { amount: 1200, currency: 'JPY' },
            stock: 2,
            reason: 'Fresh',
            actions: [{ label: 'Add', payload: 'k1:do:addToCart:p1' }],
          },
        ],
      },
    ]);
    expect(choices).toEqual({
      type: 'message',
      text: 'Pick one',
      suggestedActions: {
        actions: [
          {
            type: 'messageBack',
            title: 'View cart',
            text: 'View cart',
            displayText: 'View cart',
            value: { kaiwa: 'k1:do:showCart' },
          },
        ],
      },
    });
    expect(products).toMatchObject({
      attachmentLayout: 'carousel',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.hero',
          content: { title: 'Sencha', subtitle: '￥1,200', text: 'Fresh' },
        },
      ],
    });
  });
});

describe('Bot Framework end to end', () => {
  it('refuses requests without a token, with a forged one, or for another app id (401), storing nothing', async () => {
    const body = activity('a0', { text: 'hello' });
    expect((await post(body)).status).toBe(401);
    expect((await post(body, `${fake.channelToken(fake.url).slice(0, -4)}AAAA`)).status).toBe(401);
    expect((await post(body, fake.channelToken(fake.url, { aud: 'another-app' }))).status).toBe(401);
    expect((await post(body, fake.channelToken('https://evil.example'))).status).toBe(401);
    await kaiwa.engine.drain();
    expect(fake.calls).toHaveLength(0);
  });

  it('answers a signed message through the connector with the bot token, once even when redelivered', async () => {
    const body = activity('a1', { text: 'Hello' });
    expect((await post(body, fake.channelToken(fake.url))).status).toBe(200);
    expect((await post(body, fake.channelToken(fake.url))).status).toBe(200);
    await kaiwa.engine.drain();
    expect(fake.calls.length).toBeGreaterThan(0);
    const menu = fake.calls.find((call) => call.body.suggestedActions);
    expect(menu?.path).toBe('/v3/conversations/conv-1|livechat/activities');
    expect(menu?.authorization).toBe('Bearer bf-access-token');
    expect(String(menu?.body.text)).toContain('Welcome to');
    expect(fake.tokenRequests[0]?.get('scope')).toBe('https://api.botframework.com/.default');
    const count = fake.calls.length;
    // A pressed suggested action comes back with our payload in value.kaiwa.
    const pressed = (menu?.body.suggestedActions as { actions: { value: { kaiwa: string } }[] }).actions[2]?.value;
    expect(
      (await post(activity('a2', { text: 'View cart', value: pressed }), fake.channelToken(fake.url))).status,
    ).toBe(200);
    await kaiwa.engine.drain();
    expect(fake.calls.length).toBeGreaterThan(count);
    expect(JSON.stringify(fake.calls.at(-1)?.body)).toContain('empty');
  });

  it('a throttled connector delays the reply (Retry-After honoured), neither losing nor doubling it', async () => {
    const before = fake.calls.length;
    fake.failNext(429);
    const started = Date.now();
    expect((await post(activity('a3', { text: 'how much is shipping?' }), fake.channelToken(fake.url))).status).toBe(
      200,
    );
    for (let i = 0; i < 30 && !JSON.stringify(fake.calls.slice(before)).includes('500 yen'); i++) {
      await kaiwa.engine.drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const answers = fake.calls.slice(before).filter((call) => JSON.stringify(call.body).includes('500 yen'));
    expect(answers).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('Bot Framework Emulator mode (no app id)', () => {
  it('serves a loopback client without a token and refuses anyone else', async () => {
    const emulatorDir = mkdtempSync(join(tmpdir(), 'kaiwa-bf-emu-'));
    const local = await createKaiwa({
      shopDir: 'examples/shop',
      env: {
        DATABASE_URL: `sqlite://${join(emulatorDir, 'kaiwa.db')}`,
        LOG_LEVEL: 'silent',
        BOTFRAMEWORK_EMULATOR: '1',
      },
      log: () => undefined,
    });
    const localApp = createApp(local.app);
    // Through app.request the peer address is unknown: refused, as any non-loopback peer would be.
    expect(
      (
        await localApp.request('/webhooks/botframework', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity('e0', { text: 'hi' })),
        })
      ).status,
    ).toBe(401);
    const server = serve({ fetch: localApp.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/botframework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('e1', { text: 'hi' })),
    });
    expect(response.status).toBe(200);
    await local.engine.drain();
    expect(fake.calls.some((call) => call.authorization === undefined && call.path.includes('conv-1'))).toBe(true);
    // Behind a same-host proxy every client is a loopback peer: a proxy header means "not the Emulator".
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const proxied = await fetch(`http://127.0.0.1:${port}/webhooks/botframework`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [header]: '203.0.113.9' },
        body: JSON.stringify(activity(`p-${header}`, { text: 'hi' })),
      });
      expect(proxied.status, header).toBe(401);
    }
    // Replies go to the activity's serviceUrl: one that is not this machine would be request forgery.
    const before = fake.calls.length;
    const forged = await fetch(`http://127.0.0.1:${port}/webhooks/botframework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('e2', { text: 'hi', serviceUrl: 'http://169.254.169.254/latest/' })),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(
      /serviceUrl is not a loopback address/,
    );
    await local.engine.drain();
    expect(fake.calls.length).toBe(before);
    await new Promise((resolve) => server.close(resolve));
    await local.close();
    rmSync(emulatorDir, { recursive: true, force: true });
  });
});
