import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The scaffolder's answers and refusals (the whole path from the packed packages: test/e2e/new-project.test.ts).
// Inside the repository, so a new shop's actions.ts resolves `kaiwajs` as in its own project.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'create-kaiwa-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const create = (...args: string[]) =>
  spawnSync(process.execPath, [join(process.cwd(), 'packages/create-kaiwa/index.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    input: '',
  });
const kaiwa = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/kaiwa.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });

describe('create-kaiwa', () => {
  it('writes a Japanese and English JPY shop from flags, without a terminal, that validates and passes its tests', () => {
    const run = create(
      'sawa',
      '--name',
      '茶の店',
      '--locales',
      'ja,en',
      '--currency',
      'jpy',
      '--channels',
      'line,telegram',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Created 茶の店 in sawa (ja/en, JPY)');
    const shop = join(work, 'sawa');
    expect(readFileSync(join(shop, 'kaiwa.yaml'), 'utf8')).toContain('locales: [ja, en]');
    expect(readFileSync(join(shop, 'catalog.csv'), 'utf8')).toContain(',2400,JPY,');
    expect(readFileSync(join(shop, '.env.example'), 'utf8')).toMatch(/LINE_CHANNEL_SECRET=[\s\S]*TELEGRAM_BOT_TOKEN=/);
    const scripts = JSON.parse(readFileSync(join(shop, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['dev', 'start', 'chat', 'test', 'validate']));
    expect(kaiwa('validate', shop).stdout).toContain('ok: 9 states, 3 products, 2 FAQ entries, 3 tests');
    const tests = kaiwa('test', shop);
    expect(tests.stdout).toContain('3 passed, 0 failed');
    expect(tests.stdout).toContain('(ja)');
  });

  it('writes USD prices in cents by default for an English shop', () => {
    expect(create('shop-en', '--yes').status).toBe(0);
    expect(readFileSync(join(work, 'shop-en', 'catalog.csv'), 'utf8')).toContain(',2400,USD,');
    expect(readFileSync(join(work, 'shop-en', 'kaiwa.yaml'), 'utf8')).toContain('name: "shop-en"');
  });

  it.each([
    [['bad-locale', '--locales', 'fr'], /--locales: the shop's texts come in en and ja; got "fr"/],
    [['bad-currency', '--currency', 'XX'], /--currency: "XX" is no ISO 4217 currency code/],
    [['bad-channel', '--channels', 'fax'], /--channels: unknown fax/],
    [[], /name the folder to create/],
    [['a', 'b'], /name the folder to create/],
    [['x', '--colour'], /Unknown option '--colour'/],
  ])('refuses %j with a clear message and writes nothing', (args, message) => {
    const run = create(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    if (args[0] && !args[0].startsWith('-')) expect(() => readFileSync(join(work, args[0]!, 'kaiwa.yaml'))).toThrow();
  });

  it('never writes into a folder that is not empty', () => {
    mkdirSync(join(work, 'taken'));
    writeFileSync(join(work, 'taken', 'notes.txt'), 'mine');
    const run = create('taken', '--yes');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('taken exists and is not empty');
    expect(readFileSync(join(work, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
  });
});
