// Builds the published package: `tsc -p tsconfig.build.json` compiles src/ to dist/ (JavaScript and
// .d.ts), then the files tsc does not copy (the simulator's browser assets, the module hooks a shop's
// code loads with) are copied beside the compiled code at the same relative paths.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

/** @param {string} dir */
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (!name.endsWith('.ts')) copyIfChanged(path, join('dist', relative('src', path)));
  }
}
/**
 * Copies only what differs: a build run while tests read dist/ (the packed-package test runs `npm pack`)
 * must not rewrite a file another process is loading.
 * @param {string} from
 * @param {string} to
 */
function copyIfChanged(from, to) {
  if (existsSync(to) && readFileSync(to).equals(readFileSync(from))) return;
  cpSync(from, to);
}

copyAssets('src');
