// Inline Markdown links taken out of a quote's words for display: `[text](url)` reads as its text.

const LINK = /!?\[([^\]\n]*)\]\([^)\s]*(?:\s+"[^"\n]*")?\)/gu;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^>\s]+)>/gu;

/**
 * The text of a unit as a reader sees it once Markdown links are rendered: `[text](url)` as its
 * text, `<https://...>` as the address. For quotes in reports; a segment's `text` stays the exact
 * slice its offsets give. Emphasis (`*word*`) is left in place: reports escape it, so a reader sees
 * what was written.
 */
export function plainQuoteText(text: string): string {
  if (!/[[<]/u.test(text)) return text;
  return text.replace(LINK, '$1').replace(AUTOLINK, '$1');
}
