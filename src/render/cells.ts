// Cells of terminal tables: widths as a terminal shows them (wide and combining characters), and words too long for their column broken, never cut.
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The columns `text` takes on a terminal: its widest line, counting East Asian wide characters and
 * emoji as 2 and combining marks as 0 (string-width's measure, the one cli-table3 lays cells out by).
 */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, stringWidth(line));
  return widest;
}

/**
 * `text` with every word (a run without white space: a document id, a web address) wider than
 * `width` columns broken across lines at grapheme boundaries, so that a table that wraps cells on
 * words shows it whole instead of cutting it with "…". Other words and the white space are as they
 * were. `width` is in terminal columns (see displayWidth), at least 1. Pure.
 */
export function breakLongWords(text: string, width: number): string {
  return text.replace(/\S+/gu, (word) => (stringWidth(word) <= width ? word : pieces(word, width).join('\n')));
}

function pieces(word: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  let used = 0;
  for (const { segment } of graphemes.segment(word)) {
    const w = stringWidth(segment);
    if (used + w > width && line !== '') {
      out.push(line);
      line = '';
      used = 0;
    }
    line += segment;
    used += w;
  }
  if (line !== '') out.push(line);
  return out;
}
