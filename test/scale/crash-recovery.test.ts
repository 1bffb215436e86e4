import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

// Real processes: `kaiwa start` twice on one PostgreSQL; one is SIGKILLed under load and restarted.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_crash_${Date.now().toString(36)}${process.pid}`;
const secret = 'crash-webhook-secret-0123';
const ports = [30_000 + (process.pid % 2000) * 2, 30_001 + (process.pid % 2000) * 2];
const conversations = 40;
const messagesEach = 15;

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
const processes: (ChildProcess | undefined)[] = [];

function startInstance(index: number): Promise<void> {
  const child = spawn(process.execPath, ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop'], {
    env: {
      ...process.env,
      PORT: String(ports[index]),
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      DEMO_PAYMENT_SECRET: 'crash-demo-secret-0123456789',
      TELEGRAM_BOT_TOKEN: '123456:CRASH-token-abcdefghijklmnop',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: fake.url,
      SEND_RATE_LIMITS: '0',
      OUTBOX_LEASE_SECONDS: '2',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  processes[index] = child;
  return waitHealthy(index);
}

async function waitHealthy(index: number): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${ports[index]}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`instance ${index} did not start`);
}

beforeAll(async () => {
  fake = await startFakeTelegram();
  await startInstance(0);
  await startInstance(1);
}, 60_000);
afterAll(async () => {
  for (const child of processes) child?.kill('SIGKILL');
  await fake?.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** A platform that retries until it gets a 200, switching instance on failure, as Telegram does. */
async function deliver(preferred: number, updateId: number, chat: number, text: string): Promise<number> {
  const body = JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chat, is_bot: false, first_name: 'S' },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text,
    },
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    const instance = (preferred + attempt) % 2;
    try {
      const response = await fetch(`http://127.0.0.1:${ports[instance]}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 200) return attempt + 1;
    } catch {
      // the instance is down or died mid-request: not acknowledged, so deliver again
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`update ${updateId} was never acknowledged`);
}

describe('crash recovery', () => {
  it('SIGKILL of an instance under load: every acknowledged webhook is answered, in order, nothing lost, re-sends bounded', async () => {
    let sent = 0;
    const conversation = async (chat: number) => {
      for (let message = 0; message < messagesEach; message++) {
        await deliver(chat + message, chat * 1000 + message, chat, `m${message}`);
        // Telegram also redelivers acknowledged updates now and then.
        if ((chat + message) % 5 === 0) await deliver(chat + message + 1, chat * 1000 + message, chat, `m${message}`);
        sent++;
      }
    };
    const load = Promise.all(Array.from({ length: conversations }, (_, index) => conversation(8_000_000 + index)));
    while (sent < (conversations * messagesEach) / 3) await new Promise((resolve) => setTimeout(resolve, 10));
    processes[0]!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await startInstance(0);
    await load;

    const expected = Array.from({ length: messagesEach }, (_, message) => `echo: m${message}`);
    const replies = () => {
      const byChat = new Map<string, string[]>();
      for (const call of fake.calls)
        byChat.set(String(call.body.chat_id), [
          ...(byChat.get(String(call.body.chat_id)) ?? []),
          String(call.body.text),
        ]);
      return byChat;
    };
    for (let wait = 0; wait < 100 && fake.calls.length < conversations * messagesEach; wait++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a lease (2 s) for anything a dead drainer held
    const byChat = replies();
    for (let index = 0; index < conversations; index++) {
      // Strip a reply repeated back to back: a send the SIGKILL caught after Telegram accepted it but
      // before the outbox row was marked sent. Telegram has no idempotency key, so that last hop is
      // at-least-once; the duplicate can only be the same reply again, right after itself.
      const got = (byChat.get(String(8_000_000 + index)) ?? []).filter(
        (text, position, all) => text !== all[position - 1],
      );
      expect(got, `chat ${8_000_000 + index}`).toEqual(expected);
    }
    // Bounded by the sends one drainer has in flight at once (its batch of 50), never more.
    const duplicates = fake.calls.length - conversations * messagesEach;
    expect(duplicates).toBeLessThanOrEqual(50);
    console.log(
      `crash recovery: ${conversations * messagesEach} replies expected, ${duplicates} re-sent after the SIGKILL`,
    );
  }, 120_000);
});
