// Escaping for every output syntax: HTML, Markdown, CSV (with formula neutralization), DOT and Mermaid.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/;

/** Text or attribute value for HTML: the five special characters become entities. */
export function escapeHtml(text: string): string {
  // Most report text has none of them: the string itself, not a copy.
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c) : text;
}

/** A character one of escapeMarkdownInline's replacements changes (`\r` only before `\n`). */
const MARKDOWN_INLINE_SPECIAL = /[\n&<>\\`*_[\]|~#]/;

/**
 * Markdown text inside a line (table cell, heading): entities for `&`, `<`, `>` (so no raw HTML
 * reaches a forge's renderer), a backslash before each character that could start inline markup
 * (emphasis, code, links, tables, strikethrough), and line breaks folded to spaces.
 */
export function escapeMarkdownInline(text: string): string {
  // Most report text has none of them: the string itself, not five copies.
  if (!MARKDOWN_INLINE_SPECIAL.test(text)) return text;
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

/** Markdown text that starts a block (paragraph, quote, list item): also defuses list, heading-underline and numbered-list starts. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)(\d+)([.)])(\s|$)/, '$1$2\\$3$4')
    .replace(/^(\s*)([-+])(\s|$)/, '$1\\$2$3')
    .replace(/^(\s*)(=+|-+)\s*$/, '$1\\$2');
}

export { csvCell, csvRow } from '../render/csv.js';

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** A Mermaid label inside double quotes: Mermaid's `#entity;` codes for the characters it would parse. */
export function mermaidLabel(text: string): string {
  const escaped = text
    .replace(/\r?\n/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;');
  return `"${escaped}"`;
}
