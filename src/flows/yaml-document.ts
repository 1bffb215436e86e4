import { Document, parseDocument, Parser, YAMLParseError, type LineCounter } from 'yaml';

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
export function parseShopYaml(source: string, options: { lineCounter: LineCounter }): Document {
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
