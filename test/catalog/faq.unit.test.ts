import { describe, expect, it } from 'vitest';
import { loadFaq, loadFaqFile, parseFaq } from '../../src/catalog/index.js';
import { SourceValidationError } from '../../src/core/index.js';

const fixture = (name: string): string => new URL(`../fixtures/catalog/${name}`, import.meta.url).pathname;

describe('loadFaqFile', () => {
  it('reads entries with their questions per locale and position', async () => {
    const entries = await loadFaqFile(fixture('faq.yaml'), ['ja', 'en']);
    expect(entries.map((entry) => entry.id)).toContain('shipping-fee');
    expect(entries[0]?.questions.ja).toEqual([
      '送料はいくらですか',
      '送料について教えてください',
      '配送料金はかかりますか',
    ]);
    expect(entries[0]?.answer.en).toBe('Shipping is a flat 500 yen; free over 5,000 yen.');
    expect(entries[0]?.pos.line).toBe(3);
  });

  it('lists every problem with file:line:col', async () => {
    const error = await loadFaqFile(fixture('faq-broken.yaml'), ['ja', 'en']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceValidationError);
    expect((error as SourceValidationError).code).toBe('config_invalid');
    const lines = (error as SourceValidationError).issues.map(
      (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
    );
    expect(lines).toEqual([
      expect.stringMatching(/^9:5 entry has no id/),
      '15:5 duplicate id "shipping-fee" (first used on line 2)',
      '24:7 entry "hours" has no questions in "en", one of the shop\'s locales',
      '26:7 entry "hours" has no answer in "en", one of the shop\'s locales',
      '29:11 entry "wrapping" has an empty question list for "ja"',
    ]);
  });

  it('reports bad YAML at the parser position', () => {
    expect(() => parseFaq('faq.yaml', 'entries:\n  - id: a\n    questions: [unclosed\n', ['ja'])).toThrow(
      /faq\.yaml:\d+:\d+/,
    );
  });

  it('keeps the merchant threshold and checks its range', async () => {
    expect(parseFaq('f.yaml', 'threshold: 0.4\nentries: []\n', ['ja']).threshold).toBe(0.4);
    expect(() => parseFaq('f.yaml', 'threshold: 2\nentries: []\n', ['ja'])).toThrow(/f\.yaml:1:12: threshold must be/);
    expect((await loadFaq(fixture('faq.yaml'), ['ja'])).threshold).toBeUndefined();
  });
});
