// The build-time codebook cache gives the codebook parsing gives, and only for the bytes it was made from.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebook } from '../../src/codebook/load.js';
import { codebookFromCache, codebookToCache } from '../../src/io/codebook-cache.js';

describe('codebook cache', () => {
  for (const file of ['codebooks/swot.yaml', 'codebooks/swot.lt.yaml']) {
    it(`${file}: the cached copy equals the parsed codebook, with places named as asked`, () => {
      const bytes = readFileSync(file);
      const parsed = parseCodebook(bytes.toString('utf8'), file);
      const cached = codebookFromCache(codebookToCache(parseCodebook(bytes.toString('utf8'), 'built.yaml'), bytes), bytes, file);
      expect(cached).toEqual(parsed);
      expect(cached!.byId.get('networking.partner.police')).toBe(cached!.codes.find((c) => c.id === 'networking.partner.police'));
    });
  }
  it('is not used for other bytes or damaged JSON', () => {
    const bytes = readFileSync('codebooks/swot.yaml');
    const json = codebookToCache(parseCodebook(bytes.toString('utf8'), 'x'), bytes);
    expect(codebookFromCache(json, Buffer.concat([bytes, Buffer.from('\n')]), 'x')).toBeUndefined();
    expect(codebookFromCache(json.slice(0, 100), bytes, 'x')).toBeUndefined();
  });
});
