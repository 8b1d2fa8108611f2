// Turns each coding unit into a set of named features (words, stems, bigrams, negation, rule hits, context) for the learned coder.
import { compileCodebook, DEFAULT_NEGATION_BREAKS, DEFAULT_NEGATION_CUES, DEFAULT_NEGATION_EXCEPT, type CompiledCodebook } from '../engine/compile.js';
import { codeDocument, codingSegmentation, speakerAllowed, unitIndexRange } from '../engine/code.js';
import { tokensWithin, type Tokens } from '../engine/tokenize.js';
import { selfAndAncestors } from '../codebook/tree.js';
import type { CodeInfo, SpeakerFilter } from '../codebook/types.js';
import type { CodedSegment, SourceDocument, Unit, UnitKind } from '../model/types.js';

/**
 * The feature families, each switchable. Feature names carry their family's prefix, so an
 * explanation such as `neg:judg` or `q:polic` says where the evidence came from.
 * - `words` (`w:`): the unit's lowercased words.
 * - `stems` (`s:`): their stems in the codebook's language (the word itself where no stemmer exists);
 *   stems inside a negation's scope become `neg:` instead when `negation` is on.
 * - `bigrams` (`b:`): adjacent stem pairs, `b:no_follow`.
 * - `negation` (`neg:`): stems within the codebook's negation window after a cue, in the same clause,
 *   up to a break word; the codebook's exception phrases ("not only") negate nothing.
 * - `rules` (`r:`): codes (and their ancestors) the codebook's rules gave the unit; `rn:` the code a
 *   negated match was re-routed from.
 * - `lexicons` (`lex:`): the codebook's lexicons (e.g. @positive, @future) with a term in the unit;
 *   `lexneg:` when that term is negated.
 * - `question` (`q:`): stems of the interviewer's last turn before the unit.
 * - `context` (`c:`): stems of the neighbouring units (before and after) in the same turn.
 * - `speaker` (`sp:`): the unit's role, whether it opens its turn, and its length in words (bucketed).
 */
export const FEATURE_FAMILIES = ['words', 'stems', 'bigrams', 'negation', 'rules', 'lexicons', 'question', 'context', 'speaker'] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

/**
 * The families `qeval train` uses unless told otherwise: all but `lexicons`, which did not improve
 * cross-validated F1 on the bundled training corpus (50.4% without it, 50.0% with it, English).
 */
export const DEFAULT_FAMILIES: readonly FeatureFamily[] = FEATURE_FAMILIES.filter((f) => f !== 'lexicons');

export interface FeatureSettings {
  families: FeatureFamily[];
}

/** One coding unit with its features (distinct names, sorted). */
export interface UnitFeatures {
  unit: Unit;
  /** The unit's text, exactly the document's slice. */
  text: string;
  features: string[];
}

export interface UnitOptions {
  unit: UnitKind;
  /** Whose units are featurized: respondents (default: every unit not in an interviewer turn) or all. */
  speakers?: SpeakerFilter;
  interviewerLabels?: string[];
  /** Featurize only the units starting in [start, end) (UTF-16), their context still read from the whole document (see CodeOptions.range). */
  range?: readonly [number, number];
}

/** Cuts a document into units of one kind, with the turns they belong to (same segmentation as the rule engine). */
export function unitsOf(compiled: CompiledCodebook, doc: SourceDocument, options: UnitOptions): { units: Unit[]; turns: Unit[] } {
  const segmentation = codingSegmentation(compiled, doc, options);
  return { units: segmentation[options.unit], turns: segmentation.turn };
}


interface CuePattern {
  words: ((w: string) => boolean)[];
}

function wordTest(pattern: string): (w: string) => boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*') && p.length > 1) return (w) => w.endsWith(p.slice(1));
  if (p.endsWith('*') && p.length > 1) return (w) => w.startsWith(p.slice(0, -1));
  return (w) => w === p;
}

/**
 * Cue patterns (negation cues, breaks or exceptions) in their order, and the way to the first of them
 * that starts at a word: those with a plain first word are looked up by it, the others (a wildcard
 * first) are all tried.
 */
interface CueSet {
  byFirst: Map<string, { order: number; pattern: CuePattern }[]>;
  wild: { order: number; pattern: CuePattern }[];
}

function cuePatterns(terms: readonly string[] | undefined): CueSet {
  const set: CueSet = { byFirst: new Map(), wild: [] };
  (terms ?? []).forEach((t, order) => {
    const words = t.trim().split(/\s+/);
    const first = words[0]!.toLowerCase();
    const plain = !(first.length > 1 && (first.startsWith('*') || first.endsWith('*')));
    const pattern: CuePattern = { words: words.map(wordTest) };
    if (plain) set.byFirst.set(first, [...(set.byFirst.get(first) ?? []), { order, pattern }]);
    else set.wild.push({ order, pattern });
  });
  return set;
}

/** The first pattern of `set` (in its order) whose words start at `words[i]`, if any. */
function cueAt(set: CueSet, words: readonly string[], i: number): CuePattern | undefined {
  let best: { order: number; pattern: CuePattern } | undefined;
  const plain = set.byFirst.get(words[i]!);
  if (plain) {
    for (const c of plain) {
      if (startsAt(c.pattern, words, i)) {
        best = c;
        break;
      }
    }
  }
  for (const c of set.wild) {
    if (best && c.order > best.order) break;
    if (startsAt(c.pattern, words, i)) {
      best = c;
      break;
    }
  }
  return best?.pattern;
}

function startsAt(p: CuePattern, words: readonly string[], i: number): boolean {
  if (i + p.words.length > words.length) return false;
  for (let k = 0; k < p.words.length; k++) if (!p.words[k]!(words[i + k]!)) return false;
  return true;
}

/**
 * A word as the features see it, made once per codebook and word: its `w:` key (a number is `#`) and
 * its stem's entry. A sink may keep what it worked out of it in `memo`, marked with whose it is.
 */
export interface WordEntry {
  key: string;
  stem: StemEntry;
  memo?: { owner: object; index: number };
}

/**
 * A stem, made once per codebook and stem, numbered in the order stems are first met (`id`, distinct
 * among a codebook's entries); `memo` as for WordEntry (per family, and per following stem's id for bigrams).
 */
export interface StemEntry {
  stem: string;
  id: number;
  memo?: { owner: object; index: Int32Array; next: Map<number, number> };
}

/**
 * Where a unit's features go as the walk over a document finds them (featurizeDocument names them;
 * the learned coder looks them up in its model). A family's feature is `<family>:<key>` (`w:` the
 * word's key, the others a stem), a bigram `b:<first>_<second>` of two stems, and `name` gets whole
 * names (`r:`, `rn:`, `lex:`, `lexneg:`, `sp:`).
 */
export interface FeatureSink {
  /** A unit's features start. */
  begin(): void;
  word(word: WordEntry): void;
  stem(family: StemFamily, stem: StemEntry): void;
  pair(first: StemEntry, second: StemEntry): void;
  name(feature: string): void;
}

export type StemFamily = 's' | 'neg' | 'q' | 'c';

/**
 * Featurizes a document's coded units. `ruleSegments` are the rule coder's segments of this
 * document for the same unit kind (their `unit` field, e.g. `sentence:4`, ties them to units).
 * Pure; throws nothing for valid inputs.
 */
export function featurizeDocument(
  compiled: CompiledCodebook,
  doc: SourceDocument,
  ruleSegments: readonly CodedSegment[],
  settings: FeatureSettings,
  options: UnitOptions,
): UnitFeatures[] {
  const out: UnitFeatures[] = [];
  let features = new Set<string>();
  const sink: FeatureSink = {
    begin: () => {
      features = new Set<string>();
    },
    word: (w) => features.add(`w:${w.key}`),
    stem: (family, x) => features.add(`${family}:${x.stem}`),
    pair: (first, second) => features.add(`b:${first.stem}_${second.stem}`),
    name: (feature) => features.add(feature),
  };
  walkFeatures(compiled, doc, ruleSegments, settings, options, sink, (unit) => {
    out.push({ unit, text: doc.text.slice(unit.start, unit.end), features: [...features].sort() });
  });
  return out;
}

/**
 * Walks the featurized units of a document (those `options` asks for, in order), telling `sink` each
 * unit's features (see FEATURE_FAMILIES; a feature may be told more than once), then `done(unit)`.
 * The one definition of the features, for training and coding alike.
 */
export function walkFeatures(
  compiled: CompiledCodebook,
  doc: SourceDocument,
  ruleSegments: readonly CodedSegment[],
  settings: FeatureSettings,
  options: UnitOptions,
  sink: FeatureSink,
  done: (unit: Unit) => void,
): void {
  const on = new Set(settings.families);
  const spec = compiled.codebook.spec;
  const entry = entries(compiled);
  const negation = spec.negation;
  const cues = cuePatterns(negation?.cues ?? DEFAULT_NEGATION_CUES);
  const breaks = cuePatterns(negation?.breaks ?? DEFAULT_NEGATION_BREAKS);
  const exceptions = cuePatterns(negation?.except ?? DEFAULT_NEGATION_EXCEPT[spec.language] ?? DEFAULT_NEGATION_EXCEPT.en);
  const window = negation?.window ?? 4;
  const { units, turns } = unitsOf(compiled, doc, options);

  const rulesByUnit = new Map<string, Set<string>>();
  if (on.has('lexicons')) {
    for (const s of codeDocument(lexiconCoder(compiled), doc, { unit: options.unit, speakers: 'all', range: options.range })) {
      const set = rulesByUnit.get(s.unit) ?? new Set<string>();
      set.add(s.code);
      rulesByUnit.set(s.unit, set);
    }
  }
  if (on.has('rules')) {
    for (const s of ruleSegments) {
      if (s.document !== doc.id) continue;
      const set = rulesByUnit.get(s.unit) ?? new Set<string>();
      for (const a of selfAndAncestors(s.code)) set.add(`r:${a}`);
      if (s.negated_from) set.add(`rn:${s.negated_from}`);
      rulesByUnit.set(s.unit, set);
    }
  }

  // A unit's tokens, words and stems, made once: a unit is read for its own features and for its
  // neighbours' context (and an interviewer's turn for the question of the answers after it).
  const wordsCache = new Map<Unit, { t: Tokens; words: WordEntry[]; stems: StemEntry[] }>();
  const wordsOf = (u: Unit) => {
    let out = wordsCache.get(u);
    if (!out) {
      const t = tokensWithin(doc, doc.text, u.start, u.end);
      const words = new Array<WordEntry>(t.count);
      const stems = new Array<StemEntry>(t.count);
      for (let i = 0; i < t.count; i++) {
        words[i] = entry(t.norm[i]!);
        stems[i] = words[i]!.stem;
      }
      out = { t, words, stems };
      wordsCache.set(u, out);
    }
    return out;
  };
  const stemsOf = (u: Unit): StemEntry[] => wordsOf(u).stems;

  const { turnOfUnit, questionOf } = turnsOf(units, turns);

  const [first, last] = unitIndexRange(units, options.range);
  const [withWords, withStems, withBigrams, withNegation] = (['words', 'stems', 'bigrams', 'negation'] as const).map((f) => on.has(f));
  for (let ui = first; ui < last; ui++) {
    const unit = units[ui]!;
    if (!speakerAllowed(options.speakers ?? 'respondents', unit)) continue;
    sink.begin();
    const { t, words, stems } = wordsOf(unit);
    const negated = withNegation ? negationScope(t.norm, t.clause, cues, breaks, exceptions, window) : new Uint8Array(t.count);
    for (let i = 0; i < t.count; i++) {
      if (withWords) sink.word(words[i]!);
      if (withStems) sink.stem(negated[i] ? 'neg' : 's', stems[i]!);
      else if (negated[i]) sink.stem('neg', stems[i]!);
      if (withBigrams && i + 1 < t.count) sink.pair(stems[i]!, stems[i + 1]!);
    }
    for (const r of rulesByUnit.get(`${unit.kind}:${unit.index}`) ?? []) sink.name(r);
    const ti = turnOfUnit[ui]!;
    if (on.has('question')) {
      const q = questionOf[ti];
      if (q) for (const x of stemsOf(q)) sink.stem('q', x);
    }
    const sameTurn = (other: number) => other >= 0 && other < units.length && units[other]!.role === unit.role && units[other]!.speaker === unit.speaker && turnOfUnit[other] === ti;
    if (on.has('context')) {
      for (const other of [ui - 1, ui + 1]) if (sameTurn(other)) for (const x of stemsOf(units[other]!)) sink.stem('c', x);
    }
    if (on.has('speaker')) {
      sink.name(`sp:${unit.role}`);
      if (!sameTurn(ui - 1)) sink.name('sp:opens-turn');
      sink.name(`sp:len-${t.count <= 3 ? '1-3' : t.count <= 8 ? '4-8' : t.count <= 16 ? '9-16' : '17+'}`);
    }
    done(unit);
  }
}

/** Per segmentation (its units array), each unit's turn and each turn's question: worked out once, however many windows a document is coded in. */
const turnIndexes = new WeakMap<readonly Unit[], { turnOfUnit: Int32Array; questionOf: (Unit | undefined)[] }>();

/**
 * Each unit's turn (the last turn starting at or before it; units come in text order) and each
 * turn's question (the interviewer's last turn before it, if any), in one pass over the document.
 */
function turnsOf(units: readonly Unit[], turns: readonly Unit[]): { turnOfUnit: Int32Array; questionOf: (Unit | undefined)[] } {
  let found = turnIndexes.get(units);
  if (!found) {
    const turnOfUnit = new Int32Array(units.length);
    for (let ui = 0, ti = 0; ui < units.length; ui++) {
      while (ti + 1 < turns.length && turns[ti + 1]!.start <= units[ui]!.start) ti++;
      turnOfUnit[ui] = ti;
    }
    const questionOf: (Unit | undefined)[] = [];
    for (let ti = 0, asked: Unit | undefined; ti < turns.length; ti++) {
      questionOf.push(asked);
      if (turns[ti]!.role === 'interviewer') asked = turns[ti];
    }
    found = { turnOfUnit, questionOf };
    turnIndexes.set(units, found);
  }
  return found;
}

/** Word and stem entries per codebook, kept from one document to the next (stemming is pure); emptied past ENTRIES_KEPT words. */
const entriesKept = new WeakMap<CompiledCodebook, { words: Map<string, WordEntry>; stems: Map<string, StemEntry> }>();
const ENTRIES_KEPT = 200_000;

/** The entry of a (normalized) word for a codebook: its stem worked out once, however many documents use it. */
function entries(compiled: CompiledCodebook): (word: string) => WordEntry {
  const stemmer = compiled.stemmer ?? ((w: string) => w);
  let kept = entriesKept.get(compiled);
  if (!kept || kept.words.size >= ENTRIES_KEPT) {
    kept = { words: new Map(), stems: new Map() };
    entriesKept.set(compiled, kept);
  }
  const { words, stems } = kept;
  return (word) => {
    let w = words.get(word);
    if (w === undefined) {
      const stem = stemWord(stemmer, word);
      let x = stems.get(stem);
      if (x === undefined) {
        x = { stem, id: stems.size };
        stems.set(stem, x);
      }
      w = { key: wordFeature(word), stem: x };
      words.set(word, w);
    }
    return w;
  };
}

const lexiconCoders = new WeakMap<CompiledCodebook, CompiledCodebook>();

/**
 * A rule coder whose codes are the codebook's lexicons: `lex:<name>` when a term of the lexicon occurs
 * outside a negation's scope, `lexneg:<name>` when inside one. Compiled once per codebook.
 */
function lexiconCoder(compiled: CompiledCodebook): CompiledCodebook {
  let c = lexiconCoders.get(compiled);
  if (!c) {
    const book = compiled.codebook;
    const names = Object.keys(book.spec.lexicons ?? {}).sort();
    const codes: CodeInfo[] = names.flatMap((name) => (['skip', 'require'] as const).map((negated) => ({
      id: `${negated === 'skip' ? 'lex' : 'lexneg'}:${name}`, label: name, definition: name, depth: 0, children: [], examples: [], counter_examples: [],
      rules: [{ any: [`@${name}`], negated, speakers: 'all' as const }],
    })));
    c = compileCodebook({ ...book, codes, byId: new Map(codes.map((x) => [x.id, x])), places: new Map() });
    lexiconCoders.set(compiled, c);
  }
  return c;
}

const NUMBER = /^\p{N}+$/u;

function wordFeature(word: string): string {
  return NUMBER.test(word) ? '#' : word;
}

function stemWord(stem: (w: string) => string, word: string): string {
  return NUMBER.test(word) ? '#' : stem(word);
}

/** Marks the tokens a negation cue governs: up to `window` words after it, in its clause, before a break word. */
function negationScope(words: string[], clause: Int32Array, cues: CueSet, breaks: CueSet, exceptions: CueSet, window: number): Uint8Array {
  const scope = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const cue = cueAt(cues, words, i);
    if (!cue || cueAt(exceptions, words, i)) continue;
    const from = i + cue.words.length;
    for (let j = from; j < Math.min(words.length, from + window); j++) {
      if (clause[j] !== clause[i] || cueAt(breaks, words, j)) break;
      scope[j] = 1;
    }
    i = from - 1;
  }
  return scope;
}
