// Markdown string helpers for plain tables outside the report document model (agreement tables), all text escaped.
import { escapeMarkdown, escapeMarkdownInline } from './escape.js';

/** Inline text (table cells, headings, list items). */
export const md = escapeMarkdownInline;
/** Text that starts a block (paragraphs, quotes). */
export const block = escapeMarkdown;

/** A GFM table; cells are already-escaped Markdown. `right` marks numeric columns. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  if (rows.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |\n`;
  const rule = headers.map((_, i) => (right[i] ? '---:' : '---'));
  return `${line(headers.map(md))}${line(rule)}${rows.map(line).join('')}\n`;
}
