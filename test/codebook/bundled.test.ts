// The bundled codebooks: the Lithuanian one mirrors the English one code for code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebook } from '../../src/codebook/load.js';

const en = parseCodebook(readFileSync('codebooks/swot.yaml', 'utf8'), 'codebooks/swot.yaml');
const lt = parseCodebook(readFileSync('codebooks/swot.lt.yaml', 'utf8'), 'codebooks/swot.lt.yaml');

describe('bundled codebooks', () => {
  it('share every code id, parent and quadrant', () => {
    expect(lt.codes.map((c) => [c.id, c.parent, c.quadrant])).toEqual(en.codes.map((c) => [c.id, c.parent, c.quadrant]));
  });
  it('declare their languages', () => {
    expect([en.spec.language, lt.spec.language]).toEqual(['en', 'lt']);
  });
  it('share recommendation ids and conditions', () => {
    expect(lt.spec.recommendations?.map((r) => [r.id, r.when])).toEqual(en.spec.recommendations?.map((r) => [r.id, r.when]));
  });
  it('give the Lithuanian codebook Lithuanian labels', () => {
    expect(lt.byId.get('strength')?.label).not.toBe(en.byId.get('strength')?.label);
    expect(lt.codes.filter((c) => c.label === en.byId.get(c.id)?.label)).toEqual([]);
  });
  it('have at least three examples and two counter-examples per code', () => {
    for (const book of [en, lt]) {
      for (const c of book.codes) {
        expect(c.examples.length, `${book.spec.codebook} ${c.id}`).toBeGreaterThanOrEqual(3);
        expect(c.counter_examples.length, `${book.spec.codebook} ${c.id}`).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
