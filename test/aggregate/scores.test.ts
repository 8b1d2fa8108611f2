// Score formulas: densities, indices (with and without a divisor), flags, the scheme check and the ranking.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { addMeasures, deriveScores, documentMeasures, emptyMeasures, rankRows, scoreScheme, checkSort } from '../../src/aggregate/scores.js';
import { QevalError } from '../../src/model/errors.js';
import { parseCsv } from '../../src/io/csv.js';
import { splitListCell } from '../../src/render/csv.js';
import { scoreFormatters } from '../../src/render/scores.js';

const book = (scores: string, name = 't') => parseCodebook(`codebook: ${name}
version: 1.0.0
language: en
codes:
  - { id: strength, label: S, definition: d, codes: [{ id: strength.trust, label: T, definition: d }] }
  - { id: weakness, label: W, definition: d }
  - { id: opportunity, label: O, definition: d }
  - { id: threat, label: T, definition: d }
${scores}`, `${name}.yaml`);

const SCORES = `indices:
  - { id: net, label: Net, of: count, weights: { strength: 1, opportunity: 1, weakness: -1, threat: -1 }, over: [strength, opportunity, weakness, threat] }
  - { id: s-density, label: S per 1000, weights: { strength: 1 } }
  - { id: weighted, label: W, weights: { strength: 2, weakness: -0.5 } }
flags:
  - { id: no-trust, label: No trust, when: [{ code: strength.trust, max: 0 }] }
  - { id: gloomy, label: Gloomy, when: [{ index: net, max: -0.5 }] }
  - { id: dense-w, label: Dense W, when: [{ density: weakness, min: 10 }, { code: threat, min: 1 }] }
`;

describe('deriveScores', () => {
  const scheme = scoreScheme([book(SCORES)]);
  it('counts a segment for its code and every ancestor, and densities per 1,000 words', () => {
    const m = documentMeasures({ pages: 1, words: 500, units: 20 }, ['strength.trust', 'strength', 'weakness', 'weakness', 'weakness', 'threat']);
    expect(m.counts).toEqual({ strength: 2, 'strength.trust': 1, weakness: 3, threat: 1 });
    const d = deriveScores(scheme, m);
    expect(d.densities).toEqual({ strength: 4, weakness: 6, opportunity: 0, threat: 2 });
    // (2 + 0 - 3 - 1) / (2 + 0 + 3 + 1)
    expect(d.indices.net).toBe(-0.3333);
    expect(d.indices['s-density']).toBe(4);
    // 2·4 - 0.5·6 (densities)
    expect(d.indices.weighted).toBe(5);
    expect(d.flags).toEqual([]);
  });
  it('gives no value to an index whose divisor is 0 or that has no words, and such a value raises no flag', () => {
    const none = deriveScores(scheme, documentMeasures({ pages: 1, words: 0, units: 0 }, []));
    expect(none.indices).toEqual({ net: null, 's-density': null, weighted: null });
    expect(none.densities.strength).toBeNull();
    // No words, no evidence either way: not even a count condition (no-trust: max 0) raises its flag.
    expect(none.flags).toEqual([]);
  });
  it('raises a flag only when all of its conditions hold (inclusive bounds)', () => {
    const d = deriveScores(scheme, documentMeasures({ pages: 1, words: 100, units: 5 }, ['weakness', 'threat', 'threat']));
    expect(d.indices.net).toBe(-1);
    expect(d.flags).toEqual(['no-trust', 'gloomy', 'dense-w']);
    const e = deriveScores(scheme, documentMeasures({ pages: 1, words: 100, units: 5 }, ['weakness', 'strength.trust']));
    expect(e.flags).toEqual([]);
  });
  it('adds documents up to a group before deriving (a ratio of sums, not a mean of ratios)', () => {
    const a = documentMeasures({ pages: 2, words: 100, units: 5 }, ['strength']);
    const b = documentMeasures({ pages: 1, words: 300, units: 9 }, ['weakness', 'weakness', 'weakness']);
    const g = addMeasures(addMeasures(emptyMeasures(), a), b);
    expect(g).toMatchObject({ documents: 2, pages: 3, words: 400, units: 14, segments: 4 });
    expect(deriveScores(scheme, g).indices.net).toBe(-0.5);
  });
});

describe('flags of a row with no words', () => {
  it('are none, though a count condition (max 0) would hold: the row holds no evidence either way', () => {
    const scheme = scoreScheme([book(SCORES)]);
    expect(deriveScores(scheme, documentMeasures({ pages: 1, words: 0, units: 0 }, [])).flags).toEqual([]);
    expect(deriveScores(scheme, documentMeasures({ pages: 1, words: 50, units: 3 }, ['weakness'])).flags).toEqual(['no-trust', 'gloomy']);
  });
});

describe('a flag with min_words', () => {
  const flagged = `flags:
  - { id: no-trust, label: No trust, min_words: 100, when: [{ code: strength.trust, max: 0 }] }
  - { id: dense-w, label: Dense W, min_words: 100, when: [{ density: weakness, min: 10 }] }
  - { id: any-w, label: Any W, when: [{ code: weakness, min: 1 }] }
`;
  it('is raised only on rows of at least that many words: a two-word note is no evidence of anything missing or dense', () => {
    const scheme = scoreScheme([book(flagged)]);
    expect(deriveScores(scheme, documentMeasures({ pages: 1, words: 2, units: 1 }, ['weakness'])).flags).toEqual(['any-w']);
    expect(deriveScores(scheme, documentMeasures({ pages: 1, words: 99, units: 5 }, ['weakness'])).flags).toEqual(['any-w']);
    expect(deriveScores(scheme, documentMeasures({ pages: 1, words: 100, units: 5 }, ['weakness'])).flags).toEqual(['no-trust', 'dense-w', 'any-w']);
  });

  it('is part of the formula codebooks scored together must share, and is said where the flag is described', async () => {
    const { describeFlag } = await import('../../src/render/codebook.js');
    const [a, b] = [book(flagged, 'a'), book(flagged.replace('min_words: 100, when: [{ code', 'min_words: 50, when: [{ code'), 'b')];
    expect(() => scoreScheme([a, b])).toThrow(/flag "no-trust"|no-trust/);
    expect(describeFlag(a.spec.flags![0]!)).toBe('strength.trust ≤ 0, in 100 words or more');
    expect(() => book('flags:\n  - { id: f, label: F, min_words: 0, when: [{ code: weakness, min: 1 }] }\n')).toThrow(QevalError);
  });
});

describe('flag conditions against the values the outputs show', () => {
  it('hold at a threshold equal to the value rounded to 4 decimals, as a reader comparing the row with the codebook expects', () => {
    const scheme = scoreScheme([book(`indices:
  - { id: net, label: Net, of: count, weights: { strength: 1, weakness: -1 }, over: [strength, weakness] }
flags:
  - { id: at-net, label: At net, when: [{ index: net, max: -0.6667 }] }
  - { id: at-density, label: At density, when: [{ density: weakness, max: 16.6667 }] }
  - { id: above-density, label: Above density, when: [{ density: weakness, max: 16.6666 }] }
`)]);
    // net = (1 - 5) / 6 = -0.666666..., shown -0.6667; weakness density 1000 * 5 / 300 = 16.666666..., shown 16.6667.
    const d = deriveScores(scheme, documentMeasures({ pages: 1, words: 300, units: 6 }, ['strength', 'weakness', 'weakness', 'weakness', 'weakness', 'weakness']));
    expect(d.indices.net).toBe(-0.6667);
    expect(d.densities.weakness).toBe(16.6667);
    expect(d.flags).toEqual(['at-net', 'at-density']);
  });
});

describe('scoreScheme and ranking', () => {
  it('takes top-level codes and the declared indices; rejects codebooks whose formulas differ', () => {
    const scheme = scoreScheme([book(SCORES)]);
    expect(scheme.codes).toEqual(['strength', 'weakness', 'opportunity', 'threat']);
    expect(scheme.indices.map((i) => i.id)).toEqual(['net', 's-density', 'weighted']);
    expect(scoreScheme([book(''), book(SCORES, 'u')]).indices).toHaveLength(3);
    const other = book(SCORES.replace('weakness: -0.5', 'weakness: -1'), 'u');
    expect(() => scoreScheme([book(SCORES), other])).toThrow(expect.objectContaining({ code: 'SCORES_DIFFER' }) as unknown as Error);
  });
  it('names the first index or flag that differs, at its place in the other codebook; the order may differ', () => {
    const error = (books: ReturnType<typeof book>[]) => {
      try {
        scoreScheme(books);
      } catch (e) {
        return { message: (e as QevalError).message, place: (e as QevalError).place };
      }
      return undefined;
    };
    expect(error([book(SCORES), book(SCORES.replace('weakness: -0.5', 'weakness: -1'), 'u')])).toEqual({
      message: 'its index "weighted" has another formula than in t.yaml: weights strength: 2, weakness: -1, not strength: 2, weakness: -0.5; codebooks scored together must declare the same index and flag ids with the same formulas (labels may differ)',
      place: expect.objectContaining({ file: 'u.yaml', line: 12 }),
    });
    expect(error([book(SCORES), book(SCORES.replace('max: -0.5', 'max: -0.4'), 'u')])?.message).toMatch(/^its flag "gloomy" has another formula than in t\.yaml: conditions index net max -0\.4, not index net max -0\.5;/);
    expect(error([book(SCORES), book(SCORES.replace('id: dense-w', 'id: dense'), 'u')])?.message).toMatch(/^it has no flag "dense-w", which t.yaml declares;/);
    const reordered = SCORES.replace(/( {2}- \{ id: net,.*\n)( {2}- \{ id: s-density.*\n)/, '$2$1');
    expect(reordered).not.toBe(SCORES);
    expect(error([book(SCORES), book(reordered, 'u')])).toBeUndefined();
    // The order of weights, of "over" codes and of a flag's conditions changes no formula.
    const shuffled = SCORES.replace('weights: { strength: 1, opportunity: 1, weakness: -1, threat: -1 }, over: [strength, opportunity, weakness, threat]', 'weights: { threat: -1, weakness: -1, strength: 1, opportunity: 1 }, over: [threat, strength, weakness, opportunity]')
      .replace('when: [{ density: weakness, min: 10 }, { code: threat, min: 1 }]', 'when: [{ code: threat, min: 1 }, { density: weakness, min: 10 }]');
    expect(shuffled).not.toBe(SCORES);
    expect(error([book(SCORES), book(shuffled, 'u')])).toBeUndefined();
    expect(error([book(SCORES), book(SCORES.replace('over: [strength, opportunity, weakness, threat]', 'over: [strength, weakness]'), 'u')])?.message).toMatch(/^its index "net" has another formula than in t\.yaml: over strength, weakness, not opportunity, strength, threat, weakness;/);
  });
  it('checks --sort: an index or a top-level code, the first index by default', () => {
    const scheme = scoreScheme([book(SCORES)]);
    expect(checkSort(scheme, undefined)).toBe('net');
    expect(checkSort(scheme, 'threat')).toBe('threat');
    try {
      checkSort(scheme, 'nett');
      throw new Error('expected BAD_SORT');
    } catch (e) {
      expect((e as QevalError).code).toBe('BAD_SORT');
    }
  });
  it('ranks highest first, listed by key within a tie; equal values share a rank (1, 2, 2, 4); a row without a value has none; ascending reverses values only', () => {
    const rows: { key: string; rank: number | null; v: number | null }[] = [{ key: 'b', rank: 0, v: 1 }, { key: 'a', rank: 0, v: null }, { key: 'c', rank: 0, v: 3 }, { key: 'a2', rank: 0, v: 1 }, { key: 'd', rank: 0, v: 0.5 }];
    rankRows(rows, (r) => r.v);
    expect(rows.map((r) => `${r.rank}:${r.key}`)).toEqual(['1:c', '2:a2', '2:b', '4:d', 'null:a']);
    rankRows(rows, (r) => r.v, true);
    expect(rows.map((r) => `${r.rank}:${r.key}`)).toEqual(['1:d', '2:a2', '2:b', '4:c', 'null:a']);
    // No row has a value: none has a rank (none is first).
    rankRows(rows, () => null);
    expect(rows.map((r) => `${r.rank}:${r.key}`)).toEqual(['null:a', 'null:a2', 'null:b', 'null:c', 'null:d']);
    // Nothing to rank by (a codebook without indices): rows are numbered in key order.
    rankRows(rows, undefined);
    expect(rows.map((r) => `${r.rank}:${r.key}`)).toEqual(['1:a', '2:a2', '3:b', '4:c', '5:d']);
  });
});

describe('the flags cell of a score CSV', () => {
  it('escapes a label holding the list separator, so that its flags can be told apart', () => {
    const scheme = scoreScheme([book(SCORES)]);
    const measures = documentMeasures({ pages: 1, words: 100, units: 5 }, ['weakness', 'threat', 'threat']);
    const row = { key: 'a.md', title: '', language: 'en', measures, rank: 1 };
    const flagLabels = new Map([['no-trust', 'No trust; none at all'], ['gloomy', 'Gloomy\\dark']]);
    const csv = scoreFormatters.csv([row], { scheme, flagLabels, sort: 'net', ascending: false });
    expect(splitListCell(parseCsv(csv, 'scores.csv').rows[0]!.flags!)).toEqual(['No trust; none at all', 'Gloomy\\dark', 'dense-w']);
  });
});

describe('the score table in a file', () => {
  it('drawn for no width limit (a file, a pipe), shows every one of 60 indices and a 1,000-character document id whole', () => {
    const many = Array.from({ length: 60 }, (_, i) => `  - { id: strength-density-variant-${String(i).padStart(2, '0')}, label: V${i}, weights: { strength: ${i + 1} } }`).join('\n');
    const scheme = scoreScheme([book(`indices:\n${many}\n`)]);
    const key = `${'folder-'.repeat(140)}a.md`;
    const row = { key, title: '', language: 'en', measures: documentMeasures({ pages: 1, words: 100, units: 5 }, ['strength']), rank: 1 };
    const table = scoreFormatters.table([row], { scheme, flagLabels: new Map(), sort: 'strength-density-variant-00', ascending: false, width: Infinity });
    for (let i = 0; i < 60; i++) expect(table).toContain(`strength-density-variant-${String(i).padStart(2, '0')}`);
    expect(table).toContain(key);
  });
});
