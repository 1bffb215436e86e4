import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from '../../src/flows/index.js';

describe('docs/flow.schema.json', () => {
  it('is the schema the loader uses (regenerate with `npm run schema`)', () => {
    expect(JSON.parse(readFileSync('docs/flow.schema.json', 'utf8'))).toEqual(flowJsonSchema());
  });
});
