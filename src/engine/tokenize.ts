// Splits text into word tokens once, with offsets, normalized forms and clause numbers.

export interface Tokens {
  count: number;
  /** UTF-16 start and end of each token in the document text. */
  start: Int32Array;
  end: Int32Array;
  /** Lowercased, NFC-normalized form with typographic apostrophes made plain. */
  norm: string[];
  /** Clause number: it changes at . ; : ! ? ( ) and dashes, which negation does not cross. */
  clause: Int32Array;
}

// Format characters (soft hyphen, zero-width space/joiner) are invisible: inside a word they neither
// split it nor count as letters ("fol\u00adlow" is "follow"); outside words they are nothing.
const WORD = /[\p{L}\p{M}\p{N}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*(?:['’][\p{L}\p{M}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*)*/gu;
// Addresses are not words anyone said: web links (also a Markdown link's target) and e-mail addresses.
const ADDRESS = /\]\([^)\s]*\)|\b(?:https?:\/\/|www\.)[^\s<>()\]]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const CLAUSE_BREAKS = new Set(['.', ';', ':', '!', '?', '(', ')', '–', '—']);

function hasClauseBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLAUSE_BREAKS.has(text[i] as string)) return true;
  return false;
}

export function tokenize(text: string, from = 0, to = text.length): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const norm: string[] = [];
  const clauses: number[] = [];
  let clause = 0;
  let last = from;
  const skip = addresses(text, from, to);
  let a = 0;
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m !== null && m.index < to; m = WORD.exec(text)) {
    while (a < skip.length && (skip[a] as [number, number])[1] <= m.index) a++;
    if (a < skip.length && (skip[a] as [number, number])[0] <= m.index) continue;
    if (hasClauseBreak(text, last, m.index)) clause++;
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    norm.push(normalizeWord(m[0]));
    clauses.push(clause);
    last = m.index + m[0].length;
  }
  return { count: starts.length, start: Int32Array.from(starts), end: Int32Array.from(ends), norm, clause: Int32Array.from(clauses) };
}

function addresses(text: string, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  const slice = text.slice(from, to);
  if (!/[/@]|www\./.test(slice)) return spans;
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(slice); m !== null; m = ADDRESS.exec(slice)) spans.push([from + m.index, from + m.index + m[0].length]);
  return spans;
}

const ASCII_WORD = /^[a-z0-9']*$/;
const FORMAT = /\p{Cf}/u;
const FORMAT_ALL = /\p{Cf}/gu;

export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  const plain = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
  return (FORMAT.test(plain) ? plain.replace(FORMAT_ALL, '') : plain).normalize('NFC');
}

/** Per document (any object standing for a text), the run of text it was last tokenized over by tokenizeRun. */
const runs = new WeakMap<object, { from: number; to: number; tokens: Tokens }>();

/** tokenize(text, from, to), remembered for `owner` so that tokensWithin can take a part of the run again without tokenizing it. */
export function tokenizeRun(owner: object, text: string, from: number, to: number): Tokens {
  const tokens = tokenize(text, from, to);
  runs.set(owner, { from, to, tokens });
  return tokens;
}

const SPACE = /\s/;

/**
 * The tokens of text[from, to) (UTF-16), exactly as tokenize(text, from, to) gives them up to the
 * numbering of clauses (the same where they change, counted from another start): taken from the
 * run `owner` was last tokenized over when it holds [from, to) and whitespace (or the end of the
 * text) stands on both sides, since no word or web address runs across whitespace; tokenized
 * afresh otherwise.
 */
export function tokensWithin(owner: object, text: string, from: number, to: number): Tokens {
  const run = runs.get(owner);
  const bounded = (from === 0 || SPACE.test(text[from - 1]!)) && (to >= text.length || SPACE.test(text[to]!));
  if (!run || run.from > from || run.to < to || !bounded) return tokenize(text, from, to);
  const t = run.tokens;
  const lo = firstStartingAt(t, from);
  const hi = firstStartingAt(t, to);
  if ((hi > lo && t.end[hi - 1]! > to) || (lo > 0 && t.end[lo - 1]! > from)) return tokenize(text, from, to);
  return { count: hi - lo, start: t.start.subarray(lo, hi), end: t.end.subarray(lo, hi), norm: t.norm.slice(lo, hi), clause: t.clause.subarray(lo, hi) };
}

/** Index of the first token starting at or after `pos` (binary search). */
function firstStartingAt(t: Tokens, pos: number): number {
  let lo = 0;
  let hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.start[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
