// Same inputs, same bytes: no timestamps, no dependence on input order.
import { expect, test } from 'vitest';
import { fixtureInput } from './fixtures/study.js';
import { LANGS, renderFixture } from './render-fixture.js';

test.each(LANGS)('two renderings are byte-identical (%s)', (lang) => {
  expect(renderFixture(lang)).toEqual(renderFixture(lang));
});

test.each(LANGS)('shuffled segments and documents give the same bytes (%s)', (lang) => {
  const input = fixtureInput('en');
  // A fixed permutation: reverse, then interleave halves.
  const shuffle = <T,>(list: readonly T[]): T[] => {
    const r = [...list].reverse();
    const half = Math.ceil(r.length / 2);
    return r.slice(0, half).flatMap((x, i) => (r[half + i] === undefined ? [x] : [x, r[half + i] as T]));
  };
  const shuffled = { ...input, segments: shuffle(input.segments), documents: shuffle(input.documents) };
  expect(shuffled.segments).not.toEqual(input.segments);
  expect(renderFixture(lang, shuffled)).toEqual(renderFixture(lang, input));
});

test('no output contains a date or time of the run', () => {
  const year = String(new Date().getFullYear());
  for (const f of renderFixture('en')) {
    // The fixture's own dates are 2024/2025 documents; the run's time must not appear.
    expect(f.data, f.path).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    if (year !== '2024' && year !== '2025') expect(f.data, f.path).not.toContain(year);
  }
});
