import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/catalog/load-catalog.js';
import { parseFaq } from '../../src/catalog/faq.js';
import { SourceValidationError } from '../../src/core/index.js';
import { builtInActions, builtInGuards, flowsFromSources } from '../../src/flows/index.js';

// Merchant files are edited by hand: whatever is in them, a loader answers with a definition or a
// SourceValidationError whose every issue has a file:line:col inside the file — never a crash, never a hang.
const options = { locales: ['ja', 'en'], actions: Object.keys(builtInActions), guards: Object.keys(builtInGuards) };
const realFlow = readFileSync('examples/shop/flows/shop.yaml', 'utf8');
const realFaq = readFileSync('examples/shop/faq.yaml', 'utf8');
const realCatalog = readFileSync('examples/shop/catalog.csv', 'utf8');

/** Random edits of a real file: cut, duplicate, insert hostile text, break indentation and quotes. */
const mutated = (source: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(source.length),
        cut: fc.nat(40),
        insert: fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom(
            '\t',
            ':',
            ': [',
            '{',
            '"',
            "'",
            '- ',
            '&a',
            '*a',
            '!!binary',
            '\uFEFF',
            '\u0000',
            '\uD800',
            '\n  - x',
            '\n    ',
            '{{ a.b.c }}',
            '%',
            '`',
            '\\',
            '---\n',
            '...',
          ),
          fc.string({ unit: 'grapheme', maxLength: 10 }),
        ),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) =>
      edits.reduce((text, edit) => text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.cut), source),
    );

const deepYaml = fc.nat({ max: 3000 }).map((depth) => `${'- '.repeat(depth)}x\n`);
const bigString = fc
  .nat({ max: 200_000 })
  .map((length) => `id: t\ninitial: a\nstates:\n  a:\n    say: "${'あ'.repeat(length)}"\n`);

function expectCleanResult(load: () => unknown, source: string): void {
  try {
    load();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(SourceValidationError);
    const lines = source.split('\n').length + 1;
    for (const issue of (error as SourceValidationError).issues) {
      expect(issue.pos.line).toBeGreaterThanOrEqual(1);
      expect(issue.pos.line).toBeLessThanOrEqual(lines);
      expect(issue.pos.column).toBeGreaterThanOrEqual(1);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

describe('loader fuzzing', () => {
  it('flow files: 300 mutated copies of the example flow, deep nesting and huge strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 8, arbitrary: mutated(realFlow) },
          { weight: 1, arbitrary: deepYaml },
          { weight: 1, arbitrary: bigString },
        ),
        (source) => expectCleanResult(() => flowsFromSources([{ file: 'flows/shop.yaml', source }], options), source),
      ),
      { numRuns: 300 },
    );
  });

  it('faq.yaml: 300 mutated copies of the example FAQ', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: mutated(realFaq) }, { weight: 1, arbitrary: deepYaml }), (source) =>
        expectCleanResult(() => parseFaq('faq.yaml', source, ['ja', 'en']), source),
      ),
      { numRuns: 300 },
    );
  });

  it('catalog.csv: 300 mutated copies of the example catalog (broken quoting, BOMs, stray bytes)', () => {
    fc.assert(
      fc.property(mutated(realCatalog), (source) =>
        expectCleanResult(() => parseCatalog('catalog.csv', source, 'csv'), source),
      ),
      { numRuns: 300 },
    );
  });

  it('refuses YAML nested deeper than 64 levels at the collection that goes too deep, before the parser can overflow the stack', () => {
    // Past about 900 levels the yaml composer overflows the stack; near that edge V8 may abort the
    // process outright while compiling a regular expression, which no catch can report.
    const issuesOf = (load: () => unknown) => {
      try {
        load();
      } catch (error) {
        return (error as SourceValidationError).issues.map((issue) => ({
          line: issue.pos.line,
          column: issue.pos.column,
          message: issue.message,
        }));
      }
      return [];
    };
    const tooDeep = { message: 'nested more than 64 levels deep; a shop file needs a few' };
    expect(
      issuesOf(() => flowsFromSources([{ file: 'flows/deep.yaml', source: `${'- '.repeat(3000)}x\n` }], options)),
    ).toEqual([{ line: 1, column: 129, ...tooDeep }]);
    expect(
      issuesOf(() =>
        flowsFromSources(
          [{ file: 'flows/deep.yaml', source: `id: t\nvars: ${'['.repeat(5000)}${']'.repeat(5000)}\n` }],
          options,
        ),
      ),
    ).toEqual([{ line: 2, column: 70, ...tooDeep }]);
    const indented = Array.from({ length: 100 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n');
    expect(issuesOf(() => parseFaq('faq.yaml', `${indented} v\n`, ['ja', 'en']))).toEqual([
      { line: 65, column: 65, ...tooDeep },
    ]);
    // 64 levels are allowed through to the usual checks.
    expect(
      issuesOf(() => flowsFromSources([{ file: 'flows/deep.yaml', source: `${'- '.repeat(64)}x\n` }], options))[0]
        ?.message,
    ).not.toContain('nested');
  });

  it('catalog.json: random JSON values and mutated JSON text', () => {
    const json = JSON.stringify(
      [
        {
          id: 'p1',
          title: { ja: '緑茶', en: 'Green tea' },
          description: { ja: 'a', en: 'b' },
          price: 1200,
          currency: 'JPY',
          stock: 3,
          tags: ['tea'],
        },
      ],
      null,
      2,
    );
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated(json)), (source) =>
        expectCleanResult(() => parseCatalog('catalog.json', source, 'json'), source),
      ),
      { numRuns: 300 },
    );
  });
});
