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
// A word is what /[\p{L}\p{M}\p{N}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*(?:['’][\p{L}\p{M}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*)*/u
// matches (letters, marks and digits; format characters inside; an apostrophe and letters after it,
// "don't", "O’Brien"), found by a scanner over character codes (nextWord) rather than by that pattern.
// Addresses are not words anyone said: web links (also a Markdown link's target) and e-mail addresses.
const ADDRESS = /\]\([^)\s]*\)|\b(?:https?:\/\/|www\.)[^\s<>()\]]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** A clause break (. ; : ! ? ( ) en and em dashes) in text[from, to)? */
function hasClauseBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 41 || c === 0x2013 || c === 0x2014) return true;
  }
  return false;
}

// Character classes of the word pattern: letter or mark, digit (\p{N}), format character (\p{Cf}), other.
const LETTER = 1;
const DIGIT = 2;
const FORMAT_CHAR = 3;
const OTHER = 4;
/** The class of each code point of the Basic Multilingual Plane, filled in as they are met (0: not yet). */
const classes = new Uint8Array(0x10000);
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const NUMBER = /^\p{N}$/u;
const FORMAT_ONE = /^\p{Cf}$/u;

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return LETTER_OR_MARK.test(ch) ? LETTER : NUMBER.test(ch) ? DIGIT : FORMAT_ONE.test(ch) ? FORMAT_CHAR : OTHER;
}

/** The class of the code point at UTF-16 index `i` (a lone surrogate is OTHER, as in the pattern). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) return classify(cp);
  }
  let k = classes[c] as number;
  if (k === 0) {
    k = classify(c);
    classes[c] = k;
  }
  return k;
}

/** UTF-16 length of the code point at `i`. */
function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** End of the run of letters and marks (and digits when `digits`) from `i`. */
function runEnd(text: string, i: number, digits: boolean): number {
  const n = text.length;
  while (i < n) {
    const k = classAt(text, i);
    if (k === LETTER || (digits && k === DIGIT)) i += widthAt(text, i);
    else return i;
  }
  return i;
}

/** Past format characters followed by letters, marks or digits, as often as they come: (?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*. */
function formatRunsEnd(text: string, i: number): number {
  const n = text.length;
  for (;;) {
    let j = i;
    while (j < n && classAt(text, j) === FORMAT_CHAR) j += widthAt(text, j);
    if (j === i || j >= n) return i;
    const k = classAt(text, j);
    if (k !== LETTER && k !== DIGIT) return i;
    i = runEnd(text, j, true);
  }
}

/** End of the word that starts at `i` (a letter, mark or digit), by the word pattern above. */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  i = formatRunsEnd(text, runEnd(text, i, true));
  for (;;) {
    const c = text.charCodeAt(i);
    if (i + 1 >= n || (c !== 39 && c !== 0x2019) || classAt(text, i + 1) !== LETTER) return i;
    i = formatRunsEnd(text, runEnd(text, i + 1, false));
  }
}

/** Index of the first letter, mark or digit at or after `i` and before `to`, or -1. */
function nextWord(text: string, i: number, to: number): number {
  while (i < to) {
    const k = classAt(text, i);
    if (k === LETTER || k === DIGIT) return i;
    i += widthAt(text, i);
  }
  return -1;
}

/** Whether text[from, to) is all ASCII (its lower case is then its normal form). */
function isAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * The word tokens of the words starting in text[from, to) (UTF-16; a word starting before `to` is
 * taken whole), outside web and e-mail addresses: offsets, normalized forms (normalizeWord) and
 * clause numbers. Does not throw.
 */
export function tokenize(text: string, from = 0, to = text.length): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const norm: string[] = [];
  const clauses: number[] = [];
  let clause = 0;
  let last = from;
  const skip = addresses(text, from, to);
  let a = 0;
  for (let index = nextWord(text, from, to); index >= 0; ) {
    const end = wordEnd(text, index);
    while (a < skip.length && (skip[a] as [number, number])[1] <= index) a++;
    if (a < skip.length && (skip[a] as [number, number])[0] <= index) {
      index = nextWord(text, end, to);
      continue;
    }
    if (hasClauseBreak(text, last, index)) clause++;
    starts.push(index);
    ends.push(end);
    const word = text.slice(index, end);
    norm.push(isAscii(text, index, end) ? word.toLowerCase() : normalizeWord(word));
    clauses.push(clause);
    last = end;
    index = nextWord(text, end, to);
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
