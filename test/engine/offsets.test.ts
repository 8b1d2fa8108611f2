// Offsets are code points into the normalized text: the segment text equals that slice, emoji or not.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { sliceCodePoints } from '../../src/engine/positions.js';

const compiled = compileCodebook(parseCodebook('codebook: t\nversion: 1\nlanguage: en\ncodes:\n  - id: x\n    label: X\n    definition: d\n    rules:\n      - any: [police]\n', 't.yaml'));

describe('code point offsets', () => {
  it('count an emoji as one position and combining marks as their own', () => {
    const text = '😀😀 Cafe\u0301 first. The police 👮‍♀️ came. Ąžuolas sėdi.\nThe police again.';
    const segs = codeDocument(compiled, { id: 'e.txt', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });
    expect(segs).toHaveLength(2);
    for (const s of segs) expect(sliceCodePoints(text, s.start, s.end)).toBe(s.text);
    expect(segs[0]?.start).toBe(Array.from('😀😀 Cafe\u0301 first. ').length);
    expect(segs[1]?.line).toBe(2);
  });
});
