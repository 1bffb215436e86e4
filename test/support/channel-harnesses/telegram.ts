import { readFileSync } from 'node:fs';
import { createTelegramChannel } from '../../../src/channels/telegram/index.js';
import type { RawRequest } from '../../../src/core/index.js';
import type { ChannelContractHarness, ReceivedMessage } from '../../../src/testing/index.js';
import { startFakeTelegram } from '../../fakes/telegram-bot-api.js';

const botToken = '123456:CONTRACT-token-abcdefghijklmnop';
const webhookSecret = 'contract-webhook-secret-0123';
const fixture = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/telegram/${name}.json`, 'utf8')) as Record<string, unknown>;

const webhook = (body: Uint8Array | string): RawRequest => ({
  method: 'POST',
  url: 'https://shop.test/webhooks/telegram',
  headers: new Headers({ 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret }),
  body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
});

interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** Telegram against the local Bot API of test/fakes/telegram-bot-api.ts, updates built from test/fixtures/telegram. */
export const telegramHarness: ChannelContractHarness = {
  expectedFailures: {
    // Not an adapter bug: Telegram signs nothing. It echoes the setWebhook secret in a header, and that
    // header is its whole authentication (src/channels/telegram/verify.ts), so a changed body with the
    // right secret is authentic by Telegram's own scheme. Transport security (HTTPS) is what protects the body.
    'tampered-body': 'Telegram signs no body, it only echoes X-Telegram-Bot-Api-Secret-Token',
  },
  async setUp() {
    const fake = await startFakeTelegram();
    const adapter = createTelegramChannel({ botToken, webhookSecret, apiRoot: fake.url });
    let updateId = 900_000_000;
    return {
      adapter,
      platform: {
        signatureHeaders: ['x-telegram-bot-api-secret-token'],
        textMessage(text) {
          const update = fixture('text-ja') as { update_id: number; message: Record<string, unknown> };
          update.update_id = ++updateId;
          update.message = { ...update.message, message_id: updateId, date: Math.floor(Date.now() / 1000), text };
          return webhook(JSON.stringify(update));
        },
        // An edited message: Kaiwa answers what was said, not later edits.
        unknownEvent: () => webhook(JSON.stringify({ ...fixture('edited-message'), update_id: ++updateId })),
        signed: webhook,
        received: () =>
          fake.calls
            .filter((call) => call.method === 'sendMessage' || call.method === 'sendPhoto')
            .map((call): ReceivedMessage => {
              const keyboard = (call.body.reply_markup as { inline_keyboard?: InlineButton[][] } | undefined)
                ?.inline_keyboard;
              return {
                text: String(call.body.text ?? call.body.caption ?? ''),
                buttons: (keyboard ?? []).flat().map((button) => ({
                  label: button.text,
                  ...(button.callback_data !== undefined ? { payload: button.callback_data } : {}),
                })),
              };
            }),
        failSends(status, retryAfter) {
          const description =
            status === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : 'Internal Server Error';
          // The fake answers a queue of failures; more than any send of the contract makes.
          fake.failNext(
            ...Array.from({ length: 50 }, () => ({ status, description, ...(retryAfter ? { retryAfter } : {}) })),
          );
        },
      },
      tearDown: () => fake.close(),
    };
  },
};
