import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWhatsAppWebChannel,
  type WhatsAppWebClient,
  type WhatsAppWebMessage,
} from '../../../src/channels/whatsapp-web/index.js';
import { parseWhatsAppWebMessage } from '../../../src/channels/whatsapp-web/parse.js';
import { renderWhatsAppWebReplies } from '../../../src/channels/whatsapp-web/render.js';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';

/**
 * whatsapp-web.js cannot reach WhatsApp here, so this stands in for its Client: the same events
 * ('qr', 'ready', 'message') in, the same `sendMessage(chatId, content, options)` out.
 */
class FakeWhatsAppWebClient extends EventEmitter implements WhatsAppWebClient {
  sent: { chatId: string; content: unknown; options?: { caption?: string; linkPreview?: boolean } }[] = [];
  initialized = false;
  destroyed = false;
  private next = 1;
  async initialize(): Promise<void> {
    this.initialized = true;
    this.emit('qr', '2@fake-qr');
    this.emit('ready');
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
  }
  async sendMessage(chatId: string, content: unknown, options?: { caption?: string; linkPreview?: boolean }) {
    this.sent.push({ chatId, content, ...(options ? { options } : {}) });
    return { id: { _serialized: `true_${chatId}_SENT${this.next++}` } };
  }
  receive(message: Partial<WhatsAppWebMessage> & { body: string }): void {
    this.emit('message', {
      id: { _serialized: `false_${message.from ?? '819011112222@c.us'}_${Math.random()}` },
      from: '819011112222@c.us',
      fromMe: false,
      type: 'chat',
      timestamp: 1763802000,
      ...message,
    });
  }
}

describe('WhatsApp Web message mapping', () => {
  it('maps chats, locations and media, and ignores our own messages and status updates', () => {
    const base = {
      id: { _serialized: 'false_819011112222@c.us_A' },
      from: '819011112222@c.us',
      fromMe: false,
      timestamp: 1763802000,
      body: '',
    };
    expect(parseWhatsAppWebMessage({ ...base, type: 'chat', body: 'こんにちは' })).toMatchObject({
      id: 'false_819011112222@c.us_A',
      type: 'text',
      text: 'こんにちは',
      locale: 'ja',
      address: { channel: 'whatsapp-web', conversationId: '819011112222@c.us' },
      receivedAt: '2025-11-22T09:00:00.000Z',
    });
    expect(
      parseWhatsAppWebMessage({ ...base, type: 'location', location: { latitude: '35.68', longitude: '139.76' } }),
    ).toMatchObject({ type: 'location', latitude: 35.68, longitude: 139.76 });
    expect(parseWhatsAppWebMessage({ ...base, type: 'ptt' })).toMatchObject({ type: 'media', media: 'audio' });
    expect(parseWhatsAppWebMessage({ ...base, type: 'chat', body: 'hi', fromMe: true })).toBeUndefined();
    expect(parseWhatsAppWebMessage({ ...base, from: 'status@broadcast', type: 'chat', body: 'hi' })).toBeUndefined();
    expect(
      parseWhatsAppWebMessage({ ...base, from: '120363@g.us', author: '447700900123@c.us', type: 'chat', body: 'hi' }),
    ).toMatchObject({ address: { conversationId: '120363@g.us', userId: '447700900123@c.us' } });
    expect(
      parseWhatsAppWebMessage({ ...base, from: '447700900123@c.us', type: 'chat', body: 'hi' }),
    ).not.toHaveProperty('locale');
  });

  it('numbers card actions, then choices, in the order the runtime reads typed numbers', () => {
    const messages = renderWhatsAppWebReplies([
      {
        type: 'products',
        products: [
          {
            id: 'p1',
            title: 'Sencha',
            price: { amount: 1200, currency: 'JPY' },
            stock: 3,
            actions: [{ label: 'Add', payload: 'k1:do:addToCart:p1' }],
          },
        ],
      },
      { type: 'choices', text: 'Anything else?', choices: [{ label: 'View cart', payload: 'k1:do:showCart' }] },
    ]);
    expect(messages).toEqual([
      { kind: 'text', text: '*Sencha*\n￥1,200\n*1.* Add' },
      { kind: 'text', text: 'Anything else?\n\n*2.* View cart' },
    ]);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-wweb-'));
const client = new FakeWhatsAppWebClient();
const sessionEvents: string[] = [];
let kaiwa: Kaiwa;
beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    channels: [
      createWhatsAppWebChannel({
        open: async () => ({ client }),
        onSession: (event) => void sessionEvents.push(event),
      }),
    ],
    log: () => undefined,
  });
  kaiwa.start();
});
afterAll(async () => {
  await kaiwa.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('WhatsApp Web through the engine', () => {
  it('opens the session on start and answers a greeting with numbered choices; a typed number picks one', async () => {
    await until(() => client.initialized);
    expect(sessionEvents).toEqual(['qr', 'ready']);
    client.receive({ body: 'こんにちは' });
    await until(() => client.sent.length > 0);
    const menu = String(client.sent[0]?.content);
    expect(menu).toContain('いらっしゃいませ');
    expect(menu).toMatch(/\*1\.\* /);
    expect(client.sent[0]).toMatchObject({ chatId: '819011112222@c.us', options: { linkPreview: false } });
    const before = client.sent.length;
    expect(menu).toContain('*3.* カートを見る');
    client.receive({ body: '3' }); // the third numbered choice: the (empty) cart
    await until(() => client.sent.length > before);
    expect(String(client.sent.at(-1)?.content)).toContain('カートは空');
  });

  it('handles one redelivered message id once', async () => {
    const before = client.sent.length;
    const message = {
      id: { _serialized: 'false_819011112222@c.us_DUP' },
      from: '819011112222@c.us',
      fromMe: false,
      type: 'chat',
      timestamp: 1763802100,
      body: '送料はいくら？',
    };
    client.emit('message', message);
    client.emit('message', message);
    await until(() => client.sent.length > before);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await kaiwa.engine.drain();
    const answers = client.sent.slice(before).filter((sent) => String(sent.content).includes('500円'));
    expect(answers).toHaveLength(1);
  });
});
