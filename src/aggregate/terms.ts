// Term frequencies for codebook authors: stems that occur most in respondents' words, and stems distinctive of a code or attribute (keyness).
import type { CodedSegment, SourceDocument, UnitKind } from '../model/types.js';
import { Positions } from '../engine/positions.js';
import { languageOf } from '../engine/code-many.js';
import { segmentSource } from '../text/segment.js';
import { tokenize } from '../engine/tokenize.js';
import { getStemmer } from '../lang/stemmers.js';
import { stopwords } from '../lang/stopwords.js';

export interface TermCount {
  /** The stem (or the word, for a language without a stemmer). */
  stem: string;
  /** Occurrences in respondents' units. */
  count: number;
  /** Documents it occurs in. */
  documents: number;
  /** Its most frequent surface forms, most frequent first (ties alphabetical). */
  forms: string[];
}

export interface TermOptions {
  language: string;
  /** Leave out stop words of the language (default true). */
  skipStopwords?: boolean;
  /** Words shorter than this are left out (default 3). */
  minLength?: number;
  interviewerLabels?: string[];
}

/**
 * Counts stems over the units a codebook would code (interviewer turns and front matter excluded),
 * to show a codebook author which words respondents use and how the stemmer groups them.
 */
export function termFrequencies(docs: readonly SourceDocument[], options: TermOptions): TermCount[] {
  const stem = getStemmer(options.language) ?? ((w: string) => w);
  const stop = options.skipStopwords === false ? new Set<string>() : (stopwords[options.language as 'en' | 'lt'] ?? new Set<string>());
  const minLength = options.minLength ?? 3;
  const counts = new Map<string, { count: number; docs: Set<string>; forms: Map<string, number> }>();
  for (const doc of docs) {
    const units = segmentSource(doc, { language: options.language, interviewerLabels: options.interviewerLabels }).paragraph;
    for (const unit of units) {
      if (unit.role === 'interviewer') continue;
      const tokens = tokenize(doc.text, unit.start, unit.end);
      for (let i = 0; i < tokens.count; i++) {
        const word = tokens.norm[i] as string;
        if (word.length < minLength || stop.has(word) || /^\p{N}+$/u.test(word)) continue;
        const key = stem(word);
        let entry = counts.get(key);
        if (!entry) counts.set(key, (entry = { count: 0, docs: new Set(), forms: new Map() }));
        entry.count++;
        entry.docs.add(doc.id);
        entry.forms.set(word, (entry.forms.get(word) ?? 0) + 1);
      }
    }
  }
  const byCount = <T extends [string, number]>(a: T, b: T) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return [...counts]
    .map(([s, e]) => ({ stem: s, count: e.count, documents: e.docs.size, forms: [...e.forms].sort(byCount).map(([f]) => f) }))
    .sort((a, b) => b.count - a.count || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
}

/** Text counted for keyness: a stretch of a document (UTF-16 offsets) and the groups it belongs to. */
export interface TextPiece {
  text: string;
  start: number;
  end: number;
  /** Codes of the unit, or its document's attribute value; a piece in no group counts for the reference only. */
  groups: readonly string[];
}

/** A stem distinctive of a group: more frequent in the group's text than in the rest. */
export interface KeyTerm {
  group: string;
  stem: string;
  /** Occurrences in the group's text, and in the rest. */
  target: number;
  reference: number;
  /** Words counted in the group's text, and in the rest. */
  targetWords: number;
  referenceWords: number;
  /** Log-likelihood G² (Dunning 1993; Rayson & Garside 2000): 3.84 is p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001, 15.13 p < 0.0001 (1 d.f.). */
  ll: number;
  /** Binary log of the ratio of relative frequencies (Hardie 2014), a zero reference frequency taken as 0.5. */
  logRatio: number;
  /** Its most frequent forms in the group's text. */
  forms: string[];
}

export interface KeynessOptions extends TermOptions {
  /** Terms occurring fewer times than this in a group's text are not listed (default 3). */
  minCount?: number;
  /** Terms below this log-likelihood are not listed (default 3.84, p < 0.05). */
  minLL?: number;
}

/**
 * Log-likelihood G² of a term occurring `a` times in `c` words of the target and `b` times in `d` words of
 * the reference: 2·Σ O·ln(O/E) over the two cells with E₁ = c(a+b)/(c+d), E₂ = d(a+b)/(c+d), a zero cell
 * adding nothing (Rayson & Garside 2000, "Comparing corpora using frequency profiling").
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const total = c + d;
  if (total === 0 || a + b === 0) return 0;
  const e1 = (c * (a + b)) / total;
  const e2 = (d * (a + b)) / total;
  return 2 * ((a > 0 ? a * Math.log(a / e1) : 0) + (b > 0 ? b * Math.log(b / e2) : 0));
}

/**
 * Stems distinctive of each group (a code, an organization ...): each group's text against all other
 * text, by log-likelihood, keeping stems relatively more frequent in the group (overuse), at least
 * `minCount` times there and at or above `minLL`. Words are counted as `termFrequencies` counts them
 * (stems of the language, stop words, numbers and short words left out), each piece once for the
 * reference however many groups it has. Sorted by group, then log-likelihood (highest first), then stem.
 */
export function keyTerms(pieces: readonly TextPiece[], options: KeynessOptions): KeyTerm[] {
  const stem = getStemmer(options.language) ?? ((w: string) => w);
  const stop = options.skipStopwords === false ? new Set<string>() : (stopwords[options.language as 'en' | 'lt'] ?? new Set<string>());
  const minLength = options.minLength ?? 3;
  const minCount = options.minCount ?? 3;
  const minLL = options.minLL ?? 3.84;
  const total = new Map<string, number>();
  let totalWords = 0;
  const groups = new Map<string, { counts: Map<string, number>; forms: Map<string, Map<string, number>>; words: number }>();
  for (const piece of pieces) {
    const tokens = tokenize(piece.text, piece.start, piece.end);
    const own = [...new Set(piece.groups)].map((g) => {
      let entry = groups.get(g);
      if (!entry) groups.set(g, (entry = { counts: new Map(), forms: new Map(), words: 0 }));
      return entry;
    });
    for (let i = 0; i < tokens.count; i++) {
      const word = tokens.norm[i] as string;
      if (word.length < minLength || stop.has(word) || /^\p{N}+$/u.test(word)) continue;
      const key = stem(word);
      total.set(key, (total.get(key) ?? 0) + 1);
      totalWords++;
      for (const g of own) {
        g.counts.set(key, (g.counts.get(key) ?? 0) + 1);
        g.words++;
        let forms = g.forms.get(key);
        if (!forms) g.forms.set(key, (forms = new Map()));
        forms.set(word, (forms.get(word) ?? 0) + 1);
      }
    }
  }
  const byCount = <T extends [string, number]>(a: T, b: T) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const out: KeyTerm[] = [];
  for (const group of [...groups.keys()].sort()) {
    const g = groups.get(group)!;
    const c = g.words;
    const d = totalWords - c;
    const list: KeyTerm[] = [];
    for (const [key, a] of g.counts) {
      const b = (total.get(key) ?? 0) - a;
      if (a < minCount || (d > 0 && a / c <= b / d)) continue;
      const ll = logLikelihood(a, b, c, d);
      if (ll < minLL) continue;
      const logRatio = d === 0 ? 0 : Math.log2((a / c) / ((b === 0 ? 0.5 : b) / d));
      list.push({ group, stem: key, target: a, reference: b, targetWords: c, referenceWords: d, ll, logRatio, forms: [...g.forms.get(key)!].sort(byCount).map(([f]) => f) });
    }
    list.sort((x, y) => y.ll - x.ll || (x.stem < y.stem ? -1 : x.stem > y.stem ? 1 : 0));
    out.push(...list);
  }
  return out;
}

/**
 * The pieces of text keyness compares. `by: 'code'`: with documents, every unit (of `unit`, else the
 * segments' unit kind, else sentences) of respondents' turns, plus any unit a segment lies in, its groups
 * the codes (rolled up to `depth` levels) of the segments overlapping it; without documents, each distinct
 * segment span's text with the codes given to it (the reference is then the other coded text only).
 * Any other `by`: respondents' paragraphs, grouped by their document's attribute `by` (none when unset).
 */
export function keynessPieces(docs: readonly SourceDocument[], segments: readonly CodedSegment[] | undefined, options: { by: string; depth?: number; unit?: UnitKind }): TextPiece[] {
  const roll = (code: string) => (options.depth === undefined ? code : code.split('.').slice(0, options.depth).join('.'));
  const pieces: TextPiece[] = [];
  if (options.by !== 'code') {
    for (const doc of docs) {
      const value = doc.attributes[options.by];
      for (const u of segmentSource(doc, { language: languageOf(doc) }).paragraph) {
        if (u.role !== 'interviewer') pieces.push({ text: doc.text, start: u.start, end: u.end, groups: value ? [value] : [] });
      }
    }
    return pieces;
  }
  const list = segments ?? [];
  if (docs.length === 0) {
    const spans = new Map<string, { text: string; codes: Set<string> }>();
    for (const s of list) {
      const key = `${s.document}\u0000${s.start}\u0000${s.end}`;
      let entry = spans.get(key);
      if (!entry) spans.set(key, (entry = { text: s.text, codes: new Set() }));
      entry.codes.add(roll(s.code));
    }
    for (const key of [...spans.keys()].sort()) {
      const { text, codes } = spans.get(key)!;
      pieces.push({ text, start: 0, end: text.length, groups: [...codes].sort() });
    }
    return pieces;
  }
  const kinds = new Set(list.map((s) => s.unit.split(':')[0]));
  const kind: UnitKind = options.unit ?? (kinds.size === 1 && ['sentence', 'paragraph', 'turn'].includes([...kinds][0]!) ? ([...kinds][0] as UnitKind) : 'sentence');
  const byDoc = new Map<string, CodedSegment[]>();
  for (const s of list) byDoc.set(s.document, [...(byDoc.get(s.document) ?? []), s]);
  for (const doc of docs) {
    const positions = new Positions(doc.text);
    const own = byDoc.get(doc.id) ?? [];
    for (const u of segmentSource(doc, { language: languageOf(doc) })[kind]) {
      const start = positions.codePoint(u.start);
      const end = positions.codePoint(u.end);
      const codes = [...new Set(own.filter((s) => s.start < end && s.end > start).map((s) => roll(s.code)))].sort();
      if (u.role !== 'interviewer' || codes.length > 0) pieces.push({ text: doc.text, start: u.start, end: u.end, groups: codes });
    }
  }
  return pieces;
}
