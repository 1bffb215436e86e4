import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Parser,
  visit,
  YAMLParseError,
  type Node,
  type YAMLMap,
} from 'yaml';
import type { SourceIssue, SourcePos } from '../core/index.js';

/**
 * The one reader of a shop's YAML files (kaiwa.yaml, flows, FAQ, catalog.yaml/json, tests): every
 * file is parsed with node positions, so each later check can point at file:line:col.
 */
export interface PositionedYaml {
  file: string;
  document: Document;
  /** The plain value; undefined when there are syntax issues. */
  value: unknown;
  /** Syntax errors and warnings, with the parser's own position. */
  issues: SourceIssue[];
  /** Position of the value at `path` (or of its nearest existing parent). `key: true` points at the key instead. */
  pos(path: readonly (string | number)[], options?: { key?: boolean }): SourcePos;
  /** Where a node starts; `fallback` (the file's start) when the node is missing. */
  posOf(node: unknown, fallback?: SourcePos): SourcePos;
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
    document,
    value,
    issues,
    pos: (path, options) => at(offsetOf(document, path, options?.key ?? false)),
    posOf(node, fallback) {
      const range = (node as Node | null | undefined)?.range;
      return range ? at(range[0]) : (fallback ?? { file, line: 1, column: 1 });
    },
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

/**
 * How deeply a shop's YAML may nest collections. Real files nest a few levels; a file nested
 * thousands deep is refused before it is composed. The composer recurses, and when V8 first
 * compiles a regular expression at the bottom of such a recursion (resolving a scalar, say) it
 * aborts the whole process for lack of stack ("RegExpCompiler Allocation failed"): no exception,
 * so no file:line error and, on a hot reload, no running shop.
 */
export const maxYamlDepth = 64;

/** The offset of the first collection nested deeper than `maxYamlDepth`, read from the parser's tokens without recursion. */
function tooDeepAt(source: string): number | undefined {
  for (const token of new Parser().parse(source)) {
    const pending: { node: object; depth: number }[] = [{ node: token, depth: 0 }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const type = (next.node as { type?: unknown }).type;
      const depth =
        type === 'block-map' || type === 'block-seq' || type === 'flow-collection' ? next.depth + 1 : next.depth;
      if (depth > maxYamlDepth) return (next.node as { offset?: number }).offset ?? 0;
      for (const child of Object.values(next.node))
        if (typeof child === 'object' && child !== null) pending.push({ node: child as object, depth });
    }
  }
  return undefined;
}

/**
 * `parseDocument` for a shop's files: positions go to `lineCounter`, and a file nested deeper than
 * `maxYamlDepth` becomes an empty document with one error at the collection that goes too deep.
 */
function parseShopYaml(source: string, options: { lineCounter: LineCounter }): Document {
  const deep = tooDeepAt(source);
  if (deep === undefined)
    return parseDocument(source, { lineCounter: options.lineCounter, prettyErrors: false, uniqueKeys: true });
  Array.from(new Parser(options.lineCounter.addNewLine).parse(source)); // for positions only
  const document = new Document(null);
  document.errors.push(
    new YAMLParseError(
      [deep, deep + 1],
      'RESOURCE_EXHAUSTION',
      `nested more than ${maxYamlDepth} levels deep; a shop file needs a few`,
    ),
  );
  return document;
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
