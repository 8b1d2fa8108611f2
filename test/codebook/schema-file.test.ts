// The JSON Schema shipped for editors is the one the loader validates with.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { schemaJson } from '../../src/tools/write-schema.js';

describe('codebooks/codebook.schema.json', () => {
  it('equals the schema in src (regenerate with npm run schema)', () => {
    expect(readFileSync('codebooks/codebook.schema.json', 'utf8')).toBe(schemaJson);
  });
});
