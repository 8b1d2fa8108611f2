// Decides whether a dot belongs to an abbreviation that does not end the sentence.
import { abbreviations } from '../lang/abbreviations.js';
import type { AbbreviationSet } from './segment.js';

// These are abbreviations only before a number ("No. 5", "Nr. 12", "p. 4"); elsewhere the dot ends a sentence.
const BEFORE_NUMBER_ONLY = new Set(['no.', 'nos.', 'nr.', 'p.', 'pp.', 'art.', 'str.', 'psl.', 'sk.']);
// Often sentence-final: a following capital letter starts a new sentence.
const OFTEN_FINAL = new Set(['etc.', 'kt.', 'ir kt.', 'pan.', 'ir pan.', 'inc.', 'ltd.', 'a.m.', 'p.m.']);

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
  // Index each abbreviation by every dot it contains: (dot position inside it) -> candidates.
  const entries = [...new Set(list.map((a) => a.toLowerCase()))].flatMap((a) =>
    [...a].flatMap((ch, k) => (ch === '.' ? [{ a, k }] : [])),
  );
  return {
    blocksBoundary(text, dot, floor, nextChar) {
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
