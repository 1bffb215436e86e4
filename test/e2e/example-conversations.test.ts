import { describe, expect, it } from 'vitest';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';

// The example shop's scripted conversations (examples/shop/tests/*.yaml), exactly as `kaiwa test` runs them.
const outcomes = await runConversationTests('examples/shop');

describe('example shop conversations (kaiwa test)', () => {
  it('ships at least ten, in Japanese and English', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
  });
  it.each(outcomes.map((outcome) => [outcome.name, outcome] as const))('%s', (_name, outcome) => {
    expect(outcome.failure).toBeUndefined();
  });
});
