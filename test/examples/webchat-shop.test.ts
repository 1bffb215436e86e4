import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createKaiwa, type Kaiwa } from 'kaiwajs';
import { ConfigError, readSettings, type ChannelContext } from 'kaiwajs/core';
import { createWebchatChannel, signWebchat } from '../../examples/channels/webchat/index.js';
import { webchatChannel } from '../../examples/channels/webchat/module.js';
import { startFakeWebchat } from '../../examples/channels/webchat/fake-platform.js';

const secret = 'shop-webchat-secret-0123';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-webchat-'));
let fake: Awaited<ReturnType<typeof startFakeWebchat>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fake = await startFakeWebchat(secret);
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    channels: [createWebchatChannel({ secret, apiUrl: fake.url })],
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: string, signature = signWebchat(secret, body)) =>
  app.request('/webhooks/webchat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webchat-signature': signature },
    body,
  });

describe('the webchat example in a whole shop', () => {
  it('answers a signed message with the shop’s greeting, once even when redelivered', async () => {
    const hello = JSON.stringify({ id: 'wc-msg-1', user: 'visitor-1', text: 'hello' });
    expect((await post(hello)).status).toBe(200);
    await kaiwa.engine.drain();
    const greeting = fake.messages.filter((message) => message.to === 'visitor-1');
    expect(greeting.map((message) => message.text).join('\n')).toContain('Welcome to Sawa Tea');
    // The shop's menu arrives as buttons carrying the flow's payloads.
    expect(greeting.flatMap((message) => message.buttons ?? []).length).toBeGreaterThan(0);
    const count = fake.messages.length;
    expect((await post(hello)).status).toBe(200);
    await kaiwa.engine.drain();
    expect(fake.messages.length).toBe(count);
  });

  it('refuses a wrong signature (401) and a malformed body (400), and lists the channel', async () => {
    const body = JSON.stringify({ id: 'wc-msg-2', user: 'visitor-2', text: 'hello' });
    expect((await post(body, signWebchat('another-secret-0000', body))).status).toBe(401);
    expect((await post('{"id": 1}')).status).toBe(400);
    await kaiwa.engine.drain();
    expect(fake.messages.some((message) => message.to === 'visitor-2')).toBe(false);
    expect(kaiwa.app.channelNames).toContain('webchat');
  });
});

describe('the webchat ChannelModule', () => {
  const context: ChannelContext = { checkPayable: async () => ({ ok: true }), log: () => undefined };
  const read = (env: Record<string, string>) => {
    const settings = readSettings(env, 'examples/channels/webchat');
    const adapter = webchatChannel.fromEnv(settings, context);
    return { adapter, done: () => settings.done() };
  };

  it('is off without its variables and on with both', () => {
    expect(read({}).adapter).toBeUndefined();
    const on = read({ WEBCHAT_SECRET: secret, WEBCHAT_API_URL: 'https://chat.example.com/api' });
    expect(on.adapter?.name).toBe('webchat');
    expect(on.done).not.toThrow();
  });

  it('reports every problem by name through the settings reader', () => {
    expect(read({ WEBCHAT_SECRET: secret }).done).toThrow(/Web chat needs WEBCHAT_API_URL/);
    expect(read({ WEBCHAT_SECRET: secret, WEBCHAT_API_URL: 'ftp://x' }).done).toThrow(/WEBCHAT_API_URL: not an http/);
    const short = read({ WEBCHAT_SECRET: 'short', WEBCHAT_API_URL: 'https://chat.example.com' });
    expect(short.adapter).toBeUndefined();
    expect(short.done).toThrow(ConfigError);
    expect(short.done).toThrow(/WEBCHAT_SECRET/);
  });
});
