// Inline Markdown taken out of a quote's words for display: `[text](url)` reads as its text, `**word**` as the word.

// A destination may be blank: a Markdown document's link targets are blanked when it is read (blankLinkTargets).
const LINK = /!?\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\([ \t]*(?:(?:[^()\s]|\([^()\s]*\))+(?:\s+"[^"\n]*")?)?[ \t]*\)/gu;
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

// `[text](target "title")` and `![alt](target)`: the target (with its title) after the opening parenthesis.
// Link text may hold one level of brackets (`[[2024] report](...)`), a target one level of parentheses
// (`https://en.wikipedia.org/wiki/Police_(disambiguation)`).
const TARGET = /(!?\[(?:[^[\]\n]|\[[^[\]\n]*\])*\]\()((?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))+)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?)(?=[ \t]*\))/gu;
// A reference definition's target: `[id]: https://... "title"` on a line of its own.
const REFERENCE = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?)[ \t]*$/gmu;
// An embedded file anywhere (an HTML <img src="data:...">): its base64 bytes.
const DATA_URI = /data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[^;,\s]*)*;base64,[A-Za-z0-9+/=]+/gu;

const blank = (s: string) => s.replace(/[^\n]/gu, ' ');

/**
 * A Markdown text with its link and image targets blanked: in `[text](target "title")`,
 * `![alt](target)` and `[id]: target` definitions the target (and title), and any embedded
 * `data:...;base64,...` file, become one space per code point, so that addresses and embedded images
 * are neither words (counted, coded, read for the language) nor quoted, while every offset, line and
 * column stays the file's. Starts at `from` (after front matter). Shape: string in, string of the same
 * length in code points out; never throws.
 */
export function blankLinkTargets(text: string, from = 0): string {
  if (!/\]\(|\]:|data:/u.test(text)) return text;
  const body = text.slice(from).replace(TARGET, (_, open: string, target: string) => open + blank(target)).replace(REFERENCE, (_, head: string, target: string) => head + blank(target)).replace(DATA_URI, blank);
  return text.slice(0, from) + body;
}
