import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceValidationError } from '../../src/core/index.js';
import { parseConversationTest, testJsonSchema } from '../../src/testing/test-file.js';

/** The problems of a file that does not parse, as `file:line:col: message` lines. */
function problems(source: string, options: Parameters<typeof parseConversationTest>[2] = {}): string[] {
  try {
    parseConversationTest('t.yaml', source, options);
  } catch (error) {
    if (!(error instanceof SourceValidationError)) throw error;
    return error.issues.map((issue) => `${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`);
  }
  return [];
}

describe('parseConversationTest', () => {
  it('reads the new expectations beside the existing ones', () => {
    const test = parseConversationTest(
      't.yaml',
      [
        'name: cards',
        'steps:',
        '  - say: hi',
        '    expect:',
        '      noProducts: true',
        '      handoff: false',
        '  - press: { label: Add to cart, product: tea-sencha-uji }',
        '    expect:',
        '      cards: [{ id: tea-sencha-uji, price: 1200 }, { id: tea-kabusecha }]',
        '      products: [tea-sencha-uji]',
        '      paymentLink: false',
        '      order: paid',
        '',
      ].join('\n'),
      { productIds: new Set(['tea-sencha-uji', 'tea-kabusecha']) },
    );
    expect(test.steps[0]?.expect).toEqual({ noProducts: true, handoff: false });
    expect(test.steps[1]?.expect?.cards).toEqual([{ id: 'tea-sencha-uji', price: 1200 }, { id: 'tea-kabusecha' }]);
    expect(test.stepLines).toEqual([3, 7]);
  });

  it('points at a misspelt field with file:line:col and a suggestion', () => {
    expect(problems('name: x\nsteps:\n  - say: hi\n    expect:\n      noproducts: true\n')).toEqual([
      't.yaml:5:7: steps.0.expect: unknown field "noproducts" (did you mean "noProducts"?)',
    ]);
    expect(problems('name: x\nsteps:\n  - say: hi\n    expect:\n      cards: [{ id: a, prise: 3 }]\n')).toEqual([
      't.yaml:5:24: steps.0.expect.cards.0: unknown field "prise" (did you mean "price"?)',
    ]);
  });

  it('refuses prices that are not whole minor units, and noProducts beside cards', () => {
    expect(problems('name: x\nsteps:\n  - say: hi\n    expect:\n      cards: [{ id: a, price: 12.5 }]\n')).toEqual([
      expect.stringMatching(/^t\.yaml:5:31: steps\.0\.expect\.cards\.0\.price: .*int/i),
    ]);
    expect(
      problems('name: x\nsteps:\n  - say: hi\n    expect:\n      noProducts: true\n      cards: [{ id: a }]\n'),
    ).toEqual(['t.yaml:5:19: steps.0.expect.noProducts: noProducts cannot be combined with products or cards']);
    expect(problems('name: x\nsteps:\n  - say: hi\n    expect:\n      noProducts: false\n')).toEqual([
      't.yaml:5:19: steps.0.expect.noProducts: write noProducts: true, or leave it out',
    ]);
  });

  it('reports syntax errors, empty files and steps with two actions by position', () => {
    expect(problems('name: x\nsteps:\n  - say: [hi\n')).toEqual([expect.stringMatching(/^t\.yaml:4:1: /)]);
    expect(problems('')).toEqual(['t.yaml:1:1: the test file is empty; it needs a name and steps']);
    expect(problems('name: x\nsteps:\n  - say: hi\n    press: Add\n')).toEqual([
      't.yaml:3:5: steps.0: each step needs exactly one of say, press or pay',
    ]);
  });

  it('names unknown product ids with a did-you-mean, wherever the test names them', () => {
    const ids = new Set(['tea-sencha-uji', 'tea-gyokuro-yame']);
    const source = [
      'name: x',
      'steps:',
      '  - press: { label: Add, product: tea-sencha-uj }',
      '    expect:',
      '      products: [tea-sencha-uji, zzz]',
      '      cards: [{ id: tea-gyokuro-yam, price: 3800 }]',
      '',
    ].join('\n');
    expect(problems(source, { productIds: ids })).toEqual([
      't.yaml:3:35: steps.0.press.product: unknown product id "tea-sencha-uj" (did you mean "tea-sencha-uji"?)',
      't.yaml:5:34: steps.0.expect.products.1: unknown product id "zzz"; it is not in the catalog',
      't.yaml:6:21: steps.0.expect.cards.0.id: unknown product id "tea-gyokuro-yam" (did you mean "tea-gyokuro-yame"?)',
    ]);
    // Without the catalog (what `kaiwa test` parses with) ids are not checked.
    expect(problems(source)).toEqual([]);
  });

  it('checks the channel against the previewed channels when given them', () => {
    const channels = new Set(['line', 'telegram']);
    expect(problems('name: x\nchannel: lime\nsteps:\n  - say: hi\n', { channels })).toEqual([
      't.yaml:2:10: channel: "lime" is not a channel the simulator previews (did you mean "line"?)',
    ]);
    expect(problems('name: x\nchannel: line\nsteps:\n  - say: hi\n', { channels })).toEqual([]);
  });
});

describe('docs/test.schema.json', () => {
  it('is the schema the parser uses (regenerate with `kaiwa schema --tests > docs/test.schema.json`)', () => {
    expect(JSON.parse(readFileSync('docs/test.schema.json', 'utf8'))).toEqual(testJsonSchema());
  });

  it('lists the new expectations and requires one of say, press or pay per step', () => {
    const schema = testJsonSchema() as {
      properties: { steps: { items: { oneOf: unknown[]; properties: { expect: { properties: object } } } } };
    };
    const step = schema.properties.steps.items;
    expect(Object.keys(step.properties.expect.properties)).toEqual(
      expect.arrayContaining(['cards', 'noProducts', 'handoff', 'order', 'paymentLink']),
    );
    expect(step.oneOf).toEqual([{ required: ['say'] }, { required: ['press'] }, { required: ['pay'] }]);
  });
});
