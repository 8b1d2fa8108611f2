// Term frequencies for codebook authors: stems that occur most in respondents' words, stop words left out.
import type { SourceDocument } from '../model/types.js';
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
