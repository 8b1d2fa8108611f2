// The coding engine: (compiled codebook, document) -> coded segments. Pure: no I/O.
import type { CodedSegment, SourceDocument, TimeMark, Unit, UnitKind } from '../model/types.js';
import type { SpeakerFilter } from '../codebook/types.js';
import { contentRange, segmentSource, type Segmentation } from '../text/segment.js';
import { normalizeLabel } from '../text/speakers.js';
import { normalizeLanguage } from '../lang/language.js';
import { wordMatches, type CompiledCodebook, type CompiledRule } from './compile.js';
import { Positions } from './positions.js';
import { ruleKind } from './rule-kinds.js';
import { tokenizeRun, type Tokens } from './tokenize.js';

export { compileCodebook } from './compile.js';

export interface CodeOptions {
  /** Coding unit; defaults to the codebook's, then sentence. */
  unit?: UnitKind;
  /** Replaces the codebook's default speaker filter (e.g. `all` to code interviewers too); rules that name their own `speakers:` keep them. */
  speakers?: SpeakerFilter;
  /** Extra interviewer labels. */
  interviewerLabels?: string[];
  /**
   * Code only the units that start in [start, end) (UTF-16 indices into the document text), the
   * document still segmented whole: a large document is coded window by window (CodebookSet.codeWindows)
   * with the same units, offsets and unit numbers as when coded at once.
   */
  range?: readonly [number, number];
  /**
   * False when nothing reads the learned coder's explanations (`features`), as when documents are
   * only counted (`qeval score`): they are not worked out. Decisions and probabilities are the same.
   */
  explain?: boolean;
}

/** The units that `range` (if any) asks for: those starting inside it. */
export function unitsInRange(units: readonly Unit[], range: CodeOptions['range']): readonly Unit[] {
  if (!range) return units;
  const [first, last] = unitIndexRange(units, range);
  return units.slice(first, last);
}

/** The indices [first, last) into `units` (ascending by start) of those starting inside `range`; all of them without one. */
export function unitIndexRange(units: readonly Unit[], range: CodeOptions['range']): [number, number] {
  if (!range) return [0, units.length];
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.start < range[0]) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < units.length && units[end]!.start < range[1]) end++;
  return [lo, end];
}

/** The segmentation every coder and measure uses for `doc` with the codebook `c`: its language (else the codebook's) and interviewer labels (the codebook's and the options'). */
export function codingSegmentation(c: CompiledCodebook, doc: SourceDocument, options: Pick<CodeOptions, 'interviewerLabels'> = {}): Segmentation {
  const language = normalizeLanguage(doc.attributes.language) ?? c.codebook.spec.language;
  return segmentSource(doc, { language, interviewerLabels: [...c.interviewerLabels, ...(options.interviewerLabels ?? [])] });
}

/** The units `codeDocument` codes `doc` in: its coding segmentation's units of the coding kind. */
export function codingUnits(c: CompiledCodebook, doc: SourceDocument, options: CodeOptions = {}): readonly Unit[] {
  return codingSegmentation(c, doc, options)[options.unit ?? c.codebook.spec.unit ?? 'sentence'];
}

/** A term found in the text: tokens first..last, or a regex match by character range. */
export interface Hit {
  term: number;
  first: number;
  last: number;
  start: number;
  end: number;
}

interface Firing {
  rule: CompiledRule;
  code: string;
  hits: Hit[];
  negatedFrom?: string;
}

/**
 * Codes one document with a compiled codebook: the segments (one per unit and code, at most) in
 * unit order, then codebook order within a unit. Pure; does not throw for any document text.
 */
export function codeDocument(c: CompiledCodebook, doc: SourceDocument, options: CodeOptions = {}): CodedSegment[] {
  const units = unitsInRange(codingUnits(c, doc, options), options.range);
  if (units.length === 0) return [];
  const [from, to] = contentRange(doc);
  // Remembered for the learned coder's features of the same units (tokensWithin).
  const tokens = tokenizeRun(doc, doc.text, options.range ? Math.max(from, units[0]!.start) : from, options.range ? Math.min(to, units[units.length - 1]!.end) : to);
  // Terms are looked for only in units some rule may code (interviewer turns are skipped by default).
  const filters = options.speakers ? [options.speakers, ...c.ownSpeakerFilters] : c.speakerFilters;
  const hits = findHits(c, doc.text, tokens, units.filter((u) => filters.some((f) => speakerAllowed(f, u))));
  const positions = Positions.of(doc.text);
  const segments: CodedSegment[] = [];

  let h = 0;
  for (const unit of units) {
    while (h < hits.length && (hits[h] as Hit).start < unit.start) h++;
    const inUnit: Hit[] = [];
    for (let k = h; k < hits.length && (hits[k] as Hit).start < unit.end; k++) {
      const hit = hits[k] as Hit;
      if (hit.end <= unit.end) inUnit.push(hit);
    }
    if (c.regexRules.length > 0) {
      inUnit.push(...regexHits(c, doc.text, unit, tokens));
      inUnit.sort((a, b) => a.start - b.start || a.end - b.end || a.term - b.term);
    }
    if (inUnit.length === 0) continue;
    for (const f of evaluateUnit(c, doc.text, unit, inUnit, tokens, options.speakers)) {
      const words = [...new Map(f.hits.map((x) => [`${x.start}:${x.end}`, x])).values()].sort((a, b) => a.start - b.start);
      const segment = unitSegment(doc, positions, unit, { code: f.code, coder: c.coder, rule: f.rule.id, matched: words.map((x) => doc.text.slice(x.start, x.end)) });
      if (f.negatedFrom) segment.negated_from = f.negatedFrom;
      segments.push(segment);
    }
  }
  return segments;
}

/**
 * A segment covering a whole unit: document, offsets in code points, line, unit, speaker and text
 * from the unit, the rest from `fields`. Every coder builds its segments with it, so the
 * `text` = slice(`start`, `end`) contract holds for all of them.
 */
export function unitSegment(doc: SourceDocument, positions: Positions, unit: Unit, fields: Pick<CodedSegment, 'code' | 'coder' | 'rule' | 'matched'> & Partial<CodedSegment>): CodedSegment {
  const { code, ...rest } = fields;
  const page = doc.pageBreaks ? pageAt(doc.pageBreaks, unit.start) : undefined;
  const time = doc.times ? timeAt(doc.times, unit.start) : undefined;
  return {
    document: doc.id,
    code,
    start: positions.codePoint(unit.start),
    end: positions.codePoint(unit.end),
    line: positions.line(unit.start),
    ...(page === undefined ? {} : { page }),
    ...(time === undefined ? {} : { time }),
    unit: `${unit.kind}:${unit.index}`,
    speaker: unit.speaker ?? null,
    text: doc.text.slice(unit.start, unit.end),
    ...rest,
  };
}

/** How many of the ascending `starts` are at or before `index` (binary search). */
function countAtOrBefore<T>(items: readonly T[], index: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid] as T) <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 1-based page of a UTF-16 index: 1 + the number of page breaks at or before it. */
export function pageAt(breaks: readonly number[], index: number): number {
  return countAtOrBefore(breaks, index, (b) => b) + 1;
}

/** The start time of the last time mark at or before a UTF-16 index; undefined before the first or when that mark has none (''). */
export function timeAt(marks: readonly TimeMark[], index: number): string | undefined {
  const n = countAtOrBefore(marks, index, (m) => m.start);
  return n === 0 ? undefined : (marks[n - 1] as TimeMark).time || undefined;
}

/**
 * One pass over the tokens of `units` (in text order) finds every term occurrence that starts in
 * them, in text order (regex rules run per unit).
 */
function findHits(c: CompiledCodebook, text: string, tokens: Tokens, units: readonly Unit[]): Hit[] {
  const hits: Hit[] = [];
  for (const unit of units) for (let i = tokenAt(tokens, unit.start); i < tokens.count && (tokens.start[i] as number) < unit.end; i++) findHitsAt(c, text, tokens, i, hits);
  return hits;
}

/** The term occurrences that start at token `i`. */
function findHitsAt(c: CompiledCodebook, text: string, tokens: Tokens, i: number, hits: Hit[]): void {
  const candidates = firstWordMatches(c, tokens.norm[i] as string);
  for (let n = 0; n < candidates.length; n++) {
    const id = candidates[n]!;
    const term = c.terms[id]!;
    const len = term.words.length;
    if (i + len > tokens.count) continue;
    let ok = true;
    for (let k = 1; ok && k < len; k++) {
      ok = adjacent(text, tokens.end[i + k - 1] as number, tokens.start[i + k] as number, term.commaBefore[k] === true) && wordMatches(term.words[k]!, tokens.norm[i + k] as string, c.stemmer);
    }
    if (ok) hits.push({ term: id, first: i, last: i + len - 1, start: tokens.start[i] as number, end: tokens.end[i + len - 1] as number });
  }
}

/**
 * The words of a phrase follow each other with only spaces or a hyphen (or a comma, where the term
 * has one) between them. Every space separator counts as a space (no-break, narrow no-break, thin,
 * figure ...) and invisible format characters (zero-width space, soft hyphen) count as nothing.
 */
export function adjacent(text: string, end: number, start: number, comma: boolean): boolean {
  for (let i = end; i < start; i++) {
    const ch = text[i] as string;
    if (ch === ',' && comma) continue;
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '-' && ch !== '\u2010' && ch !== '\u2011' && !SPACE_OR_FORMAT.test(ch)) return false;
  }
  return true;
}

const SPACE_OR_FORMAT = /[\p{Zs}\p{Cf}]/u;

/** Regex rules run inside each unit, so a match never spans two units and none hides another. */
function regexHits(c: CompiledCodebook, text: string, unit: Unit, tokens: Tokens): Hit[] {
  const hits: Hit[] = [];
  const unitText = text.slice(unit.start, unit.end);
  for (const rule of c.regexRules) {
    const m = rule.regex!.matcher(unitText);
    while (m.find()) {
      const start = unit.start + m.start();
      const end = unit.start + m.end();
      if (end === start) continue;
      const first = tokenAt(tokens, start);
      hits.push({ term: rule.regexTerm!, first, last: Math.max(first, tokenAt(tokens, end - 1)), start, end });
    }
  }
  return hits;
}

/**
 * The terms whose first word matches `word` (wordMatches), in the order of the codebook's indexes
 * (exact words, prefixes, suffixes, infixes, stems). Depends on the word alone, and text repeats its
 * words, so the answer is cached on the compiled codebook (bounded): a word seen before costs one
 * lookup, and a stem pattern's stemmer runs once per word, not once per occurrence.
 */
function firstWordMatches(c: CompiledCodebook, word: string): number[] {
  const cached = c.candidateCache.get(word);
  if (cached) return cached;
  const candidates: number[] = [];
  const exact = c.exact.get(word);
  if (exact) candidates.push(...exact);
  for (const n of c.prefixLengths) {
    if (n > word.length) break;
    const list = c.prefix.get(word.slice(0, n));
    if (list) candidates.push(...list);
  }
  for (const n of c.suffixLengths) {
    if (n > word.length) break;
    const list = c.suffix.get(word.slice(word.length - n));
    if (list) candidates.push(...list);
  }
  for (const x of c.contains) if (word.includes(x.middle)) candidates.push(x.term);
  if (c.stem.size > 0 && c.stemmer) {
    const list = c.stem.get(c.stemmer(word));
    if (list) candidates.push(...list);
  }
  const matching = candidates.filter((id) => {
    const term = c.terms[id];
    return term !== undefined && wordMatches(term.words[0]!, word, c.stemmer);
  });
  if (c.candidateCache.size >= CANDIDATE_CACHE_LIMIT) c.candidateCache.clear();
  c.candidateCache.set(word, matching);
  return matching;
}

const CANDIDATE_CACHE_LIMIT = 200_000;

/** Index of the token containing or following a character position. */
function tokenAt(tokens: Tokens, pos: number): number {
  let lo = 0;
  let hi = tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens.end[mid] as number) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a speaker filter lets a unit be coded: by role, or by label (normalized as labels are read). */
export function speakerAllowed(filter: SpeakerFilter, unit: Unit): boolean {
  if (filter === 'all') return true;
  if (filter === 'respondents') return unit.role !== 'interviewer';
  if (filter === 'interviewers') return unit.role === 'interviewer';
  return unit.speaker !== undefined && filter.some((s) => normalizeLabel(s) === normalizeLabel(unit.speaker!));
}

const NO_HITS: Hit[] = [];

/** Whether any of `terms` has hits. */
function anyIn(terms: ReadonlySet<number>, byTerm: ReadonlyMap<number, Hit[]>): boolean {
  for (const t of terms) if (byTerm.has(t)) return true;
  return false;
}

function evaluateUnit(c: CompiledCodebook, text: string, unit: Unit, hits: Hit[], tokens: Tokens, speakers: SpeakerFilter | undefined): Firing[] {
  const byTerm = new Map<number, Hit[]>();
  const cueEnds = new Map<number, Hit>();
  const breaks = new Set<number>();
  const candidateRules = new Set<number>();
  // An except phrase ("not only", "no doubt", "no problem") is not negation: a cue that starts in it
  // negates nothing, and its words belong to it: a term that starts inside it after its first word,
  // or starts with it and is shorter, does not count ("no problem" is not a problem). A term that
  // starts with the phrase and is as long or longer is the codebook's own choice and counts.
  const excepts = c.negationExcepts.size > 0 ? hits.filter((h) => c.negationExcepts.has(h.term)) : [];
  const cueInert = (h: Hit) => excepts.some((e) => h.first >= e.first && h.first <= e.last);
  const termInert = (h: Hit) => excepts.some((e) => (h.first > e.first && h.first <= e.last) || (h.first === e.first && h.last < e.last));
  for (const hit of hits) {
    if (c.negationCues.has(hit.term) && !(excepts.length > 0 && cueInert(hit))) cueEnds.set(hit.last, hit);
    if (c.negationBreaks.has(hit.term)) breaks.add(hit.first);
    if (excepts.length > 0 && termInert(hit)) continue;
    const list = byTerm.get(hit.term);
    if (list) list.push(hit);
    else byTerm.set(hit.term, [hit]);
    for (const r of c.rulesByTerm.get(hit.term) ?? []) candidateRules.add(r);
  }
  const negatingCue = (hit: Hit): Hit | undefined => {
    const floor = Math.max(0, hit.first - c.negationWindow);
    for (let k = hit.first - 1; k >= floor; k--) {
      if (tokens.start[k]! < unit.start) break;
      if (tokens.clause[k] !== tokens.clause[hit.first]) break;
      if (breaks.has(k)) break;
      const cue = cueEnds.get(k);
      // "No, we trust them" answers a question: a cue followed by a comma negates nothing after it.
      if (cue && text[cue.end] !== ',') return cue;
    }
    return undefined;
  };
  // A group's hits in text order. Each term's hits already are (they are found in text order), so a
  // group with hits of one term only, the common case, gives that term's list as it is (not to be changed).
  const hitsOf = (group: Set<number>): Hit[] => {
    let only: Hit[] | undefined;
    let out: Hit[] | undefined;
    for (const t of group) {
      const list = byTerm.get(t);
      if (!list) continue;
      if (!only) only = list;
      else {
        out ??= [...only];
        out.push(...list);
      }
    }
    return out ? out.sort((a, b) => a.start - b.start) : (only ?? NO_HITS);
  };

  const fired = new Map<string, Firing>();
  const fire = (f: Firing) => {
    if (!fired.has(f.code)) fired.set(f.code, f);
  };
  for (const r of [...candidateRules].sort((a, b) => a - b)) {
    const rule = c.rules[r] as CompiledRule;
    // A run's --speakers replaces the codebook's default; a rule's own `speakers:` list stays.
    if (!speakerAllowed(rule.ownSpeakers ? rule.speakers : (speakers ?? rule.speakers), unit)) continue;
    if (anyIn(rule.unless, byTerm)) continue;
    // Each candidate is a set of hits that satisfies the rule (as its kind matches); its first hit is the one negation governs.
    const options = ruleKind(rule.kind).match(rule, hitsOf);
    if (options.length === 0) continue;
    const plain = options.find((o) => !negatingCue(o[0] as Hit));
    if (rule.negated === 'require') {
      const negated = options.find((o) => negatingCue(o[0] as Hit));
      if (negated) fire({ rule, code: rule.code, hits: [negatingCue(negated[0] as Hit) as Hit, ...negated] });
      continue;
    }
    if (plain) {
      fire({ rule, code: rule.code, hits: plain });
      continue;
    }
    if (rule.negated === 'skip') continue;
    const first = options[0] as Hit[];
    if (rule.negated === 'ignore') {
      fire({ rule, code: rule.code, hits: first });
      continue;
    }
    const cue = negatingCue(first[0] as Hit) as Hit;
    fire({ rule, code: rule.negated, hits: [cue, ...first], negatedFrom: rule.code });
  }
  return [...fired.values()].sort((a, b) => (c.codeOrder.get(a.code) ?? 0) - (c.codeOrder.get(b.code) ?? 0));
}
