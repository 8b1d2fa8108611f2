// SWOT renderers: terminal grid (chalk, drawn directly), Markdown, HTML and JSON, from a SwotView.
import { Chalk, type ChalkInstance } from 'chalk';
import type { SwotCell, SwotGrid, SwotView } from '../aggregate/types.js';
import type { Quadrant } from '../model/types.js';
import { codeLabel, groupTitle, makeCtx, quadrantLabel, truncate, type Ctx, type RenderOptions } from './context.js';
import * as H from './html.js';
import { jsonText, labelsOf } from './json.js';
import * as M from './markdown.js';

export interface GridOptions extends RenderOptions {
  /** Colour with ANSI escapes. The caller decides (TTY and NO_COLOR); renderers never read the environment. */
  color: boolean;
  /** Total width in columns (default 100). */
  width?: number;
  /** Quote length in the grid, in characters (default 180). */
  quoteLength?: number;
  /** Display names for group values (e.g. organization id -> name). */
  names?: ReadonlyMap<string, string>;
}

const QUADRANT_COLORS: Record<Quadrant, 'green' | 'red' | 'blue' | 'yellow'> = {
  strength: 'green',
  weakness: 'red',
  opportunity: 'blue',
  threat: 'yellow',
};

function cellOf(grid: SwotGrid, quadrant: Quadrant): SwotCell {
  return grid.quadrants.find((c) => c.quadrant === quadrant) ?? { quadrant, codes: [], count: 0, documents: 0, quotes: [], themes: [] };
}

function nameOf(names: ReadonlyMap<string, string> | undefined): ((v: string) => string) | undefined {
  return names ? (v) => names.get(v) ?? v : undefined;
}

// ---------------------------------------------------------------- terminal

/** Wraps text to `width` columns at spaces, breaking words longer than a line; `indent` starts continuation lines. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  const room = (l: string) => width - [...l].length;
  for (const word of text.slice(lead.length).split(/ +/)) {
    let w = word;
    const sep = line.trim() === '' ? '' : ' ';
    if ([...w].length + sep.length <= room(line)) {
      line += sep + w;
      continue;
    }
    if (line.trim() !== '') {
      lines.push(line);
      line = indent;
    }
    while ([...w].length > room(line)) {
      const chars = [...w];
      const n = Math.max(1, room(line));
      lines.push(line + chars.slice(0, n).join(''));
      w = chars.slice(n).join('');
      line = indent;
    }
    line += w;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** `  dir/file.md:12, Speaker`, broken only after a `/` or before the speaker when it does not fit. */
export function wrapCitation(document: string, line: number, speaker: string | null, width: number, where?: { page?: number; time?: string }): string[] {
  const indent = '  ';
  const parts = document.split(/(?<=\/)/);
  parts[parts.length - 1] += `:${line}`;
  if (where?.page !== undefined) parts.push(`, p. ${where.page}`);
  if (where?.time !== undefined) parts.push(`, ${where.time}`);
  if (speaker) parts.push(`, ${speaker}`);
  const lines: string[] = [];
  let current = indent;
  for (const part of parts) {
    const piece = current === indent ? part.replace(/^, /, '') : part;
    if ([...current].length + [...piece].length <= width || current === indent) {
      current += piece;
    } else {
      lines.push(current);
      current = indent + part.replace(/^, /, '');
    }
    while ([...current].length > width) {
      const chars = [...current];
      lines.push(chars.slice(0, width).join(''));
      current = indent + chars.slice(width).join('');
    }
  }
  lines.push(current);
  return lines;
}

function gridCellText(ctx: Ctx, chalk: ChalkInstance, cell: SwotCell, quoteLength: number, width: number): string {
  const lines: string[] = [];
  if (cell.themes.length === 0) lines.push(chalk.dim(ctx.tr('swot.noEvidence')));
  for (const theme of cell.themes) lines.push(...wrapText(`${String(theme.count).padStart(4)}  ${codeLabel(ctx, theme.code)}`, width, ' '.repeat(6)));
  for (const q of cell.quotes) {
    lines.push('');
    lines.push(...wrapText(`“${truncate(q.text, quoteLength)}”`, width));
    lines.push(...wrapCitation(q.document, q.line, q.speaker, width, q).map((l) => chalk.dim(l)));
  }
  return lines.join('\n');
}

function gridHeader(ctx: Ctx, chalk: ChalkInstance, cell: SwotCell, width: number): string {
  const label = quadrantLabel(ctx, cell.quadrant);
  const count = `(${ctx.tr('swot.cellCount', { count: cell.count, documents: cell.documents })})`;
  const [first = '', ...rest] = wrapText(`${label} ${count}`, width);
  // Colour the quadrant name only; the count stays dim.
  const head = first.startsWith(label) ? chalk.bold[QUADRANT_COLORS[cell.quadrant]](label) + chalk.dim(first.slice(label.length)) : first;
  return [head, ...rest.map((l) => chalk.dim(l))].join('\n');
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** A line padded with spaces to `width` visible columns (colour codes take none; each code point one). */
function padVisible(line: string, width: number): string {
  return line + ' '.repeat(Math.max(0, width - [...line.replace(ANSI, '')].length));
}

/**
 * Rows of two cells, already wrapped to `col - 2` columns (wrapText), boxed in the shape cli-table3
 * draws (a space of padding on each side). Drawn directly: each line is measured once, where
 * cli-table3's width computation over coloured, non-ASCII text took most of a terminal report's time.
 */
function drawGrid(rows: readonly (readonly [string, string])[], col: number): string {
  const rule = '─'.repeat(col);
  const out = [`┌${rule}┬${rule}┐`];
  rows.forEach(([left, right], i) => {
    if (i > 0) out.push(`├${rule}┼${rule}┤`);
    const a = left.split('\n');
    const b = right.split('\n');
    for (let k = 0; k < Math.max(a.length, b.length); k++) out.push(`│ ${padVisible(a[k] ?? '', col - 2)} │ ${padVisible(b[k] ?? '', col - 2)} │`);
  });
  out.push(`└${rule}┴${rule}┘`);
  return out.join('\n');
}

function renderOneGrid(ctx: Ctx, chalk: ChalkInstance, grid: SwotGrid, options: GridOptions): string {
  const width = Math.max(40, options.width ?? 100);
  const col = Math.floor((width - 3) / 2);
  const inner = col - 2;
  const quoteLength = options.quoteLength ?? 180;
  const [s, w, o, t] = (['strength', 'weakness', 'opportunity', 'threat'] as const).map((q) => cellOf(grid, q)) as [SwotCell, SwotCell, SwotCell, SwotCell];
  const table = drawGrid([
    [gridHeader(ctx, chalk, s, inner), gridHeader(ctx, chalk, w, inner)],
    [gridCellText(ctx, chalk, s, quoteLength, inner), gridCellText(ctx, chalk, w, quoteLength, inner)],
    [gridHeader(ctx, chalk, o, inner), gridHeader(ctx, chalk, t, inner)],
    [gridCellText(ctx, chalk, o, quoteLength, inner), gridCellText(ctx, chalk, t, quoteLength, inner)],
  ], col);
  const title = `${ctx.tr('swot.title')}: ${groupTitle(ctx, grid.group, nameOf(options.names))}`;
  const totals = ctx.tr('swot.totals', { segments: grid.segments, documents: grid.documents });
  return `${chalk.bold(title)}  ${chalk.dim(totals)}\n${table}\n`;
}

/** The four-quadrant view for a terminal: the overall grid, then one per group. */
export function renderSwotGrid(view: SwotView, options: GridOptions): string {
  const ctx = makeCtx(options);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const grids = view.by === null ? [view.overall] : [view.overall, ...view.groups];
  return grids.map((g) => renderOneGrid(ctx, chalk, g, options)).join('\n');
}

// ---------------------------------------------------------------- Markdown

export type SwotDetail = 'quadrant' | 'themes';

/** One grid as Markdown: a 2x2 overview table, then each quadrant with its sub-themes and quotes. */
export function swotGridMarkdown(ctx: Ctx, grid: SwotGrid, level: number, detail: SwotDetail): string {
  const cells = grid.quadrants;
  const summary = (c: SwotCell) => (c.themes.length === 0 ? M.md(ctx.tr('swot.noEvidence')) : c.themes.map((th) => `${M.md(codeLabel(ctx, th.code))} (${th.count})`).join('<br>'));
  const head = (c: SwotCell) => `${quadrantLabel(ctx, c.quadrant)} (${c.count})`;
  const [s, w, o, t] = (['strength', 'weakness', 'opportunity', 'threat'] as const).map((q) => cellOf(grid, q)) as [SwotCell, SwotCell, SwotCell, SwotCell];
  let out = M.table([head(s), head(w)], [
    [summary(s), summary(w)],
    [`**${M.md(head(o))}**`, `**${M.md(head(t))}**`],
    [summary(o), summary(t)],
  ]);
  for (const cell of cells) {
    out += M.heading(level, `${quadrantLabel(ctx, cell.quadrant)} (${cell.count})`);
    if (cell.themes.length === 0) {
      out += M.paragraph(ctx.tr('swot.noEvidence'));
      continue;
    }
    out += M.table(
      [ctx.tr('label.subTheme'), ctx.tr('label.segments'), ctx.tr('label.documents')],
      cell.themes.map((th) => [M.md(codeLabel(ctx, th.code)), String(th.count), String(th.documents)]),
      [false, true, true],
    );
    if (detail === 'quadrant') {
      out += M.paragraph(`${ctx.tr('swot.strongest')}:`);
      out += M.quotes(ctx, cell.quotes, true);
    } else {
      for (const th of cell.themes) {
        out += M.heading(level + 1, `${codeLabel(ctx, th.code)} (${th.count})`);
        out += M.quotes(ctx, th.quotes);
      }
    }
  }
  return out;
}

export function renderSwotMarkdown(view: SwotView, options: RenderOptions & { names?: ReadonlyMap<string, string> }): string {
  const ctx = makeCtx(options);
  let out = M.heading(1, ctx.tr('swot.title'));
  const grids = view.by === null ? [view.overall] : [view.overall, ...view.groups];
  for (const grid of grids) {
    out += M.heading(2, groupTitle(ctx, grid.group, nameOf(options.names)));
    out += M.paragraph(ctx.tr('swot.totals', { segments: grid.segments, documents: grid.documents }));
    out += swotGridMarkdown(ctx, grid, 3, 'quadrant');
  }
  return `${out.trimEnd()}\n`;
}

// ---------------------------------------------------------------- HTML

/** One grid as HTML: four coloured quadrant sections, each with its sub-theme table and quotes. */
export function swotGridHtml(ctx: Ctx, grid: SwotGrid, level: number, detail: SwotDetail, idPrefix: string): string {
  let out = '<div class="swot">\n';
  for (const cell of grid.quadrants) {
    const id = H.anchor(idPrefix, cell.quadrant);
    out += `<section class="${cell.quadrant}" aria-labelledby="${id}">\n`;
    out += H.h(level, quadrantLabel(ctx, cell.quadrant), id, ` <span class="count">(${cell.count})</span>`);
    if (cell.themes.length === 0) {
      out += H.p(ctx.tr('swot.noEvidence'));
    } else {
      out += H.table(
        [{ header: ctx.tr('label.subTheme') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }],
        cell.themes.map((th) => [H.esc(codeLabel(ctx, th.code)), String(th.count), String(th.documents)]),
        { rowHeader: true },
      );
      if (detail === 'quadrant') {
        out += H.quotes(ctx, cell.quotes, true);
      } else {
        for (const th of cell.themes) {
          out += H.h(level + 1, codeLabel(ctx, th.code), undefined, ` <span class="count">(${th.count})</span>`);
          out += H.quotes(ctx, th.quotes);
        }
      }
    }
    out += '</section>\n';
  }
  return `${out}</div>\n`;
}

export function renderSwotHtml(view: SwotView, options: RenderOptions & { names?: ReadonlyMap<string, string> }): string {
  const ctx = makeCtx(options);
  const title = ctx.tr('swot.title');
  let body = `<header>\n${H.h(1, title)}</header>\n<main>\n`;
  const grids = view.by === null ? [view.overall] : [view.overall, ...view.groups];
  grids.forEach((grid, i) => {
    const id = H.anchor('grid', String(i));
    body += `<section aria-labelledby="${id}">\n`;
    body += H.h(2, groupTitle(ctx, grid.group, nameOf(options.names)), id);
    body += H.p(ctx.tr('swot.totals', { segments: grid.segments, documents: grid.documents }), 'subtitle');
    body += swotGridHtml(ctx, grid, 3, 'quadrant', id);
    body += '</section>\n';
  });
  body += '</main>\n';
  return H.page(options.lang, title, body);
}

// ---------------------------------------------------------------- JSON

export function renderSwotJson(view: SwotView, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return jsonText(ctx, { kind: 'swot', ...view }, labelsOf(ctx));
}
