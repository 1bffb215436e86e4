import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa, type ReloadResult } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { watchShop } from '../../src/shop/watch.js';

// Inside the repository, so the copied shop's actions.ts resolves `kaiwajs/flows`.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'reload-'));
const shop = join(work, 'shop');
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let unwatch: () => void;
const reloads: ReloadResult[] = [];

beforeAll(async () => {
  cpSync('examples/shop', shop, { recursive: true });
  kaiwa = await createKaiwa({
    shopDir: shop,
    env: { DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
  unwatch = watchShop(kaiwa, { debounceMs: 50, onReload: (result) => void reloads.push(result) });
});
afterAll(async () => {
  unwatch();
  await kaiwa.close();
  rmSync(work, { recursive: true, force: true });
});

/** One simulator message (typed text or a pressed button's payload); the replies' texts, one per line. */
const send = async (user: string, message: { text: string } | { payload: string }): Promise<string> => {
  const replies = (
    (await (
      await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, ...message }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;
  return replies.flatMap((reply) => ('text' in reply ? [reply.text] : [])).join('\n');
};
const say = (user: string, text: string) => send(user, { text });
const nextReload = async () => {
  const count = reloads.length;
  // A bound on waiting for the watcher, not a measure of speed: a loaded machine only makes it wait longer.
  for (let i = 0; i < 1500 && reloads.length === count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(reloads.length).toBeGreaterThan(count);
  return reloads.at(-1)!;
};
const flowFile = () => join(shop, 'flows', 'shop.yaml');

describe('hot reload without a restart', () => {
  it('serves an edited flow from the next turn', async () => {
    expect(await say('r1', 'こんにちは')).toContain('いらっしゃいませ');
    writeFileSync(flowFile(), readFileSync(flowFile(), 'utf8').replace('いらっしゃいませ、', 'ようこそ、'));
    expect(await nextReload()).toMatchObject({ ok: true });
    expect(await say('r2', 'こんにちは')).toContain('ようこそ');
  });

  it('reports a broken save as file:line:col, in the simulator too, and keeps serving the last good version', async () => {
    writeFileSync(flowFile(), readFileSync(flowFile(), 'utf8').replace('    goto: cart\n', '    goto: kart\n'));
    const result = await nextReload();
    expect(result.ok).toBe(false);
    const issue = !result.ok ? result.issues.find((item) => /unknown state "kart"/.test(item.message)) : undefined;
    expect(issue?.pos.file).toMatch(/flows\/shop\.yaml$/);
    expect(issue?.pos.line).toBeGreaterThan(1);
    const status = (await (await app.request('/simulator/api/status')).json()) as {
      reload: { ok: boolean; issues: { message: string }[] };
    };
    expect(status.reload.ok).toBe(false);
    expect(status.reload.issues.map((item) => item.message).join('\n')).toMatch(/kart/);
    expect(await say('r3', 'こんにちは')).toContain('ようこそ');
    writeFileSync(flowFile(), readFileSync(flowFile(), 'utf8').replace('    goto: kart\n', '    goto: cart\n'));
    expect(await nextReload()).toMatchObject({ ok: true });
  });

  // What actions.ts imports from the shop folder is read again too under Node (src/shop/esm-hooks.js); Vitest's
  // own module runner, which these tests run in, caches those files by path, so only actions.ts is checked here.
  it("reloads the shop's own code (actions.ts), keeping the last good version when a save breaks it", async () => {
    const actions = join(shop, 'actions.ts');
    const addToCart = (user: string) => send(user, { payload: 'k1:do:addToCart:tea-mugicha' });
    const original = readFileSync(actions, 'utf8');
    expect(await addToCart('a1')).toContain('で送料無料です');
    const edited = original.replace('で送料無料です。`', 'で送料無料です【v2】`');
    expect(edited).not.toBe(original);
    writeFileSync(actions, edited);
    expect(await nextReload()).toMatchObject({ ok: true });
    expect(await addToCart('a2')).toContain('で送料無料です【v2】');
    // A broken save is reported (by the file's name, not the URL it was loaded as); the last good code keeps serving.
    writeFileSync(actions, edited.replace('const bigCart: FlowGuard', 'const bigCart: FlowGuard = = ('));
    const broken = await nextReload();
    expect(broken.ok).toBe(false);
    expect(JSON.stringify(broken)).toContain('actions.ts');
    expect(JSON.stringify(broken)).not.toContain('kaiwa-reload');
    expect(await addToCart('a3')).toContain('で送料無料です【v2】');
    writeFileSync(actions, original);
    expect(await nextReload()).toMatchObject({ ok: true });
  });

  it('picks up catalog and FAQ edits', async () => {
    const catalog = join(shop, 'catalog.csv');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace(/^(tea-mugicha,.*?),600,JPY,/m, '$1,650,JPY,'));
    expect(await nextReload()).toMatchObject({ ok: true });
    expect(
      ((await (await app.request('/api/products/tea-mugicha')).json()) as { price: { amount: number } }).price.amount,
    ).toBe(650);
    const faq = join(shop, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('送料は全国一律500円です。', '送料は全国一律550円です。'));
    expect(await nextReload()).toMatchObject({ ok: true });
    expect(await say('r4', '送料はいくらですか')).toContain('550円');
  });
});
