import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { whileKaiwaServes } from '../support/kaiwa-server.js';

// What a new user does, end to end, with both packages as npm would deliver them: `npm pack` of kaiwajs
// and create-kaiwa, the scaffolder run from its tarball in an empty folder (as `npm create kaiwa` runs
// it), `npm install` of the new project (from the registry and the npm cache, Kaiwa from its tarball),
// then the project's own scripts, a custom TypeScript action and a custom channel adapter built
// outside Kaiwa, type-checked and run on plain Node.
const work = mkdtempSync(join(tmpdir(), 'kaiwa-new-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const project = join(work, 'my-shop');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = { ...process.env, LOG_LEVEL: 'silent', npm_config_update_notifier: 'false', npm_config_fund: 'false' };

function run(command: string, args: string[], cwd: string, timeoutSeconds = 120): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: quiet, timeout: timeoutSeconds * 1000 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `npm pack` of the package in `dir` into the work folder; the tarball's path. */
function pack(dir: string): string {
  const [packed] = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], dir, 300).stdout) as {
    filename: string;
  }[];
  return join(work, packed!.filename);
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

describe('a new project: npm create kaiwa, npm install, npm run dev, npm test', () => {
  it('is created by create-kaiwa from its tarball, against the packed kaiwajs', () => {
    const kaiwa = pack('.');
    const create = pack('packages/create-kaiwa');
    const created = run(
      npm,
      ['exec', '--yes', `--package=${create}`, '--', 'create-kaiwa', 'my-shop', '--yes', `--kaiwa=file:${kaiwa}`],
      work,
    );
    expect(created.stdout).toContain('Created my-shop in my-shop (en, USD)');
    for (const file of ['package.json', 'kaiwa.yaml', 'flows/shop.yaml', 'catalog.csv', 'faq.yaml', 'actions.ts'])
      expect(existsSync(join(project, file)), file).toBe(true);
    expect(readdirSync(join(project, 'tests')).length).toBeGreaterThan(0);
  });

  it('installs without downloading a browser, under 150 MB', () => {
    run(npm, ['install', '--no-audit', '--prefer-offline'], project, 900);
    const modules = join(project, 'node_modules');
    expect(existsSync(join(modules, 'kaiwajs', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(modules, 'kaiwajs', 'src'))).toBe(false);
    for (const heavy of ['puppeteer', 'puppeteer-core', 'whatsapp-web.js', 'botbuilder', '@paypayopa'])
      expect(existsSync(join(modules, heavy)), heavy).toBe(false);
    expect(sizeOf(modules) / 1024 / 1024).toBeLessThan(150);
  }, 900_000);

  it('validates, type-checks and passes its own conversation tests', () => {
    expect(run(npm, ['run', 'validate'], project).stdout).toMatch(/ok: \d+ states, 3 products, 2 FAQ entries, 3 tests/);
    run(npm, ['run', 'typecheck'], project);
    expect(run(npm, ['test'], project).stdout).toContain('3 passed, 0 failed');
  }, 300_000);

  it('serves with npm run dev: one simulator turn', async () => {
    await whileKaiwaServes(
      {
        command: process.execPath,
        args: [join(project, 'node_modules', 'kaiwajs', 'bin', 'kaiwa.js'), 'dev'],
        cwd: project,
        env: { ...quiet, DATABASE_URL: `sqlite://${join(work, 'dev.db')}` },
      },
      async (url) => {
        const page = await fetch(`${url}/simulator`);
        expect(page.status).toBe(200);
        const response = await fetch(`${url}/simulator/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'shopper', text: 'hello' }),
        });
        const { replies } = (await response.json()) as { replies: { type: string; text?: string }[] };
        expect(replies.find((reply) => reply.text !== undefined)?.text).toContain('Welcome to my-shop');
      },
    );
  }, 300_000);

  it('runs a custom TypeScript action and a custom channel adapter on plain Node, type-checked strictly', async () => {
    // A TypeScript action of the shop's own (actions.ts, loaded by plain Node through Kaiwa), named by the flow.
    const actions = join(project, 'actions.ts');
    writeFileSync(
      actions,
      readFileSync(actions, 'utf8')
        .replace(
          'export default {',
          "const shout: FlowAction = async ({ event }) => ({\n  replies: [{ type: 'text', text: (event.text ?? '').toUpperCase() }],\n});\n\nexport default {",
        )
        .replace('actions: { cartSize }', 'actions: { cartSize, shout }'),
    );
    const flow = join(project, 'flows', 'shop.yaml');
    writeFileSync(
      flow,
      readFileSync(flow, 'utf8')
        .replace('intents:\n', 'intents:\n  shout:\n    keywords:\n      en: [shout]\n')
        .replace('on:\n', 'on:\n  shout: shouting\n')
        .replace('states:\n', 'states:\n  shouting:\n    do: shout\n'),
    );
    writeFileSync(
      join(project, 'webhook-channel.ts'),
      `import { InvalidPayloadError, SignatureError, type ChannelAdapter, type Reply } from 'kaiwajs/core';

/** A channel of the shop's own: JSON webhooks signed with a shared secret, replies collected in memory. */
export function createWebhookChannel(secret: string, sent: { to: string; replies: readonly Reply[] }[]): ChannelAdapter {
  return {
    name: 'mywebhook',
    limits: { maxTextLength: 2000, maxButtons: 4, maxButtonLabel: 20, maxCarouselCards: 5, maxCardActions: 2 },
    verify(request) {
      if (request.headers.get('x-secret') !== secret) throw new SignatureError('mywebhook: wrong secret');
    },
    parse(request) {
      const body = JSON.parse(new TextDecoder().decode(request.body)) as { id?: string; user?: string; text?: string };
      if (!body.id || !body.user || typeof body.text !== 'string') throw new InvalidPayloadError('mywebhook: id, user, text');
      return [{ type: 'text', id: body.id, text: body.text, receivedAt: new Date().toISOString(),
        address: { channel: 'mywebhook', conversationId: body.user, userId: body.user } }];
    },
    async send(to, replies) {
      sent.push({ to: to.userId, replies });
      return replies.map(() => ({}));
    },
  };
}
`,
    );
    writeFileSync(
      join(project, 'server.ts'),
      `import { createKaiwa, serveKaiwa } from 'kaiwajs';
import type { Reply } from 'kaiwajs/core';
import { createWebhookChannel } from './webhook-channel.js';

const sent: { to: string; replies: readonly Reply[] }[] = [];
const kaiwa = await createKaiwa({
  shopDir: '.',
  env: { ...process.env, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' },
  channels: [createWebhookChannel('s3cret', sent)],
});
const served = await serveKaiwa(kaiwa, { port: 0 });
const statuses: number[] = [];
for (const [id, text] of [['m1', 'hello'], ['m2', 'shout please']]) {
  const response = await fetch(served.url + '/webhooks/mywebhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-secret': 's3cret' },
    body: JSON.stringify({ id, user: 'u1', text }),
  });
  statuses.push(response.status);
  const before = sent.length;
  for (let i = 0; i < 1200 && sent.length === before; i++) await new Promise((next) => setTimeout(next, 50));
}
console.log(JSON.stringify({ statuses, sent }));
await served.close();
`,
    );
    writeFileSync(
      join(project, 'tsconfig.server.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { noEmit: false, outDir: 'build', skipLibCheck: false, allowImportingTsExtensions: false },
        include: ['server.ts', 'webhook-channel.ts'],
      }),
    );
    run(
      process.execPath,
      [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.server.json'],
      project,
    );
    run(npm, ['run', 'validate'], project);
    const output = JSON.parse(run(process.execPath, ['build/server.js'], project, 240).stdout) as {
      statuses: number[];
      sent: { to: string; replies: { type: string; text?: string }[] }[];
    };
    expect(output.statuses).toEqual([200, 200]);
    const texts = output.sent.map((send) => send.replies.find((reply) => reply.text !== undefined)?.text);
    expect(output.sent.map((send) => send.to)).toEqual(['u1', 'u1']);
    expect(texts[0]).toContain('Welcome to my-shop');
    expect(texts[1]).toBe('SHOUT PLEASE');
  }, 300_000);
});
