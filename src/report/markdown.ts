// Markdown building blocks: headings, GitHub-style tables and cited quotes, all text escaped.
import type { Quote } from '../aggregate/types.js';
import { citationDetails, quoteCodes, type Ctx } from './context.js';
import { escapeMarkdown, escapeMarkdownInline } from './escape.js';

/** Inline text (table cells, headings, list items). */
export const md = escapeMarkdownInline;
/** Text that starts a block (paragraphs, quotes). */
export const block = escapeMarkdown;

export function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, Math.max(1, level)))} ${md(text)}\n\n`;
}

/** A GFM table; cells are already-escaped Markdown. `right` marks numeric columns. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  if (rows.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |\n`;
  const rule = headers.map((_, i) => (right[i] ? '---:' : '---'));
  return `${line(headers.map(md))}${line(rule)}${rows.map(line).join('')}\n`;
}

/** A quote as a block quote with its citation. */
export function quote(ctx: Ctx, q: Quote, showCodes = false): string {
  const cite = [md(q.document), ...citationDetails(ctx, q).map(md)].join(', ');
  const codes = showCodes ? ` (${md(quoteCodes(ctx, q))})` : '';
  return `> ${block(q.text)}\n>\n> — ${cite}${codes}\n\n`;
}

export function quotes(ctx: Ctx, list: readonly Quote[], showCodes = false): string {
  return list.map((q) => quote(ctx, q, showCodes)).join('');
}

export function paragraph(text: string): string {
  return `${block(text)}\n\n`;
}

/** A bullet list of already-escaped items. */
export function bullets(items: readonly string[]): string {
  return items.length === 0 ? '' : `${items.map((i) => `- ${i}`).join('\n')}\n\n`;
}

/** A heading anchor slug as GitHub computes it (lowercase, spaces to dashes, punctuation dropped). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
