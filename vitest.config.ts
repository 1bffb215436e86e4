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

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: [unit] } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...exclude, unit, browser],
        },
      },
      { test: { ...shared, name: 'browser', include: [browser] } },
    ],
  },
});
