// Objects made once per line, turn or unit of a transcript share a few V8 hidden classes: a spread copy with a field overwritten
// (`{ ...match, length }`) gets a class of its own each time, which cost some 10 MB per 10 MB transcript in the speaker labels alone.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, test } from 'vitest';
import { matchLabel } from '../../src/text/speakers.js';
import { segmentText } from '../../src/text/segment.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set, so V8's own test of two objects' hidden classes is allowed in it.
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many hidden classes `objects` have between them (counting stops past `cap`). */
function classes(objects: readonly object[], cap = 20): number {
  const seen: object[] = [];
  for (const o of objects) {
    if (!seen.some((s) => sameMap(s, o))) seen.push(o);
    if (seen.length > cap) break;
  }
  return seen.length;
}

/** A transcript of `turns` turns, two speakers taking turns, some labels with a time code. */
function transcript(turns: number): string {
  const lines: string[] = [];
  for (let i = 0; i < turns; i++) {
    const who = i % 2 === 0 ? 'Interviewer' : 'Coordinator';
    lines.push(`${who}${i % 5 === 0 ? ` [00:${String(i % 60).padStart(2, '0')}:05]` : ''}: We met the police ${i} times. The shelter had ${i} beds.`, '');
  }
  return lines.join('\n');
}

describe('objects made per line of a transcript', () => {
  test('speaker label matches share a hidden class per shape (with and without a time code), not one each', () => {
    const matches = transcript(400).split('\n').map(matchLabel).filter((m) => m !== undefined);
    expect(matches.length).toBe(400);
    expect(classes(matches)).toBeLessThanOrEqual(4);
  });

  test('units of a segmented transcript share a few hidden classes', () => {
    const seg = segmentText(transcript(400));
    for (const units of [seg.sentence, seg.paragraph, seg.turn]) {
      expect(units.length).toBeGreaterThan(100);
      expect(classes(units)).toBeLessThanOrEqual(6);
    }
  });
});
