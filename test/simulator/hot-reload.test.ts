import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa, type ReloadResult } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { watchShop } from '../../src/shop/watch.js';

// Inside the repository, so the copied shop's actions.ts resolves `kaiwa/flows`.
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

const say = async (user: string, text: string): Promise<string> => {
  const replies = (
    (await (
      await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, text }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;
  return replies.flatMap((reply) => ('text' in reply ? [reply.text] : [])).join('\n');
};
const nextReload = async () => {
  const count = reloads.length;
  for (let i = 0; i < 200 && reloads.length === count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
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
