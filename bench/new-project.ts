// npm run bench:install — what a new user's install costs: a project made by create-kaiwa against the
// packed kaiwajs (its default channels; dev dependencies typescript and @types/node included), beside an
// empty project installing grammY and one installing telegraf. Each install starts from an empty folder
// with npm's cache as this machine has it (better-sqlite3 may build from source). Prints one line per
// project and `install name=… packages=… mb=… seconds=…` lines for scripts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'kaiwa-bench-install-'));
const env = {
  ...process.env,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

function run(args: string[], cwd: string): string {
  const result = spawnSync(npm, args, { cwd, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${result.stderr}`);
  return result.stdout;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function measure(name: string, dir: string, args: string[]): void {
  const started = process.hrtime.bigint();
  run(args, dir);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const packages = run(['ls', '--all', '--parseable'], dir).trim().split('\n').length - 1;
  const mb = sizeOf(join(dir, 'node_modules')) / 1024 / 1024;
  console.log(
    `${name.padEnd(28)} ${String(packages).padStart(4)} packages ${mb.toFixed(1).padStart(7)} MB ${seconds.toFixed(1).padStart(6)} s`,
  );
  console.log(`install name=${name} packages=${packages} mb=${mb.toFixed(1)} seconds=${seconds.toFixed(1)}`);
}

try {
  const [kaiwa] = JSON.parse(run(['pack', '--json', '--pack-destination', work], process.cwd())) as {
    filename: string;
  }[];
  const [create] = JSON.parse(run(['pack', '--json', '--pack-destination', work], 'packages/create-kaiwa')) as {
    filename: string;
  }[];
  run(
    [
      'exec',
      '--yes',
      `--package=${join(work, create!.filename)}`,
      '--',
      'create-kaiwa',
      'my-shop',
      '--yes',
      `--kaiwa=file:${join(work, kaiwa!.filename)}`,
    ],
    work,
  );
  measure('kaiwa project (create-kaiwa)', join(work, 'my-shop'), ['install']);
  for (const peer of ['grammy', 'telegraf']) {
    const dir = join(work, peer);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${peer}-project`, private: true }));
    measure(peer, dir, ['install', peer]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
