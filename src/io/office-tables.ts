// Tables of Word and OpenDocument files as paragraphs: a row per paragraph, or a transcript's turns.
import { DEFAULT_INTERVIEWER_LABELS } from '../text/speakers.js';

const SENTENCE_END = /[.!?…]$/u;
const LABEL = /^\p{Lu}[\p{L}\p{M}\p{N} .'’()_-]{0,38}:?$/u;

/**
 * The paragraphs of a table given as rows of cell texts (empty cells already left out). A
 * two-column table whose first column holds speaker labels (short, capitalized, no sentence end, on
 * every row with text; at least three rows and two speakers, and some speaker on several rows, so a
 * list of partners is not one; or, from two rows, two speakers one of whom is an interviewer label
 * such as `Interviewer` or `Klausėja`) is a transcript laid out as a table, and each row becomes a turn
 * `Label: words`, as in a text transcript; a header row (`Speaker | Text`) is left out.
 * Any other table gives one paragraph per row, cells joined by ` | `. The labels of a transcript's
 * turns are added to `speakers` (see SourceDocument.speakers).
 */
export function tableParagraphs(rows: readonly string[][], speakers?: Set<string>): string[] {
  const filled = rows.filter((r) => r.length > 0);
  const isTurn = (r: string[]) => r.length === 2 && LABEL.test(r[0] as string) && (r[0] as string).split(/\s+/).length <= 4 && !SENTENCE_END.test(r[0] as string);
  const [first, ...rest] = filled;
  // A header row has a short second cell without sentence punctuation ("Text", "Transcript").
  const header = first !== undefined && isTurn(first) && (first[1] as string).split(/\s+/).length <= 2 && !/[.!?,;]/.test(first[1] as string);
  const body = header ? rest : filled;
  const labels = new Set(body.map((r) => (r[0] as string).replace(/:$/, '').trim().toLowerCase()));
  const interviewer = [...labels].some((l) => DEFAULT_INTERVIEWER_LABELS.includes(l));
  const transcript = labels.size >= 2 && body.every(isTurn) && ((body.length >= 3 && labels.size < body.length) || (body.length >= 2 && interviewer));
  if (transcript) {
    const turns = body.map((r) => [(r[0] as string).replace(/:$/, '').trim(), r[1] as string] as const);
    for (const [label] of turns) speakers?.add(label);
    return turns.map(([label, words]) => `${label}: ${words}`);
  }
  return filled.map((r) => r.join(' | '));
}
