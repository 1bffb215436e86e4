import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, whileKaiwaServes } from '../support/kaiwa-server.js';

// Inside the repository, so the copied shop's actions.ts resolves `kaiwajs/…` as in a shop's own project.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'kaiwa-dev-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Status = { reload: { ok: boolean; issues?: { pos: { file: string; line: number }; message: string }[] } | null };

describe('kaiwa dev', () => {
  const shop = join(work, 'shop');
  cpSync('examples/shop', shop, { recursive: true });

  it('serves the shop and reports a broken test file and a broken action in the terminal and the banner', async () => {
    const output = await whileKaiwaServes(
      {
        command: process.execPath,
        args: [resolve('bin/kaiwa.js'), 'dev', shop],
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: `sqlite://${join(work, 'dev.db')}`, LOG_LEVEL: 'silent' },
      },
      async (url, printed) => {
        const status = async () => (await (await fetch(`${url}/simulator/api/status`)).json()) as Status;
        const reply = await fetch(`${url}/simulator/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'dev', text: 'hello' }),
        });
        expect(reply.status).toBe(200);

        // A test file that does not parse: named as file:line:col, while the shop keeps serving.
        writeFileSync(join(shop, 'tests', 'broken.yaml'), 'name: broken\nsteps: [\n');
        const broken = await eventually(async () => {
          const { reload } = await status();
          return reload?.issues?.find((issue) => issue.pos.file.endsWith('broken.yaml'));
        });
        expect(broken.pos.file).toMatch(/tests\/broken\.yaml$/);
        expect(printed()).toMatch(/tests\/broken\.yaml:\d+:\d+: /);
        rmSync(join(shop, 'tests', 'broken.yaml'));
        await eventually(async () => ((await status()).reload?.ok === false ? undefined : true));
        expect(printed()).toContain('tests ok');

        // An action module that no longer compiles: the last good version serves, the file is named.
        const actions = join(shop, 'actions.ts');
        const good = readFileSync(actions, 'utf8');
        writeFileSync(actions, `${good}\nexport const broken = ;\n`);
        const actionIssue = await eventually(async () => {
          const { reload } = await status();
          return reload?.issues?.find((issue) => issue.pos.file.endsWith('actions.ts'));
        });
        expect(actionIssue.pos.line).toBe(good.split('\n').length + 1);
        expect(actionIssue.message).toMatch(/Unexpected/);
        expect(printed()).toContain('still serving the last good version');
        const again = await fetch(`${url}/simulator/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'dev', text: 'hello' }),
        });
        expect(again.status).toBe(200);
        writeFileSync(actions, good);
        await eventually(async () => ((await status()).reload?.ok === true ? true : undefined));
      },
    );
    expect(output).toContain('reloaded');
  }, 300_000);
});
