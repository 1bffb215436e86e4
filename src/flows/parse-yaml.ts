import { isMap, isSeq, LineCounter, visit, type Document, type Node } from 'yaml';
import type { SourceIssue, SourcePos } from '../core/index.js';
import { parseShopYaml } from './yaml-document.js';

/** A YAML file parsed with positions, so every later check can point at file:line:col. */
export interface PositionedYaml {
  file: string;
  value: unknown;
  /** Position of the value at `path` (or of its nearest existing parent). `key: true` points at the key instead. */
  pos(path: readonly (string | number)[], options?: { key?: boolean }): SourcePos;
  issues: SourceIssue[];
}

export function parseYamlWithPositions(file: string, source: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const document = parseShopYaml(source, { lineCounter });
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const issues: SourceIssue[] = [...document.errors, ...document.warnings, ...unresolvedAliases(document)].map(
    (error) => ({
      pos: at(error.pos[0]),
      message: error.message.split('\n')[0] ?? error.message,
    }),
  );
  let value: unknown;
  if (issues.length === 0) {
    try {
      value = document.toJS();
    } catch (error) {
      // What the library only reports by throwing (too many aliases, say): at the start of the file.
      issues.push({ pos: at(0), message: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    file,
    value,
    issues,
    pos: (path, options) => at(offsetOf(document, path, options?.key ?? false)),
  };
}

function offsetOf(document: Document, path: readonly (string | number)[], key: boolean): number {
  let node: Node | null | undefined = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) return offset;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (last && key && keyNode?.range) return keyNode.range[0];
      node = valueNode;
      offset = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/**
 * `*name` aliases whose `&name` anchor comes later or nowhere: the yaml library reports them only by
 * throwing when the document is read, so they are found first, each with its position.
 */
export function unresolvedAliases(document: Document): { pos: [number, number]; message: string }[] {
  const found: { pos: [number, number]; message: string }[] = [];
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) === undefined)
        found.push({
          pos: [alias.range?.[0] ?? 0, alias.range?.[1] ?? 0],
          message: `unresolved alias *${alias.source}: its anchor &${alias.source} must come before it`,
        });
    },
  });
  return found;
}
