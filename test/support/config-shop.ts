import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { SourceValidationError } from '../../src/core/index.js';

/**
 * Shop folders holding only a kaiwa.yaml, for tests of one of its sections: `shop(extra)` writes a
 * shop in `currency` (JPY) speaking `locales` ([ja, en]) followed by `extra`; `problems(dir)` loads
 * it, expects it to be refused, and returns each problem as `line:col message`. Removed after the file's tests.
 */
export function configShops(name: string): {
  shop: (extra: string, currency?: string, locales?: readonly string[]) => string;
  problems: (dir: string) => Promise<string[]>;
} {
  const root = mkdtempSync(join(tmpdir(), `kaiwa-${name}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let shops = 0;
  return {
    shop(extra, currency = 'JPY', locales = ['ja', 'en']) {
      const dir = join(root, `shop-${++shops}`);
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'kaiwa.yaml'),
        `shop:\n  name: Test\n  currency: ${currency}\n  locales: [${locales.join(', ')}]\n${extra}`,
      );
      return dir;
    },
    async problems(dir) {
      const error = await loadShopConfig(dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SourceValidationError);
      expect((error as SourceValidationError).code).toBe('config_invalid');
      return (error as SourceValidationError).issues.map(
        (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
      );
    },
  };
}
