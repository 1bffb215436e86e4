import { describe, expect, it } from 'vitest';
import {
  addMoney,
  currencyExponent,
  formatMoney,
  money,
  multiplyMoney,
  parseMoney,
  toDecimalString,
} from '../../src/core/money.js';

describe('money', () => {
  it('knows each currency real exponent', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('refuses floats and bad codes', () => {
    expect(() => money(12.5, 'JPY')).toThrow(/integer/);
    expect(() => money(100, 'YEN!')).toThrow(/ISO 4217/);
  });

  it('adds and multiplies in minor units, refusing mixed currencies', () => {
    expect(addMoney(money(1200, 'JPY'), money(800, 'JPY'))).toEqual({ amount: 2000, currency: 'JPY' });
    expect(multiplyMoney(money(1999, 'USD'), 3)).toEqual({ amount: 5997, currency: 'USD' });
    expect(() => addMoney(money(1, 'JPY'), money(1, 'USD'))).toThrow(/JPY with USD/);
  });

  it('converts to and from decimal strings without floating point', () => {
    expect(toDecimalString(money(1999, 'USD'))).toBe('19.99');
    expect(toDecimalString(money(5, 'KWD'))).toBe('0.005');
    expect(toDecimalString(money(1200, 'JPY'))).toBe('1200');
    expect(parseMoney('19.99', 'USD')).toEqual({ amount: 1999, currency: 'USD' });
    expect(parseMoney('1,200', 'JPY')).toEqual({ amount: 1200, currency: 'JPY' });
    expect(() => parseMoney('12.5', 'JPY')).toThrow(/0/);
  });

  it('formats per locale', () => {
    expect(formatMoney(money(1200, 'JPY'), 'ja-JP')).toBe('￥1,200');
    expect(formatMoney(money(1200, 'JPY'), 'en-US')).toBe('¥1,200');
    expect(formatMoney(money(1999, 'USD'), 'en-US')).toBe('$19.99');
    expect(formatMoney(money(1234, 'KWD'), 'en-US')).toMatch(/1\.234/);
  });
});
