import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, SourceValidationError, type Product, type SourceIssue } from '../core/index.js';
import { loadCatalogFile } from '../catalog/load-catalog.js';
import { loadFaq, type FaqFile } from '../catalog/faq.js';
import {
  builtInActions,
  builtInGuards,
  loadFlows,
  type FlowAction,
  type FlowDefinition,
  type FlowGuard,
} from '../flows/index.js';
import type { LoadedConfig } from '../config/load-config.js';

/** The outcome of reading a shop's files again (hot reload): on failure, its issues as file:line:col. */
export type ReloadResult = { ok: true; at: string } | { ok: false; at: string; issues: SourceIssue[] };

export interface ShopFiles {
  flows: FlowDefinition;
  products: Product[];
  faq: FaqFile;
}

export interface CustomCode {
  actions: Record<string, FlowAction>;
  guards: Record<string, FlowGuard>;
}

/**
 * Loads flows, catalog and FAQ together and reports the problems of all three at once, as
 * `file:line:col: message`: what `kaiwa validate` prints and why `kaiwa start` refuses to start.
 */
export async function loadShopFiles(config: LoadedConfig, custom: CustomCode): Promise<ShopFiles> {
  const display = (file: string) => relative(process.cwd(), join(config.dir, file)) || file;
  const locales = config.shop.shop.locales;
  const issues: SourceIssue[] = [];
  const collect = async <T>(load: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await load();
    } catch (error) {
      if (error instanceof SourceValidationError) issues.push(...error.issues);
      else if (error instanceof Error)
        issues.push({ pos: { file: config.dir, line: 1, column: 1 }, message: error.message });
      return undefined;
    }
  };
  const flows = await collect(() =>
    loadFlows(join(config.dir, config.shop.flows), {
      locales,
      actions: Object.keys({ ...builtInActions, ...custom.actions }),
      guards: Object.keys({ ...builtInGuards, ...custom.guards }),
      displayRoot: process.cwd(),
    }),
  );
  const products = await collect(() =>
    withDisplayPaths(
      loadCatalogFile(join(config.dir, config.shop.catalog), { currency: config.shop.shop.currency }),
      display(config.shop.catalog),
    ),
  );
  const faq = await collect(() =>
    withDisplayPaths(loadFaq(join(config.dir, config.shop.faq), locales), display(config.shop.faq)),
  );
  if (issues.length > 0 || !flows || !products || !faq) throw new SourceValidationError(issues);
  return { flows, products, faq };
}

/** Shows files relative to the working directory, as editors and terminals link them. */
async function withDisplayPaths<T>(loading: Promise<T>, display: string): Promise<T> {
  try {
    return await loading;
  } catch (error) {
    if (!(error instanceof SourceValidationError)) throw error;
    throw new SourceValidationError(
      error.issues.map((issue) => ({
        ...issue,
        pos: {
          ...issue.pos,
          file:
            issue.pos.file.endsWith(display) || issue.pos.file === display
              ? display
              : relative(process.cwd(), issue.pos.file) || issue.pos.file,
        },
      })),
      error.code as 'catalog_invalid',
    );
  }
}

/**
 * The shop's actions module (kaiwa.yaml `actions:`, by default `actions.ts` or `actions.js` in the shop
 * folder; `export default { actions: { … }, guards: { … } }`) merged with actions and guards given in code.
 * `generation` > 0 reads the module and the shop files it imports again (hot reload): Node keeps every
 * module it loaded, so each generation is a new copy of them (a development cost, not a production one).
 */
export async function loadCustomCode(
  config: LoadedConfig,
  extra: Partial<CustomCode> = {},
  generation = 0,
): Promise<CustomCode> {
  let fromFile: Partial<CustomCode> = {};
  const module = actionsModule(config);
  if (module) {
    const file = join(config.dir, module);
    if (!existsSync(file))
      throw new ConfigError(`kaiwa.yaml names actions module "${module}", but ${file} does not exist`);
    loadAsEsm(config.dir);
    const url = `${pathToFileURL(file).href}${generation > 0 ? `?kaiwa-reload=${generation}` : ''}`;
    try {
      const loaded = (await import(url)) as { default?: Partial<CustomCode> };
      fromFile = loaded.default ?? {};
    } catch (error) {
      throw new SourceValidationError([codeIssue(error, config.dir)]);
    }
  }
  return { actions: { ...fromFile.actions, ...extra.actions }, guards: { ...fromFile.guards, ...extra.guards } };
}

/** The module kaiwa.yaml names (`actions:`), else the shop folder's actions.ts or actions.js if there is one. */
function actionsModule(config: LoadedConfig): string | undefined {
  return config.shop.actions ?? defaultActionsModules.find((name) => existsSync(join(config.dir, name)));
}
const defaultActionsModules = ['actions.ts', 'actions.mts', 'actions.js', 'actions.mjs'];

const esmRoots = new Set<string>();
const typescriptLoader = Symbol.for('kaiwa.typescriptLoader');

/**
 * Lets Node import the shop's TypeScript (tsx's module hooks), once per process: plain `node` running
 * the compiled package loads actions.ts as `kaiwa start` does. Registered before the ES-module hooks,
 * which then run first and hand tsx the format to compile to.
 */
function loadTypeScript(): void {
  const global = globalThis as Record<symbol, unknown>;
  if (global[typescriptLoader]) return;
  global[typescriptLoader] = true;
  registerTsx();
}

/**
 * Makes the shop folder's own code load as ES modules (src/shop/esm-hooks.js), whatever the
 * nearest package.json says: a shop copied into a project without `"type": "module"` still works.
 */
function loadAsEsm(dir: string): void {
  loadTypeScript();
  const root = pathToFileURL(`${dir.replace(/\/+$/, '')}/`).href;
  if (esmRoots.has(root)) return;
  esmRoots.add(root);
  register(new URL('./esm-hooks.js', import.meta.url), { data: { roots: [root] } });
}

/**
 * An error in the shop's own code as file:line:col, never a stack trace: a syntax error where the
 * compiler (esbuild, through tsx) puts it, an exception at the first frame in the shop folder; the
 * module is named by the URL it was loaded as (…/actions.ts?kaiwa-reload=N), shown without the query.
 */
export function codeIssue(error: unknown, dir: string): SourceIssue {
  const clean = (text: string) => text.replace(/\?kaiwa-reload=\d+/g, '');
  const message = clean(error instanceof Error ? error.message : String(error));
  const display = (file: string) => relative(process.cwd(), file.startsWith('file:') ? fileURLToPath(file) : file);
  const compiled = /^(\S+?\.[cm]?[jt]sx?):(\d+):(\d+): (?:ERROR: )?(.+)$/m.exec(message);
  if (compiled) {
    const [, file = '', line = '1', column = '1', text = message] = compiled;
    return { pos: { file: display(file), line: Number(line), column: Number(column) }, message: text };
  }
  const root = resolve(dir);
  const stack = clean(error instanceof Error ? (error.stack ?? '') : '');
  for (const frame of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)\)?$/gm)) {
    const [, file = '', line = '1', column = '1'] = frame;
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    if (path.startsWith(`${root}/`) && !path.includes('/node_modules/'))
      return { pos: { file: display(path), line: Number(line), column: Number(column) }, message };
  }
  return { pos: { file: display(root) || '.', line: 1, column: 1 }, message };
}
