import type { SourceIssue } from '../core/index.js';
import { parseYamlWithPositions, type PositionedYaml } from '../shop/yaml.js';
import { flowFileSchema, type FlowFile } from './schema.js';

export interface ParsedFlowFile {
  yaml: PositionedYaml;
  flow: FlowFile;
}

/** Parses one flow file and checks it against the schema; issues carry file:line:col. */
export function readFlowFile(file: string, source: string): { parsed?: ParsedFlowFile; issues: SourceIssue[] } {
  const yaml = parseYamlWithPositions(file, source);
  if (yaml.issues.length > 0) return { issues: yaml.issues };
  if (yaml.value === undefined || yaml.value === null)
    return { issues: [{ pos: { file, line: 1, column: 1 }, message: 'the flow file is empty' }] };
  const result = flowFileSchema.safeParse(yaml.value);
  if (result.success) return { parsed: { yaml, flow: result.data }, issues: [] };
  const issues = result.error.issues.map((issue): SourceIssue => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return { pos: yaml.pos([...path, key], { key: true }), message: `unknown field "${key}"${hint(path)}` };
    }
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return { pos: yaml.pos(path), message: `${where}${describe(issue)}` };
  });
  return { issues };
}

function describe(issue: { code: string; message: string; expected?: unknown }): string {
  if (issue.code === 'invalid_union') return 'expected text, or text per locale such as { ja: …, en: … }';
  return issue.message;
}

function hint(path: readonly (string | number)[]): string {
  if (path.length === 0) return '; top-level fields are id, initial, intents, on, states, fallback';
  if (path[0] === 'states' && path.length === 2)
    return '; state fields are description, do, with, say, choices, on, next, onError';
  if (path[0] === 'states' && path.includes('choices'))
    return '; a choice has label and one of goto, do (with optional arg) or intent';
  return '';
}
