// Gathering evidence: segments that repeat (same document, code, span and coder) count once.
import { describe, expect, test } from 'vitest';
import { dedupeSegments } from '../../src/study/evidence.js';
import { seg } from '../aggregate/helpers.js';

describe('dedupeSegments', () => {
  const a = seg('a.md', 1, 'strength.trust', ['trust']);
  const b = seg('a.md', 2, 'weakness.practice', ['poor']);
  const c = seg('b.md', 1, 'strength.trust', ['trust']);

  test('the same segments given twice are kept once, in segment order', () => {
    const { segments, dropped } = dedupeSegments([c, b, a, a, b, c, { ...a }]);
    expect(segments).toEqual([a, b, c]);
    expect(dropped).toBe(4);
    expect(dedupeSegments([a, b, c])).toEqual({ segments: [a, b, c], dropped: 0 });
  });

  test('a different coder, code or span is other evidence', () => {
    const rasa = { ...a, coder: 'Rasa', rule: null };
    const other = { ...a, code: 'strength.practice' };
    const wider = { ...a, end: a.end + 1 };
    expect(dedupeSegments([a, rasa, other, wider]).dropped).toBe(0);
  });

  test('of duplicates that differ elsewhere (rule, matched words), the same one is kept whatever the input order', () => {
    const other = { ...a, rule: 'strength.trust#2', matched: ['confidential'] };
    const first = dedupeSegments([a, other]);
    const second = dedupeSegments([other, a]);
    expect(first.dropped).toBe(1);
    expect(second.segments).toEqual(first.segments);
  });
});
