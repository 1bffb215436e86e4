import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../bench/eval/data.js';
import { fixtureShop } from '../support/fixture-shop.js';
import { runConversationTests, type TestOutcome } from '../../src/testing/run-conversation-tests.js';

// The apparel merchant's shop as a new user builds it: a real Shopify export (not copied here)
// imported and exported with the CLI into the shop folder, then shopped with built-in actions only.
const source = fileURLToPath(new URL('shopify-exports/swiminista-variants.csv', sharedData));

describe.runIf(existsSync(source))('a shop built from a real Shopify export (swiminista)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-swiminista-'));
  let outcomes: TestOutcome[] = [];
  const kaiwa = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/kaiwa.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'import.db')}`, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
  beforeAll(async () => {
    fixtureShop(dir, {
      kaiwaYaml: (yaml) => yaml.replace(/^shipping:[\s\S]*?freeFrom: 5000\n/m, ''),
      faq: 'entries: []\n',
    });
    const imported = kaiwa('catalog', 'import', source, '--skip-vendor', 'Route', '--default-stock', '5', dir);
    expect(imported.status, imported.stderr).toBe(0);
    const exported = kaiwa('catalog', 'export', '-o', join(dir, 'catalog.csv'), dir);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('wrote 24 products (299 variants)');
    writeFileSync(
      join(dir, 'tests', '01-black-onepiece-m.yaml'),
      `name: a black onepiece in size M, chosen by colour and size with the built-in buttons
steps:
  - say: Hello
  - say: a black onepiece in size M
    expect:
      buttons: [Add to cart]
  - press: Add to cart
    expect:
      text: [(Black / M)” to your cart]
  - say: girls onepiece
    expect:
      buttons: [Choose options]
  - press: Choose options
    expect:
      text: [Which Color would you like]
`,
    );
    outcomes = await runConversationTests(dir);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports, exports and shops it with built-in actions only', () => {
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.failure).toBeUndefined();
  });
});
