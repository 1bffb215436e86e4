import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createWhatsAppChannel } from '../../../src/channels/whatsapp/index.js';
import type { ChannelContractHarness, ReceivedButton, ReceivedMessage } from '../../../src/testing/index.js';
import { startFakeGraph } from '../../fakes/meta-graph-api.js';
import { appSecret, failGraphSends, metaWebhook } from './messenger.js';

const phoneNumberId = 'PHONE_ID';

interface Change {
  field: string;
  value: { messages?: Record<string, unknown>[]; statuses?: unknown[] } & Record<string, unknown>;
}

interface CloudApiMessage {
  type: string;
  text?: { body: string };
  image?: { caption?: string };
  interactive?: {
    body?: { text: string };
    action?: {
      buttons?: { reply: { id: string; title: string } }[];
      sections?: { rows: { id: string; title: string }[] }[];
    };
  };
}

/** WhatsApp Cloud API against the local Graph API of test/fakes/meta-graph-api.ts, webhooks from test/fixtures/meta. */
export const whatsappHarness: ChannelContractHarness = {
  async setUp() {
    const graph = await startFakeGraph();
    const adapter = createWhatsAppChannel({
      appSecret,
      accessToken: 'CONTRACT_WA_TOKEN',
      phoneNumberId,
      verifyToken: 'contract-verify',
      graphApiUrl: graph.url,
    });
    const fixture = JSON.parse(readFileSync('test/fixtures/meta/whatsapp-multi.json', 'utf8')) as {
      object: string;
      entry: { id: string; changes: Change[] }[];
    };
    const [entry] = fixture.entry;
    const [messages, statuses] = [
      entry!.changes.find((change) => change.value.messages)!,
      entry!.changes.find((change) => change.value.statuses)!,
    ];
    const post = (change: Change) =>
      metaWebhook('whatsapp', JSON.stringify({ ...fixture, entry: [{ ...entry, changes: [change] }] }));
    return {
      adapter,
      platform: {
        signatureHeaders: ['x-hub-signature-256'],
        textMessage(text) {
          const [first] = messages.value.messages!;
          const message = {
            ...first,
            id: `wamid.${randomUUID().replaceAll('-', '')}`,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: 'text',
            text: { body: text },
          };
          return post({ ...messages, value: { ...messages.value, messages: [message] } });
        },
        // A read receipt (`statuses`) for a message the shop sent: nothing to answer.
        unknownEvent: () => post(statuses),
        signed: (bytes) => metaWebhook('whatsapp', bytes),
        received: () =>
          graph.calls
            .filter((call) => call.path.endsWith(`/${phoneNumberId}/messages`))
            .map((call) => call.body as unknown as CloudApiMessage)
            .map((message): ReceivedMessage => {
              const action = message.interactive?.action;
              const buttons: ReceivedButton[] = [
                ...(action?.buttons ?? []).map(({ reply }) => ({ label: reply.title, payload: reply.id })),
                ...(action?.sections ?? []).flatMap((section) =>
                  section.rows.map((row) => ({ label: row.title, payload: row.id })),
                ),
              ];
              return {
                text: message.text?.body ?? message.interactive?.body?.text ?? message.image?.caption ?? '',
                buttons,
              };
            }),
        failSends: (status, retryAfter) => failGraphSends(graph, status, retryAfter),
      },
      tearDown: () => graph.close(),
    };
  },
};
