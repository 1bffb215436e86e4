import { watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { ReloadResult } from './files.js';

/**
 * Hot reload for development: watches the shop folder (catalog, FAQ, its own code: actions.ts and
 * the files beside it) and its flows folder — the
 * folders, not the files, so editors that save by replacing a file are seen too — and reloads
 * (debounced) without a restart. A broken save is reported as file:line:col and the last good
 * version keeps serving. `kaiwa start` turns it on unless KAIWA_WATCH=0.
 */
export function watchShop(
  kaiwa: { config: LoadedConfig; reload(): Promise<ReloadResult> },
  options: { debounceMs?: number; onReload?: (result: ReloadResult) => void } = {},
): () => void {
  const { dir, shop } = kaiwa.config;
  const shopFiles = new Set([basename(shop.catalog), basename(shop.faq)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => void kaiwa.reload().then((result) => options.onReload?.(result)),
      options.debounceMs ?? 200,
    );
  };
  const watchers: FSWatcher[] = [
    // The shop's own code too (actions.ts and the files beside it that it imports).
    watch(dir, (_event, name) => {
      if (name && (shopFiles.has(name.toString()) || /\.(ts|js|mts|mjs)$/.test(name.toString()))) changed();
    }),
    watch(join(dir, shop.flows), (_event, name) => {
      if (name && /\.ya?ml$/.test(name.toString())) changed();
    }),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
