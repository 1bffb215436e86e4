import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A merchant copies a shop folder into a project of their own: a package.json without "type": "module"
// (what `npm init -y` writes), Kaiwa installed in its node_modules. The shop's actions.ts and what it
// imports must load there, as ES modules, importing Kaiwa by its package name.
const project = mkdtempSync(join(tmpdir(), 'kaiwa-project-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const kaiwa = (...args: string[]) =>
  spawnSync(process.execPath, [resolve('bin/kaiwa.js'), ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });

describe('a shop folder in a project of its own', () => {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-shop', version: '1.0.0' }));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(resolve('.'), join(project, 'node_modules', 'kaiwajs'), 'dir');
  cpSync('test/fixtures/echo-shop', join(project, 'shop'), { recursive: true });
  // actions.ts imports a helper of its own (ESM syntax, TypeScript) and Kaiwa's public API by name.
  writeFileSync(
    join(project, 'shop', 'helpers.ts'),
    "import { formatMoney } from 'kaiwajs/core';\nexport const price = (amount: number): string => formatMoney({ amount, currency: 'JPY' }, 'en');\n",
  );
  writeFileSync(
    join(project, 'shop', 'actions.ts'),
    [
      "import { ActionFailure, type FlowAction } from 'kaiwajs/flows';",
      "import { price } from './helpers.ts';",
      'const echo: FlowAction = async ({ event }) => {',
      "  if (event.text === 'fail') throw new ActionFailure({ en: 'cannot echo that' });",
      "  return { replies: [{ type: 'text', text: `echo: ${event.text ?? ''} ${price(1200)}` }] };",
      '};',
      'export default { actions: { echo }, guards: {} };',
      '',
    ].join('\n'),
  );

  // The flow's onError: an ActionFailure thrown by the shop's code is the shopper's message.
  writeFileSync(
    join(project, 'shop', 'flows', 'echo.yaml'),
    [
      'id: echo',
      'initial: idle',
      'intents:',
      '  anything:',
      "    patterns: { en: ['.'] }",
      'on:',
      '  anything: echo',
      'states:',
      '  idle:',
      '    description: waits for the first message',
      '  echo:',
      '    do: echo',
      '    onError: idle',
      '',
    ].join('\n'),
  );

  it('validates: its actions load as ES modules although package.json does not say "type": "module"', () => {
    const run = kaiwa('validate', 'shop');
    expect(run.stderr).not.toContain('ERR_REQUIRE_CYCLE_MODULE');
    expect(run.stdout).toContain('ok: 2 states');
    expect(run.status).toBe(0);
  });

  it('runs its conversation tests with those actions', () => {
    mkdirSync(join(project, 'shop', 'tests'), { recursive: true });
    writeFileSync(
      join(project, 'shop', 'tests', 'echo.yaml'),
      [
        'name: echoes with a price, and tells a failure',
        'steps:',
        '  - say: hello',
        '    expect:',
        '      text: ["echo: hello ¥1,200"]',
        // Thrown by the package's compiled copy (kaiwajs/flows resolves to dist/), caught by the engine
        // this command runs from the sources: an ActionFailure is known by its brand, not its class.
        '  - say: fail',
        '    expect:',
        '      text: ["cannot echo that"]',
        '',
      ].join('\n'),
    );
    const run = kaiwa('test', 'shop');
    expect(run.stdout + run.stderr).toContain('1 passed, 0 failed');
    expect(run.status).toBe(0);
  });

  it('runs on plain Node from the compiled package: createKaiwa, serveKaiwa, one simulator turn', async () => {
    writeFileSync(
      join(project, 'serve.mjs'),
      [
        "import { createKaiwa, serveKaiwa } from 'kaiwajs';",
        "const kaiwa = await createKaiwa({ shopDir: 'shop', env: { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' } });",
        'const served = await serveKaiwa(kaiwa, { port: 0 });',
        "const response = await fetch(`${served.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'u1', text: 'hi' }) });",
        'console.log(JSON.stringify(await response.json()));',
        'await served.close();',
        '',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['serve.mjs'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ replies: [{ type: 'text', text: 'echo: hi ¥1,200' }] });
    expect(run.status).toBe(0);
  });
});
