// Decides whether a dot belongs to an abbreviation that does not end the sentence.
import { abbreviations } from '../lang/abbreviations.js';
import { stopwords } from '../lang/stopwords.js';
import type { AbbreviationSet } from './segment.js';

// These are abbreviations only before a number ("No. 5", "Nr. 12", "p. 4"); elsewhere the dot ends a sentence.
const BEFORE_NUMBER_ONLY = new Set(['no.', 'nos.', 'nr.', 'pp.', 'art.', 'str.', 'psl.', 'sk.']);
// Often sentence-final: a following capital letter starts a new sentence.
const OFTEN_FINAL = new Set(['etc.', 'kt.', 'ir kt.', 'pan.', 'ir pan.', 'inc.', 'ltd.', 'a.m.', 'p.m.']);

const INITIAL_CONTEXT = /(?:^|[^\p{L}])(?:mr|mrs|ms|dr|prof|p|gerb|\p{Lu})\.\s+$/iu;

// A letter that stands for a whole name ("let's call her L.", "pavadinkim ją L.") ends the sentence.
const NAMED_BEFORE = /(?:^|[^\p{L}])(?:her|him|them|ją|jį|jas|juos|jai|jam)\s+$/iu;

const cache = new Map<string, AbbreviationSet>();

/** The abbreviations for a language (English ones always apply: they appear in every language's texts). */
export function abbreviationsFor(language = 'en'): AbbreviationSet {
  const key = language === 'lt' ? 'lt' : 'en';
  let set = cache.get(key);
  if (!set) {
    const list = key === 'lt' ? [...abbreviations.en, ...abbreviations.lt] : [...abbreviations.en];
    set = makeSet(list);
    cache.set(key, set);
  }
  return set;
}

function makeSet(list: readonly string[]): AbbreviationSet {
  // Each abbreviation is indexed by every dot it contains, under the word just before that dot
  // ("t. y." under "t" for its first dot and "y" for its second), so a dot costs one map lookup.
  const byWord = new Map<string, { a: string; k: number }[]>();
  for (const a of new Set(list.map((x) => x.toLowerCase()))) {
    for (let k = 0; k < a.length; k++) {
      if (a[k] !== '.') continue;
      const word = wordBefore(a, k, 0);
      const entries = byWord.get(word) ?? [];
      entries.push({ a, k });
      byWord.set(word, entries);
    }
  }
  return {
    blocksBoundary(text, dot, floor, nextChar) {
      const word = wordBefore(text, dot, floor);
      // An initial after a title or another initial ("Mr. J. Smith", "p. J. Jonaitienė") is part of a name.
      if (/^\p{Lu}$/u.test(word) && /\p{Lu}/u.test(nextChar) && INITIAL_CONTEXT.test(text.slice(Math.max(floor, dot - 12), dot - 1))) return true;
      // So is an initial before a surname ("K. Brown", "pas M. Jonaitienę"): a capital letter alone before
      // a capitalized word that is not a function word ("Plan B. The next ..." ends a sentence).
      if (/^\p{Lu}$/u.test(word) && /\p{Lu}/u.test(nextChar) && !NAMED_BEFORE.test(text.slice(Math.max(floor, dot - 12), dot - 1)) && looksLikeSurname(text, dot)) return true;
      const entries = byWord.get(word.toLowerCase());
      if (!entries) return false;
      for (const { a, k } of entries) {
        const s = dot - k;
        if (s < floor) continue;
        if (text.slice(s, s + a.length).toLowerCase() !== a) continue;
        if (s > floor && /[\p{L}\p{N}]/u.test(text[s - 1] as string)) continue;
        const isFinalDot = k === a.length - 1;
        if (isFinalDot && BEFORE_NUMBER_ONLY.has(a) && !/\p{N}/u.test(nextChar)) continue;
        if (isFinalDot && OFTEN_FINAL.has(a) && /\p{Lu}/u.test(nextChar)) continue;
        return true;
      }
      return false;
    },
  };
}

/** The word after the dot at `dot` is another initial, or a capitalized word that is no English or Lithuanian function word. */
function looksLikeSurname(text: string, dot: number): boolean {
  const next = /^\s+(\p{Lu}(?:[\p{L}\p{M}'’-]+|\.))/u.exec(text.slice(dot + 1, dot + 40))?.[1];
  if (!next) return false;
  // Another initial follows ("A. B. Smith").
  if (next.endsWith('.')) return true;
  const lower = next.toLowerCase();
  return !stopwords.en.has(lower) && !stopwords.lt.has(lower);
}

/** The letters immediately before position `end` (back to a non-letter or `floor`). */
function wordBefore(text: string, end: number, floor: number): string {
  let i = end;
  while (i > floor && /[\p{L}\p{M}]/u.test(text[i - 1] as string)) i--;
  return text.slice(i, end);
}
