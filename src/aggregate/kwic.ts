// Keyword in context: every occurrence of a term, or every segment of a code with the words that fired, with the words around it.
import { isWithin } from '../codebook/tree.js';
import { languageOf } from '../engine/code-many.js';
import { Positions } from '../engine/positions.js';
import { termWords } from '../engine/terms.js';
import { adjacent } from '../engine/code.js';
import { commasBetween } from '../engine/compile.js';
import { normalizeWord, tokenize, type Tokens } from '../engine/tokenize.js';
import { getStemmer } from '../lang/stemmers.js';
import { QevalError } from '../model/errors.js';
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { contentRange, segmentSource } from '../text/segment.js';

/** One concordance line. */
export interface KwicLine {
  document: string;
  /** 1-based line of the keyword. */
  line: number;
  /** Code-point offsets of the keyword in the document (the segment's own when no word fired). */
  start: number;
  end: number;
  speaker: string | null;
  /** Up to `window` words before the keyword, white space folded (a paragraph break shows as ¶). */
  left: string;
  /** The keyword as it stands in the text. */
  keyword: string;
  right: string;
  /** Code mode: the segment's code, rule, text and the words that fired. */
  code?: string;
  rule?: string | null;
  segment?: string;
  matched?: string[];
}

export const KWIC_SORTS = ['document', 'keyword', 'left', 'right'] as const;
export type KwicSort = (typeof KWIC_SORTS)[number];

/** A term's words as matchers: `*` any letters inside a word, `~word` by stem; `comma[k]`: the term writes a comma before word k, as the text must have it. */
function wordMatchers(term: string, stem: ((w: string) => string) | undefined): ((token: string) => boolean)[] & { comma: boolean[] } {
  const stemmed = term.startsWith('~');
  const body = stemmed ? term.slice(1) : term;
  const words = termWords(body).map(normalizeWord);
  if (words.length === 0 || words.some((w) => /^\*+$/.test(w))) {
    throw new QevalError('KWIC_BAD_TERM', `"${term}" has no word to look for; give a word or phrase, with * inside a word as a wildcard (e.g. cooperat*)`);
  }
  const matchers = words.map((w) => {
    if (w.includes('*')) {
      const re = new RegExp(`^${w.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\p{L}\\p{M}\\p{N}\'’]*')}$`, 'u');
      return (t: string) => re.test(t);
    }
    if (stemmed) {
      if (!stem) throw new QevalError('NO_STEMMER', `"${term}" asks for stems (~), but there is no stemmer for the documents' language; give --lang en or lt`);
      const target = stem(w);
      return (t: string) => stem(t) === target;
    }
    return (t: string) => t === w;
  });
  return Object.assign(matchers, { comma: commasBetween(body, words.length) });
}

/** Folds white space; a blank line (paragraph break) becomes ¶. */
function fold(text: string): string {
  return text.replace(/\n[ \t]*\n\s*/g, ' ¶ ').replace(/\s+/g, ' ').trim();
}

/** Context of the UTF-16 range [start, end): `window` words on each side, within the document body. */
function context(doc: SourceDocument, tokens: Tokens, start: number, end: number, window: number): { left: string; right: string } {
  let first = 0;
  while (first < tokens.count && (tokens.end[first] as number) <= start) first++;
  let after = first;
  while (after < tokens.count && (tokens.start[after] as number) < end) after++;
  const leftFrom = first - window >= 0 ? (tokens.start[first - window] as number) : doc.bodyStart;
  const rightTo = after + window - 1 < tokens.count ? (tokens.end[after + window - 1] as number) : doc.text.length;
  return { left: fold(doc.text.slice(Math.max(doc.bodyStart, Math.min(leftFrom, start)), start)), right: fold(doc.text.slice(end, Math.max(end, rightTo))) };
}

/** The speaker of the turn holding a UTF-16 index (or the last turn before it), if any. */
function speakerIn(turns: readonly { start: number; end: number; speaker?: string }[], index: number): string | null {
  const t = turns.find((u) => u.start <= index && index < u.end) ?? turns.filter((u) => u.start <= index).at(-1);
  return t?.speaker ?? null;
}

export interface KwicOptions {
  /** Words of context on each side (default 8). */
  window?: number;
  /** Stemmer language for `~word` terms (default: each document's language attribute, else en). */
  language?: string;
  interviewerLabels?: readonly string[];
}

/**
 * Every occurrence of `term` in the documents' bodies, with `window` words on each side. A term is a
 * word or phrase as in codebook rules: case-insensitive, `*` a wildcard inside a word, `~word` by stem,
 * a phrase's words separated in the text by spaces or a hyphen only. Lines are in document order.
 * Throws QevalError KWIC_BAD_TERM for a term without a word, NO_STEMMER for `~` without a stemmer.
 */
export function kwicOfTerm(docs: readonly SourceDocument[], term: string, options: KwicOptions = {}): KwicLine[] {
  const window = options.window ?? 8;
  const lines: KwicLine[] = [];
  for (const doc of docs) {
    const matchers = wordMatchers(term.trim(), getStemmer(options.language ?? languageOf(doc) ?? 'en'));
    // Only the document's own content: a survey row's answers, not the rest of its file.
    const tokens = tokenize(doc.text, ...contentRange(doc));
    const positions = new Positions(doc.text);
    let turns: ReturnType<typeof segmentSource>['turn'] | undefined;
    for (let i = 0; i + matchers.length <= tokens.count; i++) {
      let ok = true;
      for (let k = 0; k < matchers.length && ok; k++) {
        // Words follow each other as a rule's phrase does: spaces or a hyphen, or a comma where the term has one.
        ok = matchers[k]!(tokens.norm[i + k] as string) && (k === 0 || adjacent(doc.text, tokens.end[i + k - 1] as number, tokens.start[i + k] as number, matchers.comma[k] === true));
      }
      if (!ok) continue;
      const start = tokens.start[i] as number;
      const end = tokens.end[i + matchers.length - 1] as number;
      turns ??= segmentSource(doc, { language: languageOf(doc), interviewerLabels: options.interviewerLabels }).turn;
      lines.push({
        document: doc.id, line: positions.line(start), start: positions.codePoint(start), end: positions.codePoint(end),
        speaker: speakerIn(turns, start), keyword: doc.text.slice(start, end), ...context(doc, tokens, start, end, window),
      });
    }
  }
  return lines;
}

/**
 * The segments of `code` and its sub-codes, each as a concordance line around the words that fired:
 * the keyword is the first of the segment's `matched` words found in its text (case-insensitive), the
 * context `window` words on each side. A segment no rule's word fired (the model's alone) takes as its
 * keyword the first word of its `features` (strongest first, `w:` entries) found in its text, the word
 * the model weighed most; with none of them in the text the keyword is empty and the segment's text is
 * the right context. `docs` must hold the segments' documents (others are skipped).
 */
export function kwicOfCode(docs: readonly SourceDocument[], segments: readonly CodedSegment[], code: string, options: KwicOptions = {}): KwicLine[] {
  const window = options.window ?? 8;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const cache = new Map<string, { tokens: Tokens; toIndex: number[]; positions: Positions; turns?: ReturnType<typeof segmentSource>['turn'] }>();
  const lines: KwicLine[] = [];
  for (const s of segments) {
    if (!isWithin(s.code, code)) continue;
    const doc = byId.get(s.document);
    if (!doc) continue;
    let c = cache.get(doc.id);
    if (!c) {
      // Code point -> UTF-16 index, for the segments' offsets.
      const toIndex: number[] = [];
      for (let i = 0; i < doc.text.length; i++) {
        const cp = doc.text.codePointAt(i)!;
        toIndex.push(i);
        if (cp > 0xffff) i++;
      }
      toIndex.push(doc.text.length);
      cache.set(doc.id, (c = { tokens: tokenize(doc.text, doc.bodyStart), toIndex, positions: new Positions(doc.text) }));
    }
    const segStart = c.toIndex[s.start] ?? doc.text.length;
    const segEnd = c.toIndex[s.end] ?? doc.text.length;
    const lower = doc.text.slice(segStart, segEnd).toLowerCase();
    let at = -1;
    let length = 0;
    for (const m of s.matched) {
      const i = lower.indexOf(m.toLowerCase());
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        length = m.length;
      }
    }
    const weighed = at < 0 ? modelKeyword(c.tokens, segStart, segEnd, s.features) : undefined;
    if (weighed) {
      at = weighed[0] - segStart;
      length = weighed[1] - weighed[0];
    }
    const start = at < 0 ? segStart : segStart + at;
    const end = at < 0 ? segStart : start + length;
    const ctx = context(doc, c.tokens, start, end, window);
    const positions = c.positions;
    lines.push({
      document: doc.id, line: positions.line(start), start: positions.codePoint(start), end: positions.codePoint(end),
      speaker: s.speaker ?? speakerIn((c.turns ??= segmentSource(doc, { language: languageOf(doc), interviewerLabels: options.interviewerLabels }).turn), start),
      left: ctx.left, keyword: doc.text.slice(start, end), right: at < 0 ? fold(doc.text.slice(segStart, segEnd)) : ctx.right,
      code: s.code, rule: s.rule, segment: s.text, matched: s.matched,
    });
  }
  return lines;
}

/**
 * Where, in [from, to) (UTF-16), the first of the model's word features (`w:police`, strongest first)
 * stands as a word of the text: [start, end) of its first occurrence; undefined when none does.
 */
function modelKeyword(tokens: Tokens, from: number, to: number, features: readonly string[] | undefined): [number, number] | undefined {
  const words = (features ?? []).filter((f) => f.startsWith('w:') && f.length > 2).map((f) => f.slice(2));
  if (words.length === 0) return undefined;
  let first = 0;
  while (first < tokens.count && (tokens.end[first] as number) <= from) first++;
  for (const w of words) {
    for (let i = first; i < tokens.count && (tokens.start[i] as number) < to; i++) {
      if (tokens.norm[i] === w) return [tokens.start[i] as number, tokens.end[i] as number];
    }
  }
  return undefined;
}

/**
 * Sorts concordance lines: `document` (document, then position), `keyword` (keyword, case-insensitive),
 * `left` (by the word just before the keyword, then the one before it ...), `right` (by the words after).
 * Ties fall back to document order, so the result is deterministic.
 */
export function sortKwic(lines: readonly KwicLine[], by: KwicSort): KwicLine[] {
  const words = (s: string) => s.toLowerCase().split(/\s+/).filter((w) => w !== '' && w !== '¶');
  const key = (l: KwicLine): string[] => {
    if (by === 'keyword') return [l.keyword.toLowerCase()];
    if (by === 'left') return words(l.left).reverse();
    if (by === 'right') return words(l.right);
    return [];
  };
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const order = (a: KwicLine, b: KwicLine) => cmpText(a.document, b.document) || a.start - b.start || a.end - b.end || cmpText(a.code ?? '', b.code ?? '');
  return [...lines].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = ka[i]!.localeCompare(kb[i]!, 'en');
      if (c !== 0) return c;
    }
    return ka.length - kb.length || order(a, b);
  });
}
