// The stemmer registry: one entry per language code, each a function from a lowercased word to its stem.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { stemLithuanian } from './snowball-lithuanian.js';

/** Maps a lowercased word to its stem. Pure: the same word always gives the same stem. */
export type Stemmer = (word: string) => string;

/** Cache size per language; a transcript corpus rarely has more distinct words than this. */
const CACHE_LIMIT = 50_000;

/**
 * Wraps a stemmer with a bounded cache. Natural-language text repeats its words (Zipf), and the
 * English Porter stemmer runs a dozen regular expressions per word, so most lookups become hits.
 * Two generations keep it O(1): when the young map is full it becomes the old one and the previous
 * old one is dropped; a hit in the old map is copied to the young one. (Evicting single oldest entries
 * from a Map instead makes `keys().next()` walk over deleted slots and gets slower than no cache.)
 * The cache never changes a result, only its speed.
 */
function memoize(stem: Stemmer, limit: number): Stemmer {
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  return (word) => {
    let result = young.get(word);
    if (result !== undefined) return result;
    result = old.get(word) ?? stem(word);
    if (young.size >= limit) {
      old = young;
      young = new Map();
    }
    young.set(word, result);
    return result;
  };
}

/** Stemmers by ISO 639-1 language code. */
export const stemmers = {
  /** English: the Porter (1980) algorithm as implemented by `natural`. */
  en: memoize((word) => PorterStemmer.stem(word), CACHE_LIMIT),
  /** Lithuanian: qeval's own port of the Snowball Lithuanian algorithm (not cached: a lookup costs as much). */
  lt: stemLithuanian,
} as const satisfies Record<string, Stemmer>;

/** A language code that has a stemmer. */
export type StemLanguage = keyof typeof stemmers;

/** The language codes that have a stemmer, sorted. */
export const stemLanguages: string[] = Object.keys(stemmers).sort();

/** The stemmer for a language code such as `en` or `lt`, or undefined if there is none. */
export function getStemmer(lang: string): Stemmer | undefined {
  return Object.hasOwn(stemmers, lang) ? stemmers[lang as StemLanguage] : undefined;
}
