// The Word back-end as it was built with the `docx` package's objects (Paragraph, TextRun, Table ...):
// the reference the fast XML writer of src/report/render-docx.ts must match byte for byte.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { citationDetails, quoteCodes, type Ctx } from '../../src/report/context.js';
import type { Block, Cell, Doc, Inline } from '../../src/report/doc.js';
import { CELL_SHADES, reproducible } from '../../src/report/render-docx.js';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/** Word has no characters it cannot hold except XML-invalid controls: those are dropped (the XML writer escapes the rest). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function runs(content: readonly Inline[], size?: number): ParagraphChild[] {
  return content.flatMap((i): ParagraphChild[] => {
    if (typeof i === 'string') return [new TextRun({ text: clean(i), size })];
    if ('refs' in i) return [new TextRun({ text: clean(`${i.prefix}[${i.refs.join(', ')}]`), size, color: '555555' })];
    const color = i.mark === 'gap' ? 'B3261E' : i.mark === 'low' || i.mark === 'muted' ? '6B6B6B' : undefined;
    return [new TextRun({ text: clean(i.text), bold: i.strong, italics: i.em || i.mark === 'low', color, size })];
  });
}

function headingParagraph(level: number, text: string, pageBreakBefore = false): Paragraph {
  return new Paragraph({ heading: HEADINGS[Math.min(6, Math.max(1, level)) - 1], children: [new TextRun(clean(text))], pageBreakBefore, keepNext: true });
}

const SMALL = 18; // 9 pt in half-points
const thin = { style: BorderStyle.SINGLE, size: 4, color: 'C8C8C8' };
const borders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

function tableCell(c: Cell, numeric: boolean, header: boolean): TableCell {
  const shade = c.className ? CELL_SHADES[c.className] : undefined;
  const note = c.noteNumber !== undefined ? [new TextRun({ text: ` ${c.noteNumber}`, superScript: true, size: SMALL })] : [];
  return new TableCell({
    shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'F3F3F3' } : undefined,
    children: [new Paragraph({ alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [...runs(c.content, SMALL), ...note] })],
  });
}

function table(ctx: Ctx, b: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  if (b.rows.length === 0) return [];
  const head = new TableRow({
    tableHeader: true,
    children: b.columns.map((c) => new TableCell({ shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F3F3F3' }, children: [new Paragraph({ children: [new TextRun({ text: clean(c.header), bold: true, size: SMALL })] })] })),
  });
  const rows = b.rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c, i) => tableCell(c, b.columns[i]?.numeric === true, i === 0 && b.rowHeader === true)) }));
  const out: (Paragraph | Table)[] = [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows: [head, ...rows] })];
  (b.notes ?? []).forEach((n, i) => out.push(new Paragraph({ children: runs([`${i + 1}. `, ...n], SMALL) })));
  out.push(new Paragraph({ children: [] }));
  void ctx;
  return out;
}

function blocks(ctx: Ctx, list: readonly Block[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(headingParagraph(b.level, b.text));
        break;
      case 'paragraph':
        out.push(new Paragraph({ children: runs(b.content), spacing: { after: 120 } }));
        break;
      case 'list':
        b.items.forEach((item, i) => out.push(b.ordered ? new Paragraph({ indent: { left: 360, hanging: 360 }, children: runs([`${i + 1}. `, ...item]) }) : new Paragraph({ bullet: { level: 0 }, children: runs(item) })));
        break;
      case 'table':
        out.push(...table(ctx, b));
        break;
      case 'quote': {
        const q = b.quote;
        const num = b.number !== undefined ? `[${b.number}] ` : '';
        const codes = b.showCodes ? ` (${quoteCodes(ctx, q)})` : '';
        out.push(new Paragraph({ indent: { left: 567 }, keepNext: true, children: [new TextRun({ text: clean(`${num}“${q.text}”`), italics: true })] }));
        out.push(new Paragraph({ indent: { left: 567 }, spacing: { after: 120 }, children: [new TextRun({ text: clean(`— ${[q.document, ...citationDetails(ctx, q)].join(', ')}${codes}`), size: SMALL, color: '555555' })] }));
        break;
      }
      case 'grid': {
        const rows: TableRow[] = [];
        for (let i = 0; i < b.cells.length; i += 2) {
          const pair = b.cells.slice(i, i + 2);
          rows.push(
            new TableRow({
              cantSplit: true,
              children: pair.map((c) => {
                const shade = c.className ? CELL_SHADES[c.className] : undefined;
                const inner = blocks(ctx, [{ kind: 'heading', level: b.level, text: c.title }, ...c.blocks]);
                return new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : undefined, children: inner.length > 0 ? inner : [new Paragraph({ children: [] })] });
              }),
            }),
          );
        }
        out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows }), new Paragraph({ children: [] }));
        break;
      }
      case 'figure':
        out.push(new Paragraph({ children: [new TextRun({ text: clean(b.caption), bold: true })] }), ...blocks(ctx, b.fallback));
        break;
      case 'section':
        out.push(headingParagraph(b.level, b.heading, b.pageBreak === true), ...blocks(ctx, b.blocks));
        break;
    }
  }
  return out;
}

/** The document as .docx bytes, built from docx's objects and packed by docx (then re-packed with fixed dates). */
export async function referenceDocx(ctx: Ctx, doc: Doc): Promise<Uint8Array> {
  const children = [headingParagraph(1, doc.title), ...(doc.subtitle ? [new Paragraph({ children: [new TextRun({ text: clean(doc.subtitle), color: '555555' })] })] : []), ...blocks(ctx, doc.blocks)];
  const file = new Document({
    creator: 'qeval',
    title: clean(doc.title),
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT }, margin: { top: 907, bottom: 907, left: 907, right: 907 } } }, children }],
  });
  return reproducible(await Packer.toBuffer(file));
}
