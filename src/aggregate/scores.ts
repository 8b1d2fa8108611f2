// Batch scores: per document or group, counts and densities per top-level code, the codebook's indices and flags, and the ranking.
import type { Codebook, FlagCondition, FlagSpec, IndexSpec } from '../codebook/types.js';
import { ancestry } from '../codebook/tree.js';
import { QevalError } from '../model/errors.js';

/**
 * What scores are computed from; every field is a sum, so documents add up to groups and shards
 * add up to a corpus. `counts` holds, per code id, its segments plus those of its sub-codes
 * (codes with none are left out).
 */
export interface ScoreMeasures {
  documents: number;
  pages: number;
  words: number;
  units: number;
  segments: number;
  counts: Record<string, number>;
}

/** The columns every row has: the top-level codes, then the indices and flags (from the first codebook that declares any). */
export interface ScoreScheme {
  /** Top-level code ids, in codebook order. */
  codes: string[];
  indices: IndexSpec[];
  flags: FlagSpec[];
}

/** What follows from a row's measures. Densities are per 1,000 words (null for no words); an index with a zero divisor or no words has no value (null). */
export interface DerivedScores {
  densities: Record<string, number | null>;
  indices: Record<string, number | null>;
  /** Ids of the flags raised, in codebook order. */
  flags: string[];
}

/** One row of `qeval score`: a document (`key` = its id) or a group (`key` = the attribute value, '' for none). */
export interface ScoreRow {
  key: string;
  title: string;
  language: string;
  measures: ScoreMeasures;
  /** 1-based place in the ranking. */
  /** 1-based; equal values share a rank; null for a row without the value it is ranked by. */
  rank: number | null;
  /** A group's documents (ids, in the order added), so that a merge can tell shards that overlap; undefined for a document's row. */
  members?: string[];
}

/** What rows are ranked by: an index id or a top-level code id (its density), highest first unless `ascending`. */
export interface ScoreSort {
  by: string | undefined;
  ascending: boolean;
}

/**
 * The scheme of a set of codebooks (they share code ids): top-level codes of the first; indices and
 * flags of the first codebook that declares any. Throws QevalError SCORES_DIFFER when another
 * codebook declares indices or flags with other ids or formulas (labels and order may differ, also
 * the order of an index's weights and `over` codes and of a flag's conditions), naming the first one
 * that differs, at its place in that codebook, and what differs in it.
 */
export function scoreScheme(codebooks: readonly Codebook[]): ScoreScheme {
  const first = codebooks[0];
  if (!first) throw new QevalError('NO_CODEBOOK', 'scores need a codebook');
  const declaring = codebooks.filter((b) => (b.spec.indices?.length ?? 0) + (b.spec.flags?.length ?? 0) > 0);
  const source = declaring[0] ?? first;
  // Each index and flag as its formula's parts (labels left out; weights, codes and conditions in a
  // fixed order, since their order changes nothing), keyed `index:<id>`, `flag:<id>` in the codebook's order.
  const formulas = (b: Codebook): [string, Record<string, string>][] => [
    ...(b.spec.indices ?? []).map((ix): [string, Record<string, string>] => [
      `index:${ix.id}`,
      {
        of: ix.of ?? 'density',
        weights: Object.entries(ix.weights).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, w]) => `${code}: ${w}`).join(', '),
        over: ix.over ? [...ix.over].sort().join(', ') : 'none',
      },
    ]),
    ...(b.spec.flags ?? []).map((f): [string, Record<string, string>] => [
      `flag:${f.id}`,
      { conditions: f.when.map((c) => [c.code !== undefined ? `code ${c.code}` : c.density !== undefined ? `density ${c.density}` : `index ${c.index}`, c.min === undefined ? '' : ` min ${c.min}`, c.max === undefined ? '' : ` max ${c.max}`].join('')).sort().join('; '), min_words: String(f.min_words ?? 'none') },
    ]),
  ];
  const difference = (mine: Record<string, string>, theirs: Record<string, string>): string | undefined => {
    const part = Object.keys(mine).find((k) => mine[k] !== theirs[k]);
    return part === undefined ? undefined : `${part} ${theirs[part]}, not ${mine[part]}`;
  };
  const mine = formulas(source);
  const sourceName = source.file ?? source.spec.codebook;
  for (const other of declaring.slice(1)) {
    const theirs = formulas(other);
    const theirsBy = new Map(theirs);
    const mineBy = new Map(mine);
    const missing = mine.find(([id]) => !theirsBy.has(id));
    const extra = theirs.find(([id]) => !mineBy.has(id));
    const changed = theirs.map(([id, f]) => [id, mineBy.has(id) ? difference(mineBy.get(id)!, f) : undefined] as const).find(([, d]) => d !== undefined);
    const what = (key: string) => key.replace(':', ' "') + '"';
    const problem = missing
      ? { message: `it has no ${what(missing[0])}, which ${sourceName} declares`, place: undefined }
      : extra
        ? { message: `its ${what(extra[0])} is not in ${sourceName}`, place: other.places.get(extra[0]) }
        : changed
          ? { message: `its ${what(changed[0])} has another formula than in ${sourceName}: ${changed[1]}`, place: other.places.get(changed[0]) }
          : undefined;
    if (problem) {
      throw new QevalError('SCORES_DIFFER', `${problem.message}; codebooks scored together must declare the same index and flag ids with the same formulas (labels may differ)`, problem.place ?? { file: other.file ?? other.spec.codebook });
    }
  }
  return {
    codes: first.codes.filter((c) => c.depth === 0).map((c) => c.id),
    indices: source.spec.indices ?? [],
    flags: source.spec.flags ?? [],
  };
}

/** Empty measures, to add to. */
export function emptyMeasures(): ScoreMeasures {
  return { documents: 0, pages: 0, words: 0, units: 0, segments: 0, counts: {} };
}

/** The measures of one document: its size and its segments' codes (each counted for itself and every ancestor). */
export function documentMeasures(size: { pages: number; words: number; units: number }, codes: Iterable<string>): ScoreMeasures {
  const m: ScoreMeasures = { documents: 1, pages: size.pages, words: size.words, units: size.units, segments: 0, counts: {} };
  for (const code of codes) {
    m.segments++;
    for (const id of ancestry(code)) m.counts[id] = (m.counts[id] ?? 0) + 1;
  }
  return m;
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addMeasures(a: ScoreMeasures, b: ScoreMeasures): ScoreMeasures {
  a.documents += b.documents;
  a.pages += b.pages;
  a.words += b.words;
  a.units += b.units;
  a.segments += b.segments;
  for (const [code, n] of Object.entries(b.counts)) a.counts[code] = (a.counts[code] ?? 0) + n;
  return a;
}

/** Rounds to 4 decimals, so outputs are short and every platform prints the same digits. */
export function round4(x: number): number {
  const r = Math.round(x * 10_000) / 10_000;
  return r === 0 ? 0 : r;
}

/** Segments of `code` (sub-codes included) per 1,000 words; null when there are no words. */
export function density(m: ScoreMeasures, code: string): number | null {
  return m.words > 0 ? ((m.counts[code] ?? 0) * 1000) / m.words : null;
}

/**
 * Densities, indices and flags of one row. An index is Σ w·v(code) / Σ v(over) (no divisor without
 * `over`), v the count or the density (unrounded), then rounded to 4 decimals. A flag's conditions
 * are checked against the values as the outputs show them (densities and indices rounded to 4
 * decimals), so a reader who compares a row with the codebook's thresholds sees why it was or was not
 * flagged; a condition on a value that is null never holds, a row with no words raises no flag, and
 * a flag with `min_words` is raised only on rows of at least that many words.
 */
export function deriveScores(scheme: ScoreScheme, m: ScoreMeasures): DerivedScores {
  const densities: Record<string, number | null> = {};
  for (const code of scheme.codes) {
    const d = density(m, code);
    densities[code] = d === null ? null : round4(d);
  }
  const indices: Record<string, number | null> = {};
  for (const ix of scheme.indices) {
    const value = (code: string) => (ix.of === 'count' ? (m.counts[code] ?? 0) : density(m, code));
    let top = 0;
    let ok = true;
    for (const [code, w] of Object.entries(ix.weights)) {
      const v = value(code);
      if (v === null) ok = false;
      else top += w * v;
    }
    let result: number | null = ok ? top : null;
    if (ok && ix.over) {
      let bottom = 0;
      for (const code of ix.over) bottom += value(code) ?? 0;
      result = bottom === 0 ? null : top / bottom;
    }
    indices[ix.id] = result === null ? null : round4(result);
  }
  const holds = (c: FlagCondition) => {
    const shown = (x: number | null) => (x === null ? null : round4(x));
    const v = c.code !== undefined ? (m.counts[c.code] ?? 0) : c.density !== undefined ? shown(density(m, c.density)) : (indices[c.index!] ?? null);
    if (v === null) return false;
    return (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max);
  };
  // A row with no words holds no evidence either way: "no evidence of work with the police" would say
  // too much; nor does a row shorter than a flag's min_words (a two-word note).
  const flags = m.words === 0 ? [] : scheme.flags.filter((f) => (f.min_words === undefined || m.words >= f.min_words) && f.when.every(holds)).map((f) => f.id);
  return { densities, indices, flags };
}

/**
 * Checks `--sort` against the scheme: an index id or a top-level code id; undefined picks the first
 * index (or, with none, document order). Throws QevalError BAD_SORT naming what it accepts.
 */
export function checkSort(scheme: ScoreScheme, by: string | undefined): string | undefined {
  if (by === undefined) return scheme.indices[0]?.id;
  if (scheme.indices.some((ix) => ix.id === by) || scheme.codes.includes(by)) return by;
  const accepted = [...scheme.indices.map((ix) => ix.id), ...scheme.codes];
  throw new QevalError('BAD_SORT', `--sort "${by}" is neither an index nor a top-level code of the codebook; use one of ${accepted.join(', ')}`);
}

/** The value a row is ranked by (null: ranked last). */
export function sortValue(scheme: ScoreScheme, sort: string | undefined, derived: DerivedScores): number | null {
  if (sort === undefined) return null;
  return sort in derived.indices ? (derived.indices[sort] ?? null) : (derived.densities[sort] ?? null);
}

/**
 * Orders rows by their sort value (highest first, or lowest with `ascending`; no value last), then
 * by key, and ranks them by standard competition ranking: equal values (as the outputs show them,
 * rounded to 4 decimals) share a rank, and the next rank skips as many (1, 2, 2, 4). A row without a
 * value has no rank (null): it is not "ranked last", it cannot be ranked, even when no row has one.
 * Without `valueOf` (nothing to rank by: a codebook without indices) rows are numbered 1..n in key
 * order. Sorts in place.
 */
export function rankRows<T extends { key: string; rank: number | null }>(rows: T[], valueOf: ((row: T) => number | null) | undefined, ascending = false): T[] {
  const values = new Map(rows.map((r) => [r, valueOf === undefined ? null : valueOf(r)]));
  rows.sort((a, b) => {
    const va = values.get(a) ?? null;
    const vb = values.get(b) ?? null;
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return ascending ? va - vb : vb - va;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const ranked = valueOf !== undefined;
  let previous: number | null = null;
  let rank = 0;
  rows.forEach((r, i) => {
    const v = values.get(r) ?? null;
    if (!ranked) r.rank = i + 1;
    else if (v === null) r.rank = null;
    else {
      if (v !== previous) rank = i + 1;
      previous = v;
      r.rank = rank;
    }
  });
  return rows;
}

/**
 * The group names (values of a --by attribute) that differ only by letter case or white space
 * ("Atrama", "atrama ", "ATRAMA"), each set in sorted order, the sets sorted by their first name:
 * most likely one group written two ways. Pure.
 */
export function groupsAlike(names: readonly string[]): string[][] {
  const byFold = new Map<string, string[]>();
  for (const name of names) {
    const fold = name.toLocaleLowerCase('und').replace(/\s+/gu, ' ').trim();
    byFold.set(fold, [...(byFold.get(fold) ?? []), name]);
  }
  return [...byFold.values()].filter((list) => list.length > 1).map((list) => [...list].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
