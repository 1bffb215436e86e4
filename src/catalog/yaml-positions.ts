import { isMap, isScalar, isSeq, LineCounter, type Document, type Node, type YAMLMap } from 'yaml';
import { unresolvedAliases } from '../flows/parse-yaml.js';
import { parseShopYaml } from '../flows/yaml-document.js';
import type { SourceIssue, SourcePos } from '../core/index.js';

/** A YAML (or JSON: JSON is YAML) file parsed with node positions, so checks can point at file:line:col. */
export interface PositionedSource {
  file: string;
  document: Document;
  /** Syntax errors, with the parser's own position. */
  issues: SourceIssue[];
  /** Where a node starts; the file's start when the node is missing. */
  pos(node: unknown, fallback?: SourcePos): SourcePos;
}

export function parsePositioned(file: string, source: string): PositionedSource {
  const lineCounter = new LineCounter();
  const document = parseShopYaml(source, { lineCounter });
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const issues = [...document.errors, ...document.warnings, ...unresolvedAliases(document)].map((error) => ({
    pos: at(error.pos[0]),
    message: error.message.split('\n')[0] ?? error.message,
  }));
  return {
    file,
    document,
    issues,
    pos(node, fallback) {
      const range = (node as Node | null | undefined)?.range;
      return range ? at(range[0]) : (fallback ?? { file, line: 1, column: 1 });
    },
  };
}

/** The value node under `key` in a map node, and the key node itself (for "unknown field" positions). */
export function field(map: unknown, key: string): { key?: Node; value?: Node } {
  if (!isMap(map)) return {};
  const pair = (map as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!pair) return {};
  return { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
}

/** The keys of a map node as strings, with their nodes. */
export function fields(map: unknown): { name: string; key: Node; value?: Node }[] {
  if (!isMap(map)) return [];
  return (map as YAMLMap).items.flatMap((item) =>
    isScalar(item.key)
      ? [{ name: String(item.key.value), key: item.key as Node, value: (item.value ?? undefined) as Node | undefined }]
      : [],
  );
}

/** The plain JS value of a node (scalars, maps and sequences alike). */
export function plain(node: unknown): unknown {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return undefined;
}

export { isMap, isSeq, isScalar };
