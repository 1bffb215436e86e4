import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInstagramReplies, splitUtf8 } from '../../../src/channels/instagram/render.js';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';
import { createApp } from '../../../src/server/app.js';
import { startFakeGraph } from '../../fakes/meta-graph-api.js';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('Instagram rendering', () => {
  it('splits text by UTF-8 bytes, never inside a character, losing nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1500 }), fc.integer({ min: 8, max: 1000 }), (text, max) => {
        const pieces = splitUtf8(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) expect(bytes(piece)).toBeLessThanOrEqual(max);
      }),
      { numRuns: 1000 },
    );
    // Found by this property in CI: after cutting at a break, the rest plus the next character (here a 2-byte NBSP) can still be too long.
    for (const piece of splitUtf8(' 𐀀𐀀\u00a0', 9)) expect(bytes(piece)).toBeLessThanOrEqual(9);
    const japanese = 'お茶'.repeat(400); // 2400 bytes
    const pieces = splitUtf8(japanese);
    expect(pieces.length).toBe(3);
    expect(pieces.every((piece) => bytes(piece) <= 1000)).toBe(true);
  });

  it('puts quick replies on the last piece of a long Japanese question', () => {
    const messages = renderInstagramReplies([
      { type: 'choices', text: '緑茶'.repeat(300), choices: [{ label: 'はい', payload: 'k1:go:yes' }] },
    ]);
    expect(messages.length).toBe(2);
    expect(messages[0]).not.toHaveProperty('quick_replies');
    expect(messages[1]).toMatchObject({
      quick_replies: [{ content_type: 'text', title: 'はい', payload: 'k1:go:yes' }],
    });
  });

  it('sends a payment link as a one-element generic template (Instagram has no button template)', () => {
    const [message] = renderInstagramReplies([
      { type: 'paymentLink', orderId: 'KW-1', url: 'https://pay.test/x', total: { amount: 3240, currency: 'JPY' } },
    ]);
    expect(message).toMatchObject({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: [{ buttons: [{ type: 'web_url', url: 'https://pay.test/x' }] }],
        },
      },
    });
    expect(JSON.stringify(message)).toContain('3,240');
  });
});

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-ig-'));
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  graph = await startFakeGraph();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      INSTAGRAM_APP_SECRET: 'ig-secret',
      INSTAGRAM_ACCESS_TOKEN: 'IG_PAGE_TOKEN',
      INSTAGRAM_VERIFY_TOKEN: 'ig-verify',
      META_GRAPH_API_URL: graph.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, secret = 'ig-secret') => {
  const raw = JSON.stringify(body);
  return app.request('/webhooks/instagram', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    },
    body: raw,
  });
};
const dm = (mid: string, text: string) => ({
  object: 'instagram',
  entry: [
    {
      id: 'IG_ACCOUNT',
      time: 1763802000000,
      messaging: [
        {
          sender: { id: 'IGSID_1' },
          recipient: { id: 'IG_ACCOUNT' },
          timestamp: 1763802000000,
          message: { mid, text },
        },
      ],
    },
  ],
});

describe('Instagram Direct end to end', () => {
  it('passes the subscription check with its own verify token only', async () => {
    expect(
      await (
        await app.request('/webhooks/instagram?hub.mode=subscribe&hub.verify_token=ig-verify&hub.challenge=7')
      ).text(),
    ).toBe('7');
    expect(
      (await app.request('/webhooks/instagram?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=7')).status,
    ).toBe(403);
  });

  it('answers a signed DM once through /me/messages with the Page token, even when redelivered', async () => {
    expect((await post(dm('aWdfZAG1_1', 'how much is shipping?'))).status).toBe(200);
    expect((await post(dm('aWdfZAG1_1', 'how much is shipping?'))).status).toBe(200);
    await kaiwa.engine.drain();
    const sent = graph.calls.filter((call) => call.path === '/v21.0/me/messages');
    expect(sent.length).toBeGreaterThan(0);
    expect(
      sent.every(
        (call) =>
          call.authorization === 'Bearer IG_PAGE_TOKEN' && (call.body.recipient as { id: string }).id === 'IGSID_1',
      ),
    ).toBe(true);
    expect(JSON.stringify(sent.map((call) => call.body.message))).toContain('500 yen');
    const count = sent.length;
    await post(dm('aWdfZAG1_1', 'how much is shipping?'));
    await kaiwa.engine.drain();
    expect(graph.calls.filter((call) => call.path === '/v21.0/me/messages').length).toBe(count);
  });

  it('refuses a wrong signature (401) and a Messenger body on the Instagram route (400)', async () => {
    expect((await post(dm('aWdfZAG1_2', 'hi'), 'other-secret')).status).toBe(401);
    const page = { ...dm('aWdfZAG1_3', 'hi'), object: 'page' };
    expect((await post(page)).status).toBe(400);
  });
});
