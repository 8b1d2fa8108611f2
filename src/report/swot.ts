// SWOT renderers: terminal grid (chalk, drawn directly); Markdown, HTML and Word from one document tree; JSON.
import { Chalk, type ChalkInstance } from 'chalk';
import type { SwotCell, SwotGrid, SwotView } from '../aggregate/types.js';
import type { Quadrant } from '../model/types.js';
import { groupTitle, makeCtx, quadrantLabel, themeLabel, truncate, type Ctx, type RenderOptions } from './context.js';
import { cell as dcell, para, type Block, type Doc } from './doc.js';
import { anchor } from './html.js';
import { jsonText, labelsOf } from './json.js';
import { docHtml } from './render-html.js';
import { docMarkdown } from './render-md.js';

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
  for (const theme of cell.themes) lines.push(...wrapText(`${String(theme.count).padStart(4)}  ${themeLabel(ctx, theme.code)}`, width, ' '.repeat(6)));
  for (const q of cell.quotes) {
    lines.push('');
    lines.push(...wrapText(ctx.tr('quote.text', { text: truncate(q.text, quoteLength) }), width));
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

// ---------------------------------------------------------------- document (Markdown, HTML, Word)

/** The 2x2 reading order: strength, weakness on top; opportunity, threat below. */
const QUADRANTS: readonly Quadrant[] = ['strength', 'weakness', 'opportunity', 'threat'];

type NamedOptions = RenderOptions & { names?: ReadonlyMap<string, string> };

/** One quadrant box: its sub-themes (segments, documents) and its strongest quotes, each naming the codes it evidences. */
function quadrantBlocks(ctx: Ctx, cell: SwotCell): Block[] {
  if (cell.themes.length === 0) return [para(ctx.tr('swot.noEvidence'))];
  const blocks: Block[] = [
    {
      kind: 'table',
      columns: [{ header: ctx.tr('label.subTheme') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }],
      rows: cell.themes.map((th) => [dcell(themeLabel(ctx, th.code)), dcell(String(th.count)), dcell(String(th.documents))]),
      rowHeader: true,
    },
  ];
  if (cell.quotes.length > 0) blocks.push(para(`${ctx.tr('swot.strongest')}:`), ...cell.quotes.map((quote): Block => ({ kind: 'quote', quote, showCodes: true })));
  return blocks;
}

/**
 * The SWOT view as one document tree, rendered alike by the Markdown, HTML and Word back-ends (which do
 * all escaping): a section per grid (overall, then one per `--by` value, titled with `names` when given),
 * each with its totals and the 2x2 grid of quadrants (strength, weakness / opportunity, threat), every
 * quadrant titled with its segment count. Section ids are `grid-<n>`, quadrant heading ids `grid-<n>-<quadrant>`.
 */
export function swotDoc(ctx: Ctx, view: SwotView, names?: ReadonlyMap<string, string>): Doc {
  const grids = view.by === null ? [view.overall] : [view.overall, ...view.groups];
  return {
    title: ctx.tr('swot.title'),
    toc: grids.length > 1,
    blocks: grids.map((grid, i): Block => {
      const id = anchor('grid', String(i));
      return {
        kind: 'section',
        id,
        heading: groupTitle(ctx, grid.group, nameOf(names)),
        level: 2,
        blocks: [
          { kind: 'paragraph', className: 'subtitle', content: [ctx.tr('swot.totals', { segments: grid.segments, documents: grid.documents })] },
          {
            kind: 'grid',
            className: 'swot',
            level: 3,
            cells: QUADRANTS.map((q) => cellOf(grid, q)).map((cell) => ({
              title: `${quadrantLabel(ctx, cell.quadrant)} (${cell.count})`,
              id: anchor(id, cell.quadrant),
              className: cell.quadrant,
              blocks: quadrantBlocks(ctx, cell),
            })),
          },
        ],
      };
    }),
  };
}

export function renderSwotMarkdown(view: SwotView, options: NamedOptions): string {
  const ctx = makeCtx(options);
  return docMarkdown(ctx, swotDoc(ctx, view, options.names));
}

/** A self-contained HTML page (no requests; the quadrants as coloured boxes, two columns on screen and in print). */
export function renderSwotHtml(view: SwotView, options: NamedOptions): string {
  const ctx = makeCtx(options);
  return docHtml(ctx, swotDoc(ctx, view, options.names));
}

/** The Word back-end, loaded when Word files are asked for (the docx package is large, and most runs write none). */
export const wordBackEnd = () => import('./render-docx.js');

/** A .docx (reproducible bytes): the same headings as the HTML page, the quadrants as a shaded 2x2 table. */
export async function renderSwotDocx(view: SwotView, options: NamedOptions): Promise<Uint8Array> {
  const ctx = makeCtx(options);
  return (await wordBackEnd()).docDocx(ctx, swotDoc(ctx, view, options.names));
}

// ---------------------------------------------------------------- JSON

export function renderSwotJson(view: SwotView, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return jsonText(ctx, { kind: 'swot', ...view }, labelsOf(ctx));
}
