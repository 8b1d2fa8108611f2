// How qeval's own text outputs are told from source documents when they are found in an input folder (see folderSkip).

/**
 * The first line of every Markdown file qeval writes (reports, SWOT summaries, codebook and agreement
 * tables): an HTML comment, which Markdown viewers do not show. A folder's `.md` file that starts with
 * it is passed over as qeval's output, not coded as a document.
 */
export const MARKDOWN_MARK = '<!-- qeval report -->';

/** `markdown` with MARKDOWN_MARK as its first line. */
export const markMarkdown = (markdown: string): string => `${MARKDOWN_MARK}\n${markdown}`;

/**
 * What the first lines of a `.txt` file show it is, when qeval wrote it ('a terms table qeval
 * wrote'), or '' when they do not: a box-drawn frame (a line starting with U+250C) within the first
 * three lines (`-f table`, a SWOT grid), the header of `qeval terms` (`stem  count  docs  forms`, or
 * its `--by` form), the title of `qeval agree`'s table, the `==> document <==` header `qeval text`
 * gives each of several documents, or lines that each end with `document:line` after a keyword in
 * brackets (`qeval kwic`). Pure.
 */
export function qevalTableKind(head: string): string {
  const lines = head.replace(/^\ufeff/, '').split(/\r?\n/, 6);
  if (lines.slice(0, 3).some((l) => l.startsWith('\u250c'))) return 'a table or SWOT grid qeval wrote';
  const first = lines[0] ?? '';
  if (/^(?:\S.*? {2})?stem +count +(?:docs|else +LL +log2) +forms$/.test(first)) return 'a terms table qeval wrote';
  if (first.startsWith('Intercoder agreement: ') && /^code /.test(lines[1] ?? '')) return 'an agreement table qeval wrote';
  if (/^==> .+ <==$/.test(first)) return 'the text of several documents as qeval text prints it';
  const full = lines.slice(0, 5).filter((l, i) => l !== '' && i < lines.length - 1);
  if (full.length > 0 && full.every((l) => / {2}\[[^\]]*\] {2}.*\S:\d+$/.test(l))) return 'a keyword-in-context table qeval wrote';
  return '';
}

/** What to do about a qeval output named among the inputs (QEVAL_OUTPUT_NAMED), in words that name no flag. */
export const NAMED_OUTPUT_HINT = 'leave it out, or give the folder or a quoted pattern ("in/*"), which pass over qeval\'s outputs';
