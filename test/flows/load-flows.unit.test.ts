import { describe, expect, it } from 'vitest';
import { SourceValidationError } from '../../src/core/index.js';
import { builtInActions, builtInGuards, flowJsonSchema, flowsFromSources, loadFlows } from '../../src/flows/index.js';

const options = { locales: ['ja', 'en'], actions: Object.keys(builtInActions), guards: Object.keys(builtInGuards) };

function issuesOf(sources: { file: string; source: string }[]): string[] {
  try {
    flowsFromSources(sources, options);
  } catch (error) {
    if (error instanceof SourceValidationError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('loading flow files', () => {
  it('loads the example shop', async () => {
    const definition = await loadFlows('examples/shop/flows', {
      ...options,
      actions: [...options.actions, 'freeShippingHint'],
      displayRoot: 'examples/shop',
    });
    expect(definition.id).toBe('sawa');
    expect(definition.initial).toBe('welcome');
    expect(Object.keys(definition.states)).toContain('checkout');
    expect(definition.states.welcome?.pos).toMatchObject({ file: 'flows/shop.yaml' });
    expect(definition.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports every problem with file:line:col, with suggestions', () => {
    const source = [
      'id: demo', //                                       1
      'initial: start', //                                 2
      'states:', //                                        3
      '  start:', //                                       4
      '    say: { ja: こんにちは }', //                     5
      '    choices:', //                                   6
      '      - label: { ja: 次へ, en: Next }', //           7
      '        goto: chekout', //                          8
      '  checkout:', //                                    9
      '    do: chekout', //                                10
      '    say: { ja: "{{ 1 + 1 }}", en: ok }', //         11
      '    colour: red', //                                12
    ].join('\n');
    const issues = issuesOf([{ file: 'flows/main.yaml', source }]);
    expect(issues).toContain(
      'flows/main.yaml:12:5: unknown field "colour"; state fields are description, do, with, say, choices, on, next, onError',
    );
    // Schema problems stop before semantic checks; fix and check again.
    const fixed = source.replace('    colour: red', '');
    const semantic = issuesOf([{ file: 'flows/main.yaml', source: fixed }]);
    expect(semantic).toEqual(
      expect.arrayContaining([
        'flows/main.yaml:5:10: missing "en" text (the shop\'s locales are ja, en)',
        'flows/main.yaml:8:15: unknown state "chekout" (did you mean "checkout"?)',
        expect.stringMatching(
          /^flows\/main\.yaml:10:9: unknown action "chekout" \(did you mean "checkout"\?\); actions are /,
        ),
        'flows/main.yaml:11:16: "{{ 1 + 1 }}" is not a value name: only {{ name.path }} is allowed (no expressions)',
      ]),
    );
    expect(semantic).toHaveLength(4);
  });

  it('reports bad YAML at its position', () => {
    const issues = issuesOf([{ file: 'flows/bad.yaml', source: 'initial: a\nstates:\n  a:\n    say: [unclosed\n' }]);
    expect(issues[0]).toMatch(/^flows\/bad\.yaml:\d+:\d+: /);
  });

  it('reports an alias whose anchor is missing at the alias (found by the loader fuzzer), and an alias bomb, as file:line:col', () => {
    const issues = issuesOf([
      { file: 'flows/alias.yaml', source: 'id: x\ninitial: a\nstates:\n  a:\n    say: { ja: *nowhere }\n' },
    ]);
    expect(issues).toEqual([
      'flows/alias.yaml:5:16: unresolved alias *nowhere: its anchor &nowhere must come before it',
    ]);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array.from({ length: 10 }, () => `*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(issuesOf([{ file: 'flows/bomb.yaml', source: bomb }])[0]).toMatch(/^flows\/bomb\.yaml:1:1: .*alias/i);
  });

  it('reports duplicate states and intents across files, and a missing initial', () => {
    const a = 'id: x\nstates:\n  start:\n    say: hi\nintents:\n  greet:\n    keywords: { en: [hi] }\n';
    const b = 'states:\n  start:\n    say: again\nintents:\n  greet:\n    keywords: { en: [yo] }\n';
    const issues = issuesOf([
      { file: 'flows/a.yaml', source: a },
      { file: 'flows/b.yaml', source: b },
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        'flows/b.yaml:2:3: duplicate state "start" (first defined at flows/a.yaml:3)',
        'flows/b.yaml:5:3: duplicate intent "greet" (first defined at flows/a.yaml:6)',
        'flows/a.yaml:1:1: no flow file declares `initial:` (the state a conversation starts in)',
      ]),
    );
  });

  it('rejects unknown events, guards and bad patterns', () => {
    const source = [
      'initial: s',
      'intents:',
      '  buy:',
      '    patterns: { en: ["(unclosed"] }',
      'on:',
      '  purchase: s',
      'states:',
      '  s:',
      '    say: hi',
      '    on:',
      '      buy: { target: s, guard: cartFull }',
    ].join('\n');
    const issues = issuesOf([{ file: 'f.yaml', source }]);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^f\.yaml:4:22: invalid regular expression/),
        expect.stringMatching(/^f\.yaml:6:13: unknown event or intent "purchase"/),
        expect.stringMatching(/^f\.yaml:11:12: unknown guard "cartFull"/),
      ]),
    );
  });

  it('publishes a JSON Schema generated from the loader schema', () => {
    const schema = flowJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['id', 'initial', 'intents', 'on', 'states', 'fallback']),
    );
  });
});
