// "Did you mean": the closest allowed name to a misspelt one, if it is close enough to help.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate with the least Levenshtein distance to `word` (case-insensitive), when it is within
 * max(2, length / 3) (1 for words of 3 letters or fewer, 2 for the same letters swapped); among equally distant ones, one with the same letters (swapped letters, `mni`
 * for `min`), then the first in code-point order. Undefined when none is close enough.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const letters = (s: string) => [...s].sort().join('');
  const mine = letters(lower);
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestSwapped = false;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    const swapped = letters(candidate.toLowerCase()) === mine;
    if (d < bestDistance || (d === bestDistance && best !== undefined && (swapped !== bestSwapped ? swapped : candidate < best))) {
      best = candidate;
      bestDistance = d;
      bestSwapped = swapped;
    }
  }
  // A short word two edits away from another is a different word ("de" is not "en", "pdf" not "md").
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  // Two letters swapped ("mni" for "min") are one slip, whatever the length.
  return best !== undefined && (bestDistance <= limit || (bestSwapped && bestDistance <= 2)) ? best : undefined;
}
