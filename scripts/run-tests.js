// Runs vitest and ends with the plain line CI reads: "N passed, N failed".
// vitest's exit code stays the script's exit status. Arguments go to vitest, so one project runs with
//   node scripts/run-tests.js --project unit          (pure tests: nothing but Node, seconds)
//   node scripts/run-tests.js --project integration   (PostgreSQL, Redis, SQLite files, fake platforms)
//   node scripts/run-tests.js --project browser       (Chromium)
// and all three without one (vitest.config.ts says which file is which).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A report of this run's own: two projects run side by side (two shells) must not read each other's.
const resultDir = mkdtempSync(join(tmpdir(), 'kaiwa-vitest-'));
const resultFile = join(resultDir, 'result.json');
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${resultFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  passed = result.numPassedTests;
  // A file that fails before its tests run (a throwing beforeAll, an import error) has no failed
  // test: count it as one, so the line never says "0 failed" on a red run.
  const brokenFiles = result.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  failed = result.numFailedTests + brokenFiles;
  skipped = result.numPendingTests + result.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(resultDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status ?? 1);
