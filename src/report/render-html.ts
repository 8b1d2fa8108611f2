// The HTML back-end of the document model: every text escaped here, sections as <section>, the SWOT grid as boxes, quotes as figures.
import { citationDetails, quoteCodes, type Ctx } from './context.js';
import type { Block, Cell, Column, Doc, Inline } from './doc.js';
import { escapeHtml as esc } from './escape.js';
import { page, quoteLang } from './html.js';

function inline(i: Inline): string {
  if (typeof i === 'string') return esc(i);
  if ('refs' in i) {
    const links = i.refs.map((n) => `<a href="#${esc(i.anchor)}-q${n}">${n}</a>`).join(', ');
    return `${esc(i.prefix)}<span class="refs">[${links}]</span>`;
  }
  let html = esc(i.text);
  if (i.strong) html = `<strong>${html}</strong>`;
  if (i.em) html = `<em>${html}</em>`;
  if (i.mark) html = `<span class="${i.mark}">${html}</span>`;
  if (i.href) html = `<a href="${esc(encodeURI(i.href))}">${html}</a>`;
  return html;
}

export function inlinesHtml(content: readonly Inline[]): string {
  return content.map(inline).join('');
}

function cellHtml(c: Cell, col: Column | undefined, header: boolean): string {
  const classes = [col?.numeric ? 'num' : '', c.className ?? ''].filter((x) => x !== '').join(' ');
  const attrs = `${classes ? ` class="${esc(classes)}"` : ''}${c.title ? ` title="${esc(c.title)}"` : ''}`;
  const note = c.noteNumber !== undefined ? `<sup class="note">${c.noteNumber}</sup>` : '';
  return header ? `<th scope="row"${attrs}>${inlinesHtml(c.content)}${note}</th>` : `<td${attrs}>${inlinesHtml(c.content)}${note}</td>`;
}

function tableHtml(b: Extract<Block, { kind: 'table' }>): string {
  if (b.rows.length === 0) return '';
  const head = b.columns.map((c) => `<th scope="col"${c.numeric || c.narrow ? ` class="${[c.numeric ? 'num' : '', c.narrow ? 'narrow' : ''].filter(Boolean).join(' ')}"` : ''}>${esc(c.header)}</th>`).join('');
  const rows = b.rows.map((cells) => `<tr>${cells.map((c, i) => cellHtml(c, b.columns[i], i === 0 && b.rowHeader === true)).join('')}</tr>`).join('\n');
  const notes = b.notes && b.notes.length > 0 ? `<ol class="notes">\n${b.notes.map((n) => `<li>${inlinesHtml(n)}</li>`).join('\n')}\n</ol>\n` : '';
  return `<div class="table-scroll"><table${b.className ? ` class="${esc(b.className)}"` : ''}><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table></div>\n${notes}`;
}

function heading(level: number, text: string, id?: string): string {
  const n = Math.min(6, Math.max(1, level));
  return `<h${n}${id ? ` id="${esc(id)}"` : ''}>${esc(text)}</h${n}>\n`;
}

/** Renders blocks to HTML. */
export function blocksHtml(ctx: Ctx, blocks: readonly Block[]): string {
  let out = '';
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out += heading(b.level, b.text, b.id);
        break;
      case 'paragraph':
        out += `<p${b.className ? ` class="${esc(b.className)}"` : ''}>${inlinesHtml(b.content)}</p>\n`;
        break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        out += b.items.length === 0 ? '' : `<${tag}>\n${b.items.map((i) => `<li>${inlinesHtml(i)}</li>`).join('\n')}\n</${tag}>\n`;
        break;
      }
      case 'table':
        out += tableHtml(b);
        break;
      case 'quote': {
        const q = b.quote;
        const details = citationDetails(ctx, q).map(esc).join(', ');
        const codes = b.showCodes ? ` (${esc(quoteCodes(ctx, q))})` : '';
        const id = b.number !== undefined ? ` id="${esc(b.anchor ?? 'r')}-q${b.number}"` : '';
        const num = b.number !== undefined ? `<span class="qn">[${b.number}]</span> ` : '';
        const cls = `quote${b.number !== undefined ? ' cited' : ''}${q.lowConfidence ? ' low' : ''}`;
        out += `<figure class="${cls}"${id}><blockquote${quoteLang(ctx, q)}><p>${num}${esc(q.text)}</p></blockquote><figcaption>— <cite>${esc(q.document)}</cite>, ${details}${codes}</figcaption></figure>\n`;
        break;
      }
      case 'grid':
        out += `<div class="grid${b.className ? ` ${esc(b.className)}` : ''}">\n`;
        for (const c of b.cells) out += `<section${c.className ? ` class="${esc(c.className)}"` : ''}${c.id ? ` aria-labelledby="${esc(c.id)}"` : ''}>\n${heading(b.level, c.title, c.id)}${blocksHtml(ctx, c.blocks)}</section>\n`;
        out += '</div>\n';
        break;
      case 'figure':
        out += `<figure class="chart">\n<figcaption>${esc(b.caption)}</figcaption>\n${b.svg}</figure>\n`;
        break;
      case 'section': {
        const cls = [b.className ?? '', b.pageBreak ? 'page' : ''].filter((x) => x !== '').join(' ');
        out += `<section${cls ? ` class="${esc(cls)}"` : ''} aria-labelledby="${esc(b.id)}">\n${heading(b.level, b.heading, b.id)}${blocksHtml(ctx, b.blocks)}</section>\n`;
        break;
      }
    }
  }
  return out;
}

/** A table of contents of the top-level sections. */
function toc(ctx: Ctx, blocks: readonly Block[]): string {
  const items = blocks.flatMap((b) => (b.kind === 'section' ? [`<li><a href="#${esc(b.id)}">${esc(b.heading)}</a></li>`] : []));
  return items.length === 0 ? '' : `<nav class="toc" aria-label="${esc(ctx.tr('label.contents'))}">\n<ol>\n${items.join('\n')}\n</ol>\n</nav>\n`;
}

/** A complete self-contained page. */
export function docHtml(ctx: Ctx, doc: Doc): string {
  let body = `<header>\n${heading(1, doc.title)}${doc.subtitle ? `<p class="subtitle">${esc(doc.subtitle)}</p>\n` : ''}</header>\n`;
  if (doc.toc) body += toc(ctx, doc.blocks);
  body += `<main>\n${blocksHtml(ctx, doc.blocks)}</main>\n`;
  return page(ctx.lang, doc.title, body);
}
