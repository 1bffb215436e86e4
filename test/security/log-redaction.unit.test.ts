import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

const secret = 'sk_live_51HvTOPSECRETvalue0123456789';
const capture = () => {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'info', secrets: [secret, 'abc'], write: (line) => lines.push(line) }) };
};

// Valid card numbers (Luhn) written the ways people write them.
const cards = ['4242424242424242', '4242 4242 4242 4242', '5555-5555-5555-4444', '378282246310005', '3530111333300000'];
const phones = ['+819012345678', '+81 90 1234 5678', '090-1234-5678', '03-1234-5678', '09012345678', '+1 415 555 2671'];
const emails = ['aiko.tanaka@example.co.jp', 'shopper+1@example.com'];

describe('log redaction', () => {
  it('never writes a configured secret, a card number, a phone number or an e-mail, wherever it sits in the details', () => {
    const sensitive = fc.constantFrom(secret, ...cards, ...phones, ...emails, `Bearer ${secret}`);
    const text = fc.string({ maxLength: 20 });
    const embedded = fc
      .tuple(text, sensitive, text)
      .map(([before, value, after]) => ({ value, text: `${before} ${value} ${after}` }));
    fc.assert(
      fc.property(
        embedded,
        fc.constantFrom('message', 'error', 'note', 'body'),
        fc.nat(3),
        ({ value, text: line }, key, depth) => {
          const { lines, log } = capture();
          let details: Record<string, unknown> = { [key]: line };
          for (let level = 0; level < depth; level++) details = { nested: [details, { other: 1 }] };
          log(`turn failed: ${line}`, details);
          expect(lines).toHaveLength(1);
          expect(lines[0]).not.toContain(value.replace(/^Bearer /, ''));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('masks secret-named fields whole and keeps ordinary figures (order totals, ids, times)', () => {
    const { lines, log } = capture();
    log('payment applied', {
      orderId: 'KW-7Q3M-9XKD',
      total: 2400,
      at: '2026-11-22T10:00:00.000Z',
      apiKey: 'whatever',
      headers: { authorization: 'x', 'x-line-signature': 'y' },
    });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'info',
      message: 'payment applied',
      orderId: 'KW-7Q3M-9XKD',
      total: 2400,
      at: '2026-11-22T10:00:00.000Z',
      apiKey: '[redacted]',
      headers: { authorization: '[redacted]', 'x-line-signature': '[redacted]' },
    });
  });

  it('keeps a number that is not a card (fails the Luhn check) and logs errors by level', () => {
    const { lines, log } = capture();
    log('send failed', { detail: 'update 4242424242424241 refused' });
    log('ALERT payment mismatch', {});
    expect(lines[0]).toContain('4242424242424241');
    expect(JSON.parse(lines[0]!).level).toBe('warn');
    expect(JSON.parse(lines[1]!).level).toBe('error');
    const quiet: string[] = [];
    createLogger({ level: 'error', write: (line) => quiet.push(line) })('hello', {});
    expect(quiet).toEqual([]);
  });
});
