import { describe, expect, it } from 'vitest';
import { parseMessengerRequest } from '../../../src/channels/messenger/parse.js';
import { parseWhatsAppRequest } from '../../../src/channels/whatsapp/parse.js';
import type { RawRequest } from '../../../src/core/index.js';

const request = (body: unknown): RawRequest => ({
  method: 'POST',
  url: 'https://shop.test/webhooks/x',
  headers: new Headers({ 'content-type': 'application/json' }),
  body: new TextEncoder().encode(JSON.stringify(body)),
});

const ourApp = '1517776481860111';
const pageInbox = 263902037430900;

/** A `message_echoes` item as Meta posts it: the page is the sender, the shopper the recipient. */
const echo = (message: Record<string, unknown>, object: 'page' | 'instagram' = 'page') =>
  request({
    object,
    entry: [
      {
        id: 'PAGE_ID',
        time: 1763802010000,
        messaging: [
          {
            sender: { id: 'PAGE_ID' },
            recipient: { id: 'PSID_1' },
            timestamp: 1763802010000,
            message: { mid: 'm_OWNER_1', is_echo: true, ...message },
          },
        ],
      },
    ],
  });

describe('Messenger and Instagram echoes', () => {
  it('an echo another app sent (the Page inbox) is an owner reply in the shopper’s conversation, keyed by its mid', () => {
    expect(
      parseMessengerRequest(echo({ app_id: pageInbox, text: '店主です。在庫あります！' }), 'page', { appId: ourApp }),
    ).toEqual([
      {
        id: 'm_OWNER_1',
        address: { channel: 'messenger', conversationId: 'PSID_1', userId: 'PSID_1' },
        receivedAt: '2025-11-22T09:00:10.000Z',
        raw: expect.any(Object),
        type: 'ownerReply',
        text: '店主です。在庫あります！',
      },
    ]);
    const [instagram] = parseMessengerRequest(
      echo(
        { app_id: String(pageInbox), attachments: [{ type: 'image', payload: { url: 'https://x.test/a.jpg' } }] },
        'instagram',
      ),
      'instagram',
      { appId: ourApp },
    );
    expect(instagram).toMatchObject({
      type: 'ownerReply',
      address: { channel: 'instagram', conversationId: 'PSID_1' },
    });
    expect(instagram).not.toHaveProperty('text');
  });

  it('never takes an echo of our own send for an owner reply, nor an echo it cannot attribute', () => {
    // Our app's id, as a number or a string.
    expect(parseMessengerRequest(echo({ app_id: Number(ourApp), text: 'Welcome' }), 'page', { appId: ourApp })).toEqual(
      [],
    );
    expect(parseMessengerRequest(echo({ app_id: ourApp, text: 'Welcome' }), 'page', { appId: ourApp })).toEqual([]);
    // No app_id on the echo, or our app id unknown: nothing tells the two apart.
    expect(parseMessengerRequest(echo({ text: 'Welcome' }), 'page', { appId: ourApp })).toEqual([]);
    expect(parseMessengerRequest(echo({ app_id: pageInbox, text: 'hi' }), 'page')).toEqual([]);
  });
});

describe('WhatsApp smb_message_echoes (Coexistence)', () => {
  const webhook = (echoes: Record<string, unknown>[]) =>
    request({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA_ID',
          changes: [
            {
              field: 'smb_message_echoes',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '81300000000', phone_number_id: 'PHONE_ID' },
                message_echoes: echoes,
              },
            },
          ],
        },
      ],
    });

  it('a message sent from the WhatsApp Business app is an owner reply in the customer’s conversation', () => {
    expect(
      parseWhatsAppRequest(
        webhook([
          {
            from: '81300000000',
            to: '819012345678',
            id: 'wamid.OWNER1',
            timestamp: '1763802010',
            type: 'text',
            text: { body: 'はい、明日発送します' },
          },
          {
            from: '81300000000',
            to: '+819012345678',
            id: 'wamid.OWNER2',
            timestamp: '1763802011',
            type: 'image',
            image: { caption: '新商品' },
          },
        ]),
      ),
    ).toEqual([
      {
        id: 'wamid.OWNER1',
        address: { channel: 'whatsapp', conversationId: '819012345678', userId: '819012345678' },
        receivedAt: '2025-11-22T09:00:10.000Z',
        raw: expect.any(Object),
        type: 'ownerReply',
        text: 'はい、明日発送します',
      },
      expect.objectContaining({
        id: 'wamid.OWNER2',
        address: { channel: 'whatsapp', conversationId: '819012345678', userId: '819012345678' },
        type: 'ownerReply',
        text: '新商品',
      }),
    ]);
  });
});
