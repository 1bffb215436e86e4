import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Three projects, told apart by the file name (the folder says what a test is about, the name what it needs):
//   unit         test/**/*.unit.test.ts     pure: no database server, no SQLite file, no shop booted, no fake
//                                           platform server, no browser; passes with nothing but Node
//   browser      test/**/*.browser.test.ts  launches Chromium (test/support/browser.ts)
//   integration  every other test/**/*.test.ts: PostgreSQL, Redis, a SQLite file, the shop booted
//                (createKaiwa, test/e2e/helpers.ts), fake platform servers (test/fakes), child processes
// A new test is integration until it is named *.unit.test.ts, so `--project unit` never needs a service.
const unit = 'test/**/*.unit.test.ts';
const browser = 'test/**/*.browser.test.ts';
const exclude = ['node_modules/**', 'tmp/**', 'data/**'];
const shared = { exclude, testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks' } satisfies ProjectSettings;
type ProjectSettings = NonNullable<ViteUserConfig['test']>;

// Tests import Kaiwa's public API by its package name, as shops do; here it is the sources, not dist/.
const kaiwajs = (entry: string) => fileURLToPath(new URL(`./src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^kaiwajs$/, replacement: kaiwajs('index.ts') },
      { find: /^kaiwajs\/(core|flows|testing)$/, replacement: kaiwajs('$1/index.ts') },
    ],
  },
  test: {
    projects: [
      { extends: true, test: { ...shared, name: 'unit', include: [unit] } },
      {
        extends: true,
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...exclude, unit, browser],
        },
      },
      { extends: true, test: { ...shared, name: 'browser', include: [browser] } },
    ],
  },
});
