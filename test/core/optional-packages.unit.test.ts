import { describe, expect, it } from 'vitest';
import { ConfigError, requirePackages } from '../../src/core/index.js';

describe('requirePackages', () => {
  it('passes when every package resolves from Kaiwa', () => {
    expect(() => requirePackages('Flows', ['yaml', 'xstate'])).not.toThrow();
  });

  it('names every missing package and the npm install that adds them', () => {
    let error: unknown;
    try {
      requirePackages('WhatsApp Web (WHATSAPP_WEB_ENABLED=1)', ['yaml', 'kaiwa-test-absent-a', 'kaiwa-test-absent-b']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'WhatsApp Web (WHATSAPP_WEB_ENABLED=1) needs the packages kaiwa-test-absent-a, kaiwa-test-absent-b, not installed in this project: npm install kaiwa-test-absent-a kaiwa-test-absent-b',
    );
  });

  it('says "the package" for one', () => {
    expect(() => requirePackages('PayPay', ['kaiwa-test-absent'])).toThrow(
      'PayPay needs the package kaiwa-test-absent, not installed in this project: npm install kaiwa-test-absent',
    );
  });
});
