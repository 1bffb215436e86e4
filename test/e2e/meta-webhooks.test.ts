import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeGraph } from '../fakes/meta-graph-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-meta-'));
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
      META_GRAPH_API_URL: graph.url,
      MESSENGER_APP_SECRET: 'm-secret',
      MESSENGER_PAGE_ACCESS_TOKEN: 'PAGE_TOKEN',
      MESSENGER_VERIFY_TOKEN: 'm-verify',
      WHATSAPP_APP_SECRET: 'w-secret',
      WHATSAPP_ACCESS_TOKEN: 'WA_TOKEN',
      WHATSAPP_PHONE_NUMBER_ID: 'PHONE_ID',
      WHATSAPP_VERIFY_TOKEN: 'w-verify',
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

const post = (channel: string, secret: string, body: unknown) => {
  const raw = JSON.stringify(body);
  return app.request(`/webhooks/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    },
    body: raw,
  });
};
const whatsappText = (id: string, from: string, text: string) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: 'W',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { phone_number_id: 'PHONE_ID' },
            messages: [{ from, id, timestamp: '1763802000', type: 'text', text: { body: text } }],
          },
        },
      ],
    },
  ],
});

describe('Meta webhooks end to end', () => {
  it('passes the subscription check for each channel with its own token', async () => {
    expect(
      await (
        await app.request('/webhooks/messenger?hub.mode=subscribe&hub.verify_token=m-verify&hub.challenge=42')
      ).text(),
    ).toBe('42');
    expect(
      (await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=m-verify&hub.challenge=42')).status,
    ).toBe(403);
  });

  it('answers a WhatsApp greeting with reply buttons or a list, once even when redelivered', async () => {
    graph.calls.length = 0;
    expect((await post('whatsapp', 'w-secret', whatsappText('wamid.E2E1', '819011112222', 'こんにちは'))).status).toBe(
      200,
    );
    expect((await post('whatsapp', 'w-secret', whatsappText('wamid.E2E1', '819011112222', 'こんにちは'))).status).toBe(
      200,
    );
    await kaiwa.engine.drain();
    expect(graph.calls).toHaveLength(1);
    expect(graph.calls[0]).toMatchObject({
      path: '/v21.0/PHONE_ID/messages',
      body: {
        to: '819011112222',
        type: 'interactive',
        interactive: { type: 'list', body: { text: expect.stringContaining('いらっしゃいませ') } },
      },
    });
  });

  it('answers Messenger and refuses a body signed with the other app secret', async () => {
    graph.calls.length = 0;
    const body = {
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          messaging: [
            {
              sender: { id: 'PSID_9' },
              recipient: { id: 'P' },
              timestamp: 1763802000000,
              message: { mid: 'm_E2E', text: 'how much is shipping?' },
            },
          ],
        },
      ],
    };
    expect((await post('messenger', 'w-secret', body)).status).toBe(401);
    expect((await post('messenger', 'm-secret', body)).status).toBe(200);
    await kaiwa.engine.drain();
    const texts = graph.calls
      .filter((call) => call.path === '/v21.0/me/messages')
      .map((call) => JSON.stringify(call.body.message));
    expect(texts.some((text) => text.includes('500 yen'))).toBe(true);
  });
});
