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

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
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
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m !== null && m.index < to; m = WORD.exec(text)) {
    if (hasClauseBreak(text, last, m.index)) clause++;
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    norm.push(normalizeWord(m[0]));
    clauses.push(clause);
    last = m.index + m[0].length;
  }
  return { count: starts.length, start: Int32Array.from(starts), end: Int32Array.from(ends), norm, clause: Int32Array.from(clauses) };
}

const ASCII_WORD = /^[a-z0-9']*$/;

export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  const plain = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
  return plain.normalize('NFC');
}
