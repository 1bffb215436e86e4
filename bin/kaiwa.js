#!/usr/bin/env node
// The `kaiwa` command. The published package runs its compiled code (dist/). In a checkout of Kaiwa's
// own repository (src/ is there) it runs the TypeScript sources through tsx instead, so an edit needs
// no build before the next run.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../src/cli/index.ts', import.meta.url));
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  globalThis[Symbol.for('kaiwa.typescriptLoader')] = true;
  await import('../src/cli/index.ts');
} else if (existsSync(new URL('../dist/cli/index.js', import.meta.url))) {
  await import('../dist/cli/index.js');
} else {
  console.error('kaiwa: this copy of kaiwajs has no dist/ (build it with `npm run build`)');
  process.exit(1);
}
