import {
  SourceValidationError,
  type Clock,
  type ConversationLogic,
  type PrepareInput,
  type SourceIssue,
} from '../core/index.js';
import type { FlowRuntime } from '../flows/index.js';
import { codeIssue, loadShopFiles, type CustomCode, type ReloadResult, type ShopFiles } from '../shop/files.js';
import { flowDiagram, type FlowDiagram } from '../simulator/flow-diagram.js';
import { assembleRuntime, type AssembleDeps } from './assemble.js';

/** The shop's files as served now, swapped between turns by `reload`. */
export interface LiveShop {
  readonly files: ShopFiles;
  readonly runtime: FlowRuntime;
  readonly embedded: Promise<void>;
  readonly lastReload: ReloadResult | undefined;
  /** The one object the engine keeps: it delegates to the runtime of the moment. */
  readonly logic: ConversationLogic;
  /** The current flow as a state diagram (cached per runtime). */
  diagram(): FlowDiagram;
  /**
   * Reads the files again, the shop's own code (actions) included; on any problem the last good
   * version keeps serving. One reload at a time.
   */
  reload(): Promise<ReloadResult>;
}

export async function createLiveShop(
  deps: AssembleDeps & {
    clock: Clock;
    /** Reads the shop's actions module (and what it imports) again, as generation N; absent: kept as loaded. */
    loadCustom?: (generation: number) => Promise<CustomCode>;
  },
  initial: ShopFiles,
): Promise<LiveShop> {
  let files = initial;
  let custom = deps.custom;
  let generation = 0;
  let { runtime, embedded } = await assembleRuntime(deps, files);
  let lastReload: ReloadResult | undefined;
  let diagramOf: { runtime: FlowRuntime; diagram: FlowDiagram } | undefined;
  let reloads: Promise<unknown> = Promise.resolve();
  const rehearse = deps.llm !== undefined;

  const reloadOnce = async (): Promise<ReloadResult> => {
    const at = deps.clock.now().toISOString();
    try {
      const code = deps.loadCustom ? await deps.loadCustom(++generation) : custom;
      const next = await loadShopFiles(deps.config, code);
      ({ runtime, embedded } = await assembleRuntime({ ...deps, custom: code }, next));
      files = next;
      custom = code;
      lastReload = { ok: true, at };
      deps.log('shop reloaded', { flows: next.flows.id, products: next.products.length, faq: next.faq.entries.length });
    } catch (error) {
      const issues = issuesOf(error, deps.config.dir);
      lastReload = { ok: false, at, issues };
      deps.log('shop reload failed; the last good version keeps serving', {
        issues: issues.map((issue) => `${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`),
      });
    }
    return lastReload;
  };

  return {
    get files() {
      return files;
    },
    get runtime() {
      return runtime;
    },
    get embedded() {
      return embedded;
    },
    get lastReload() {
      return lastReload;
    },
    logic: {
      step: (input) => runtime.step(input),
      failed: (input) => runtime.failed(input),
      ...(rehearse ? { prepare: (input: PrepareInput) => runtime.prepare?.(input) ?? Promise.resolve(undefined) } : {}),
    },
    diagram() {
      if (diagramOf?.runtime !== runtime)
        diagramOf = { runtime, diagram: flowDiagram(runtime.machine, runtime.definition) };
      return diagramOf.diagram;
    },
    reload() {
      const run = reloads.then(reloadOnce);
      reloads = run.catch(() => undefined);
      return run;
    },
  };
}

function issuesOf(error: unknown, dir: string): SourceIssue[] {
  if (error instanceof SourceValidationError) return [...error.issues];
  return [codeIssue(error, dir)];
}
