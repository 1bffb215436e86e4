import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

export interface TestShop {
  kaiwa: Kaiwa;
  app: ReturnType<typeof createApp>;
  dataDir: string;
  say(user: string, text: string, channel?: string): Promise<Reply[]>;
  press(user: string, payload: string): Promise<Reply[]>;
  transcript(user: string): Promise<{
    state: unknown;
    context: { order?: { id: string } | null } | null;
    messages: { direction: string; reply?: Reply }[];
  }>;
  close(): Promise<void>;
}

/** The example shop on a fresh SQLite file in a temp folder (or `dataDir` to reopen one). */
export async function openShop(
  dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-e2e-')),
  shopDir = 'examples/shop',
): Promise<TestShop> {
  const kaiwa = await createKaiwa({
    shopDir,
    env: { DATABASE_URL: `sqlite://${join(dataDir, 'kaiwa.db')}`, PUBLIC_URL: 'http://shop.test', LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  const app = createApp(kaiwa.app);
  const post = async (body: Record<string, string>) => {
    const response = await app.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`simulator answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { replies: Reply[] }).replies;
  };
  return {
    kaiwa,
    app,
    dataDir,
    say: (user, text, channel) => post({ user, text, ...(channel ? { channel } : {}) }),
    press: (user, payload) => post({ user, payload }),
    transcript: async (user) => (await app.request(`/simulator/api/conversations/${user}`)).json() as never,
    close: () => kaiwa.close(),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function texts(replies: readonly Reply[]): string {
  return replies.flatMap((reply) => (reply.type === 'text' || reply.type === 'choices' ? [reply.text] : [])).join('\n');
}

export function cards(replies: readonly Reply[]) {
  return replies.flatMap((reply) => (reply.type === 'products' ? reply.products : []));
}

export function buttons(replies: readonly Reply[]) {
  return replies.flatMap((reply) =>
    reply.type === 'choices'
      ? reply.choices
      : reply.type === 'products'
        ? reply.products.flatMap((card) => card.actions)
        : [],
  );
}
