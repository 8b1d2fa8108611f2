// The Markdown back-end of the document model: GitHub-flavoured Markdown, every text escaped here.
import { citationDetails, quoteCodes, type Ctx } from './context.js';
import type { Block, Doc, Inline } from './doc.js';
import { escapeMarkdown, escapeMarkdownInline } from './escape.js';
import { markMarkdown } from '../model/output-marks.js';

function inline(i: Inline): string {
  if (typeof i === 'string') return escapeMarkdownInline(i);
  if ('refs' in i) return `${escapeMarkdownInline(i.prefix)}\\[${i.refs.join(', ')}\\]`;
  // Emphasis markers must touch the text: white space at either end goes outside them.
  // (trimStart/trimEnd strip exactly the characters \s matches; a regex with a lazy middle was quadratic in the text's length)
  const start = i.text.length - i.text.trimStart().length;
  const end = Math.max(start, i.text.trimEnd().length);
  const lead = i.text.slice(0, start);
  const core = i.text.slice(start, end);
  const trail = i.text.slice(end);
  let md = escapeMarkdownInline(core);
  if (md === '') return escapeMarkdownInline(i.text);
  if (i.strong) md = `**${md}**`;
  if (i.em || i.mark === 'low') md = `*${md}*`;
  if (i.href) md = `[${md}](${encodeURI(i.href)})`;
  return `${escapeMarkdownInline(lead)}${md}${escapeMarkdownInline(trail)}`;
}

/** Inline content; a line that would start a block (a list marker, a heading underline) is defused. */
export function inlinesMarkdown(content: readonly Inline[], startsBlock = false): string {
  const md = content.map(inline).join('');
  if (!startsBlock) return md;
  // The first run decides how the line starts: escape it as a block start when it is plain text.
  const first = content[0];
  if (typeof first === 'string') return escapeMarkdown(first) + content.slice(1).map(inline).join('');
  return md;
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, Math.max(1, level)))} ${escapeMarkdownInline(text)}\n\n`;
}

function tableMarkdown(b: Extract<Block, { kind: 'table' }>): string {
  if (b.rows.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |\n`;
  const head = line(b.columns.map((c) => escapeMarkdownInline(c.header)));
  const rule = line(b.columns.map((c) => (c.numeric ? '---:' : '---')));
  const rows = b.rows.map((cells) => line(cells.map((c) => `${inlinesMarkdown(c.content)}${c.noteNumber !== undefined ? ` ⁽${c.noteNumber}⁾` : ''}`))).join('');
  const notes = b.notes && b.notes.length > 0 ? `\n${b.notes.map((n, i) => `${i + 1}. ${inlinesMarkdown(n)}`).join('\n')}\n` : '';
  return `${head}${rule}${rows}${notes}\n`;
}

export function blocksMarkdown(ctx: Ctx, blocks: readonly Block[]): string {
  let out = '';
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out += heading(b.level, b.text);
        break;
      case 'paragraph':
        out += `${inlinesMarkdown(b.content, true)}\n\n`;
        break;
      case 'list':
        if (b.items.length > 0) out += `${b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlinesMarkdown(item, true)}`).join('\n')}\n\n`;
        break;
      case 'table':
        out += tableMarkdown(b);
        break;
      case 'quote': {
        const q = b.quote;
        const cite = [escapeMarkdownInline(q.document), ...citationDetails(ctx, q).map(escapeMarkdownInline)].join(', ');
        const codes = b.showCodes ? ` (${escapeMarkdownInline(quoteCodes(ctx, q))})` : '';
        const num = b.number !== undefined ? `\\[${b.number}\\] ` : '';
        out += `> ${num}${b.number !== undefined ? escapeMarkdownInline(q.text) : escapeMarkdown(q.text)}\n>\n> — ${cite}${codes}\n\n`;
        break;
      }
      case 'grid':
        for (const c of b.cells) out += heading(b.level, c.title) + blocksMarkdown(ctx, c.blocks);
        break;
      case 'figure':
        out += `${escapeMarkdown(b.caption)}\n\n${blocksMarkdown(ctx, b.fallback)}`;
        break;
      case 'section':
        out += heading(b.level, b.heading) + blocksMarkdown(ctx, b.blocks);
        break;
    }
  }
  return out;
}

/**
 * A report document as Markdown: MARKDOWN_MARK on the first line, the title as a level-1 heading,
 * the subtitle, then the blocks; ends with one line break. Pure; throws nothing.
 */
export function docMarkdown(ctx: Ctx, doc: Doc): string {
  let out = heading(1, doc.title);
  if (doc.subtitle) out += `${escapeMarkdown(doc.subtitle)}\n\n`;
  out += blocksMarkdown(ctx, doc.blocks);
  // The mark first: found in an input folder, the report is passed over, not coded.
  return markMarkdown(`${out.trimEnd()}\n`);
}
