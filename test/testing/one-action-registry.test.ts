import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKaiwa, runConversationTests, validateShop } from 'kaiwajs';
import type { FlowAction } from 'kaiwajs/flows';

// One registry of actions for every command: the shop folder's actions module (named in kaiwa.yaml,
// or actions.ts by default) for the CLI, and the same `custom` for createKaiwa, validateShop and
// runConversationTests in a program.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'action-registry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The echo shop with kaiwa.yaml naming no actions module, and one conversation test. */
function echoShop(withActionsFile: boolean): string {
  const shop = mkdtempSync(join(work, 'shop-'));
  cpSync('test/fixtures/echo-shop', shop, { recursive: true });
  const config = readFileSync(join(shop, 'kaiwa.yaml'), 'utf8').replace(/^actions:.*$/m, '');
  writeFileSync(join(shop, 'kaiwa.yaml'), config);
  if (!withActionsFile) rmSync(join(shop, 'actions.ts'));
  mkdirSync(join(shop, 'tests'));
  writeFileSync(
    join(shop, 'tests', 'echo.yaml'),
    'name: echoes\nsteps:\n  - say: hello\n    expect:\n      text: ["echo: hello"]\n',
  );
  return shop;
}

const echo: FlowAction = async ({ event }) => ({ replies: [{ type: 'text', text: `echo: ${event.text ?? ''}` }] });
const env = { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' };

describe('custom actions given in code', () => {
  const shop = echoShop(false);

  it('are unknown to validateShop without them, as a file:line:col problem', async () => {
    const { issues } = await validateShop(shop);
    expect(issues.map((issue) => issue.message).join('\n')).toMatch(/unknown action "echo"/);
    expect(issues[0]?.pos.file).toMatch(/echo\.yaml$/);
  });

  it('are known to validateShop, runConversationTests and createKaiwa alike', async () => {
    const custom = { actions: { echo } };
    const validation = await validateShop(shop, { custom });
    expect(validation.issues).toEqual([]);
    expect(validation.counts).toEqual({ states: 2, products: expect.any(Number), faq: expect.any(Number), tests: 1 });
    const outcomes = await runConversationTests(shop, { custom, env });
    expect(outcomes).toEqual([{ name: 'echoes', file: expect.stringMatching(/echo\.yaml$/) }]);
    const kaiwa = await createKaiwa({ shopDir: shop, custom, env });
    await kaiwa.close();
  });
});

describe('a shop folder with actions.ts and no actions: in kaiwa.yaml', () => {
  const shop = echoShop(true);
  const kaiwa = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/kaiwa.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });

  it('loads actions.ts by default for kaiwa validate and kaiwa test', () => {
    const validate = kaiwa('validate', shop);
    expect(validate.stdout).toContain('ok: 2 states');
    expect(validate.status).toBe(0);
    const test = kaiwa('test', shop);
    expect(test.stdout + test.stderr).toContain('1 passed, 0 failed');
    expect(test.status).toBe(0);
  });
});
