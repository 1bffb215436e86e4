import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, productKey, type SourceIssue } from '../core/index.js';
import type { Kaiwa } from '../app/index.js';
import { checkConversationTests } from '../testing/validate-shop.js';

/**
 * `kaiwa dev`: checks tests/*.yaml on every save (and after every reload of the shop, whose product
 * ids they name) as `kaiwa validate` does. Problems are printed in the terminal and join the shop's
 * reload problems in the simulator's banner; the shop keeps serving.
 */
export function watchConversationTests(kaiwa: Kaiwa): { check(): Promise<void>; close(): void } {
  let problems: SourceIssue[] = [];
  const served = kaiwa.app.reloadStatus;
  kaiwa.app.reloadStatus = () => {
    const status = served?.();
    if (problems.length === 0) return status;
    const shopIssues = (status && !status.ok && status.issues) || [];
    return { ok: false, at: status?.at ?? kaiwa.app.clock.now().toISOString(), issues: [...shopIssues, ...problems] };
  };
  const check = async () => {
    const productIds = new Set(kaiwa.files.products.flatMap((product) => [product.id, productKey(product)]));
    const { count, issues } = await checkConversationTests(kaiwa.config, productIds);
    for (const issue of issues) console.error(formatIssue(issue));
    if (issues.length === 0 && problems.length > 0) console.log(`tests ok (${count})`);
    problems = issues;
  };
  const dir = join(kaiwa.config.dir, kaiwa.config.shop.tests);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher = existsSync(dir)
    ? watch(dir, () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void check(), 200);
      })
    : undefined;
  return {
    check,
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
