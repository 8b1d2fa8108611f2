// Inline Markdown taken out of a quote's words for display: `[text](url)` reads as its text, `**word**` as the word.

const LINK = /!?\[([^\]\n]*)\]\([^)\s]*(?:\s+"[^"\n]*")?\)/gu;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^>\s]+)>/gu;
// Inside emphasis: any characters but a blank line (emphasis never spans paragraphs).
const SPAN = String.raw`(?:(?!\n[ \t]*\n)[^])*?`;
// `*word*`, `**word**`, `***word***`: the opening run is followed by a non-space, the closing run
// preceded by one (CommonMark's flanking rule), so `2 * 3 * 4` and a lone footnote star stay.
const STAR = new RegExp(String.raw`(?<![\\*])(\*{1,3})(?=[^\s*])(${SPAN}[^\s*\\])\1(?!\*)`, 'gu');
// `_word_`, `__word__`: as above, and not inside a word, so `snake_case_name` stays.
const UNDERSCORE = new RegExp(String.raw`(?<![\\\p{L}\p{N}_])(_{1,3})(?=[^\s_])(${SPAN}[^\s_\\])\1(?![\p{L}\p{N}_])`, 'gu');
const CODE = /(?<![\\`])`([^`\n]+)`(?!`)/gu;
// A backslash before Markdown punctuation shows the punctuation itself.
const ESCAPED = /\\([\\`*_[\]()#+!<>{}.|~-])/gu;

/**
 * The text of a unit as a reader sees it once its inline Markdown is rendered: `[text](url)` as its
 * text, `<https://...>` as the address, emphasis (`*word*`, `**word**`, `_word_`, `__word__`) and
 * inline code as their plain words, `\*` as `*`. Delimiters that CommonMark would not read as
 * emphasis (`2 * 3`, `snake_case`) stay. Shape: string in, string out (code points may only be
 * removed). For quotes in reports, SWOT grids and the terminal; a segment's `text` stays the exact
 * slice its offsets give (DESIGN.md), so this is applied where quotes are made, never to segments.
 */
export function plainQuoteText(text: string): string {
  if (!/[[<*_`\\]/u.test(text)) return text;
  let out = text.replace(LINK, '$1').replace(AUTOLINK, '$1').replace(CODE, '$1');
  // Nested emphasis (`**bold _and italic_**`) comes off one level per pass; a text has few levels.
  for (let pass = 0; pass < 4; pass++) {
    const next = out.replace(STAR, '$2').replace(UNDERSCORE, '$2');
    if (next === out) break;
    out = next;
  }
  return out.replace(ESCAPED, '$1');
}
