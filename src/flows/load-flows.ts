import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceValidationError, type SourceIssue } from '../core/index.js';
import { buildDefinition, type BuildOptions } from './build-definition.js';
import type { FlowDefinition } from './definition.js';
import { readFlowFile, type ParsedFlowFile } from './read-flow-file.js';

/**
 * Loads every flows/*.yaml of a shop into one FlowDefinition.
 * Throws SourceValidationError listing *every* problem, as `file:line:col: message`.
 */
export async function loadFlows(
  dir: string,
  options: BuildOptions & { displayRoot?: string },
): Promise<FlowDefinition> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new SourceValidationError([
      { pos: { file: dir, line: 1, column: 1 }, message: `cannot read the flows folder (${(error as Error).message})` },
    ]);
  }
  if (names.length === 0) {
    throw new SourceValidationError([
      { pos: { file: dir, line: 1, column: 1 }, message: 'no flow files (*.yaml) in this folder' },
    ]);
  }
  const sources = await Promise.all(
    names.map(async (name) => ({
      file: displayPath(join(dir, name), options.displayRoot),
      source: await readFile(join(dir, name), 'utf8'),
    })),
  );
  return flowsFromSources(sources, options);
}

/** The same, from in-memory sources (tests, the simulator's editor). */
export function flowsFromSources(
  sources: readonly { file: string; source: string }[],
  options: BuildOptions,
): FlowDefinition {
  const issues: SourceIssue[] = [];
  const parsed: ParsedFlowFile[] = [];
  for (const { file, source } of sources) {
    const result = readFlowFile(file, source);
    issues.push(...result.issues);
    if (result.parsed) parsed.push(result.parsed);
  }
  if (issues.length > 0) throw new SourceValidationError(sortIssues(issues));
  const built = buildDefinition(parsed, options);
  if (built.issues.length > 0 || !built.definition) throw new SourceValidationError(sortIssues(built.issues));
  return built.definition;
}

function displayPath(path: string, root: string | undefined): string {
  if (!root) return path;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** In reading order: by file, then line, then column. */
function sortIssues(issues: SourceIssue[]): SourceIssue[] {
  return [...issues].sort(
    (a, b) => a.pos.file.localeCompare(b.pos.file) || a.pos.line - b.pos.line || a.pos.column - b.pos.column,
  );
}
