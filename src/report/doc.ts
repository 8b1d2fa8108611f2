// The report document model: sections are built once as these small trees, then rendered to Markdown, HTML or Word.
import type { Quote } from '../aggregate/types.js';

/**
 * A run of text inside a block. Plain strings are text; every back-end escapes text for its syntax,
 * so builders never escape. `refs` are citation numbers rendered as "[1, 2]" linking to the cited
 * quotes; `mark` styles a run (a gap, a low-confidence note, a collaboration character).
 */
export type Inline =
  | string
  | {
      text: string;
      strong?: boolean;
      em?: boolean;
      /** A link target: another file (relative) or `#id` in the same page. */
      href?: string;
      mark?: 'gap' | 'low' | 'muted';
    }
  /** Citation numbers: `prefix` then "[1, 2]", each linking to the quote with id `<anchor>-q<n>`. */
  | { refs: number[]; prefix: string; anchor: string };

/** A table cell: inline content, with an optional class (colour), tooltip and footnote-style note. */
export interface Cell {
  content: Inline[];
  /** HTML class (e.g. `char-systematic`); Word shades cells with the matching colour from CELL_SHADES. */
  className?: string;
  /** A tooltip in HTML (title attribute); other formats show it as a note under the table when `noteNumber` is set. */
  title?: string;
  /** Number of the note below the table that holds `title` (Markdown and Word, which have no tooltips). */
  noteNumber?: number;
}

export interface Column {
  header: string;
  numeric?: boolean;
  /** Narrow column whose header may turn sideways in print. */
  narrow?: boolean;
}

export type Block =
  | { kind: 'heading'; level: number; text: string; id?: string }
  | { kind: 'paragraph'; content: Inline[]; className?: string }
  | { kind: 'list'; ordered?: boolean; items: Inline[][] }
  | {
      kind: 'table';
      columns: Column[];
      rows: Cell[][];
      /** The first cell of each row is a row header. */
      rowHeader?: boolean;
      className?: string;
      /** Notes (numbered) printed under the table: the tooltips of cells with a noteNumber. */
      notes?: Inline[][];
    }
  | {
      kind: 'quote';
      quote: Quote;
      /** Citation number when findings refer to it as [n]; the HTML id is `<anchor>-q<n>`. */
      number?: number;
      anchor?: string;
      /** Also name the codes it evidences (for quotes standing for a whole quadrant). */
      showCodes?: boolean;
    }
  | {
      kind: 'grid';
      /** Two columns of boxes (the SWOT 2×2): printed on one page, boxes side by side. */
      className?: string;
      /** Heading level of the box titles. */
      level: number;
      /** `id` goes on the box title in HTML, which then names its box (aria-labelledby). */
      cells: { title: string; id?: string; className?: string; blocks: Block[] }[];
    }
  | {
      kind: 'figure';
      caption: string;
      /** Inline SVG markup for HTML (built by a chart renderer that escapes its own text). */
      svg: string;
      /** What other formats show instead: a table of the same numbers. */
      fallback: Block[];
    }
  | {
      kind: 'section';
      id: string;
      heading: string;
      level: number;
      blocks: Block[];
      className?: string;
      /** Starts a new page in print and in Word. */
      pageBreak?: boolean;
    };

/** A whole document: its title, optional subtitle, whether it carries a table of contents, and its blocks. */
export interface Doc {
  title: string;
  subtitle?: string;
  /** Table of contents of the top-level sections (HTML only; Word and Markdown readers have their own). */
  toc?: boolean;
  blocks: Block[];
}

export const text = (t: string): Inline => t;
export const strong = (t: string): Inline => ({ text: t, strong: true });
export const para = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const heading = (level: number, t: string, id?: string): Block => ({ kind: 'heading', level, text: t, id });
export const cell = (...content: Inline[]): Cell => ({ content });
export const list = (items: Inline[][], ordered = false): Block => ({ kind: 'list', ordered, items });

/** Every heading of a block tree, depth first, as [level, text] (section headings included): what every back-end must show. */
export function headingsOf(blocks: readonly Block[]): [number, string][] {
  const out: [number, string][] = [];
  for (const b of blocks) {
    if (b.kind === 'heading') out.push([b.level, b.text]);
    else if (b.kind === 'section') out.push([b.level, b.heading], ...headingsOf(b.blocks));
    else if (b.kind === 'grid') for (const c of b.cells) out.push([b.level, c.title], ...headingsOf(c.blocks));
  }
  return out;
}

/** Plain text of inline content (for tooltips, alt text and tests). */
export function plain(content: readonly Inline[]): string {
  return content.map((i) => (typeof i === 'string' ? i : 'text' in i ? i.text : `${i.prefix}[${i.refs.join(', ')}]`)).join('');
}
