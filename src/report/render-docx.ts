// The Word back-end of the document model: a .docx built with the `docx` package, then re-packed with fixed dates so bytes are reproducible.
import type { Document } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { citationDetails, quoteCodes, type Ctx } from './context.js';
import type { Block, Cell, Doc, Inline } from './doc.js';

/** Cell and box shading by class name (the same colours as the HTML stylesheet). */
export const CELL_SHADES: Readonly<Record<string, string>> = {
  strength: 'E6F4EA',
  weakness: 'FDECEA',
  opportunity: 'E8F0FE',
  threat: 'FFF4E5',
  'char-systematic': 'D4EDDA',
  'char-accidental': 'FFE8CC',
  'char-mixed': 'E9DDF5',
  'char-absent': 'F8D7DA',
  'char-unspecified': 'EEEEEE',
};

/** Word has no characters it cannot hold except XML-invalid controls: those are dropped (the XML writer escapes the rest). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/*
 * The body XML is written here directly, as the `docx` package writes it for the Paragraph, TextRun
 * and Table objects this back-end used to build (the same elements, attributes and order, byte for
 * byte; test/report/docx.test.ts compares the two on every kind of block): building those objects
 * and serializing them took most of a report run's time. The package still writes every other part
 * (styles, numbering, settings ...) around the body.
 */

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Text for an element or attribute, escaped as docx does (the five entities; XML-invalid controls dropped). */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_ESCAPES[c] ?? '');
}

/** A run's character formatting: unset options write nothing, false ones write `w:val="false"`. */
interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  /** Half-points. */
  size?: number;
  superScript?: boolean;
}

/** `<w:r>`: one run of text. */
function run(text: string, o: RunStyle = {}): string {
  let pr = '';
  if (o.bold !== undefined) pr += o.bold ? '<w:b/><w:bCs/>' : '<w:b w:val="false"/><w:bCs w:val="false"/>';
  if (o.italics !== undefined) pr += o.italics ? '<w:i/><w:iCs/>' : '<w:i w:val="false"/><w:iCs w:val="false"/>';
  if (o.color !== undefined) pr += `<w:color w:val="${o.color}"/>`;
  if (o.size !== undefined) pr += `<w:sz w:val="${o.size}"/><w:szCs w:val="${o.size}"/>`;
  if (o.superScript) pr += '<w:vertAlign w:val="superscript"/>';
  return `<w:r>${pr === '' ? '' : `<w:rPr>${pr}</w:rPr>`}<w:t xml:space="preserve">${xmlText(clean(text))}</w:t></w:r>`;
}

/** A paragraph's properties, written in the order docx writes them. */
interface ParagraphStyle {
  /** Heading level 1-6 (paragraph style HeadingN). */
  heading?: number;
  /** A bullet of the first list level (the package's default bullet numbering, id 1). */
  bullet?: boolean;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /** Space after, in twips. */
  after?: number;
  indent?: { left: number; hanging?: number };
  align?: 'left' | 'right';
}

/** `<w:p>`: its properties, then the runs' XML. */
function paragraph(o: ParagraphStyle, content: string): string {
  let pr = '';
  if (o.heading !== undefined) pr += `<w:pStyle w:val="Heading${o.heading}"/>`;
  if (o.bullet) pr += '<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>';
  if (o.keepNext) pr += '<w:keepNext/>';
  if (o.pageBreakBefore) pr += '<w:pageBreakBefore/>';
  if (o.after !== undefined) pr += `<w:spacing w:after="${o.after}"/>`;
  if (o.indent) pr += `<w:ind w:left="${o.indent.left}"${o.indent.hanging === undefined ? '' : ` w:hanging="${o.indent.hanging}"`}/>`;
  if (o.align) pr += `<w:jc w:val="${o.align}"/>`;
  if (pr === '' && content === '') return '<w:p/>';
  return `<w:p>${pr === '' ? '' : `<w:pPr>${pr}</w:pPr>`}${content}</w:p>`;
}

function runs(content: readonly Inline[], size?: number): string {
  let out = '';
  for (const i of content) {
    if (typeof i === 'string') out += run(i, { size });
    else if ('refs' in i) out += run(`${i.prefix}[${i.refs.join(', ')}]`, { size, color: '555555' });
    else {
      const color = i.mark === 'gap' ? 'B3261E' : i.mark === 'low' || i.mark === 'muted' ? '6B6B6B' : undefined;
      out += run(i.text, { bold: i.strong, italics: i.em || i.mark === 'low', color, size });
    }
  }
  return out;
}

function headingParagraph(level: number, text: string, pageBreakBefore = false): string {
  return paragraph({ heading: Math.min(6, Math.max(1, level)), keepNext: true, pageBreakBefore }, run(text));
}

const SMALL = 18; // 9 pt in half-points

/** A4 portrait with 16 mm margins, in twips; a table spans the text width between the margins. */
const PAGE = { width: 11906, height: 16838, margin: 907 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

const BORDER = 'w:val="single" w:color="C8C8C8" w:sz="4"';
const TABLE_PROPERTIES = `<w:tblPr><w:tblW w:type="pct" w:w="5000"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} ${BORDER}/>`).join('')}</w:tblBorders></w:tblPr>`;

/**
 * `<w:tc>`: optional width (percent of the table) and fill, then its content, which must end with a
 * paragraph (Word's rule; docx adds an empty one after a table).
 */
function tableCell(content: readonly string[], o: { widthPercent?: number; fill?: string } = {}): string {
  const pr = (o.widthPercent === undefined ? '' : `<w:tcW w:type="pct" w:w="${o.widthPercent * 50}"/>`) + (o.fill === undefined ? '' : `<w:shd w:fill="${o.fill}" w:color="auto" w:val="clear"/>`);
  const last = content[content.length - 1];
  const body = content.join('') + (last === undefined || last.startsWith('<w:tbl>') ? '<w:p/>' : '');
  return `<w:tc>${pr === '' ? '' : `<w:tcPr>${pr}</w:tcPr>`}${body}</w:tc>`;
}

/** `<w:tbl>`: 100% wide, thin borders; `columns` are the grid's column widths in twips (rounded as docx rounds them). */
function tableXml(columns: readonly number[], rows: readonly string[]): string {
  const grid = columns.length === 0 ? '<w:tblGrid/>' : `<w:tblGrid>${columns.map((w) => `<w:gridCol w:w="${Math.round(w)}"/>`).join('')}</w:tblGrid>`;
  return `<w:tbl>${TABLE_PROPERTIES}${grid}${rows.join('')}</w:tbl>`;
}

/** `<w:tr>`: a header row repeats on every page, other rows do not split across pages. */
function tableRow(cells: readonly string[], header = false): string {
  return `<w:tr><w:trPr>${header ? '<w:tblHeader/>' : '<w:cantSplit/>'}</w:trPr>${cells.join('')}</w:tr>`;
}

function tableCellOf(c: Cell, numeric: boolean, header: boolean): string {
  const shade = c.className ? CELL_SHADES[c.className] : undefined;
  const note = c.noteNumber !== undefined ? run(` ${c.noteNumber}`, { superScript: true, size: SMALL }) : '';
  return tableCell([paragraph({ align: numeric ? 'right' : 'left' }, runs(c.content, SMALL) + note)], { fill: shade ?? (header ? 'F3F3F3' : undefined) });
}

function table(b: Extract<Block, { kind: 'table' }>, width: number): string[] {
  if (b.rows.length === 0) return [];
  const head = tableRow(b.columns.map((c) => tableCell([paragraph({}, run(c.header, { bold: true, size: SMALL }))], { fill: 'F3F3F3' })), true);
  const rows = b.rows.map((cells) => tableRow(cells.map((c, i) => tableCellOf(c, b.columns[i]?.numeric === true, i === 0 && b.rowHeader === true))));
  // Cells have no width of their own: the grid's columns share the table's width equally.
  const count = Math.max(b.columns.length, ...b.rows.map((r) => r.length));
  const out = [tableXml(Array.from({ length: count }, () => width / count), [head, ...rows])];
  (b.notes ?? []).forEach((n, i) => out.push(paragraph({}, runs([`${i + 1}. `, ...n], SMALL))));
  out.push(paragraph({}, ''));
  return out;
}

/** The blocks as body XML elements (paragraphs and tables); `width`: the text width they span in twips (a grid box's, inside one). */
function blocks(ctx: Ctx, list: readonly Block[], width: number): string[] {
  const out: string[] = [];
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(headingParagraph(b.level, b.text));
        break;
      case 'paragraph':
        out.push(paragraph({ after: 120 }, runs(b.content)));
        break;
      case 'list':
        b.items.forEach((item, i) => out.push(b.ordered ? paragraph({ indent: { left: 360, hanging: 360 } }, runs([`${i + 1}. `, ...item])) : paragraph({ bullet: true }, runs(item))));
        break;
      case 'table':
        out.push(...table(b, width));
        break;
      case 'quote': {
        const q = b.quote;
        const num = b.number !== undefined ? `[${b.number}] ` : '';
        const codes = b.showCodes ? ` (${quoteCodes(ctx, q)})` : '';
        out.push(paragraph({ keepNext: true, indent: { left: 567 } }, run(`${num}“${q.text}”`, { italics: true })));
        out.push(paragraph({ after: 120, indent: { left: 567 } }, run(`— ${[q.document, ...citationDetails(ctx, q)].join(', ')}${codes}`, { size: SMALL, color: '555555' })));
        break;
      }
      case 'grid': {
        // Boxes two to a row, each half as wide as the table; the grid has a column per box of the first row.
        const columns = Array.from({ length: Math.min(2, b.cells.length) }, () => Math.round(width / 2));
        const rows: string[] = [];
        for (let i = 0; i < b.cells.length; i += 2) {
          const pair = b.cells.slice(i, i + 2);
          rows.push(tableRow(pair.map((c, j) => {
            const shade = c.className ? CELL_SHADES[c.className] : undefined;
            const inner = blocks(ctx, [{ kind: 'heading', level: b.level, text: c.title }, ...c.blocks], columns[j]!);
            return tableCell(inner, { widthPercent: 50, fill: shade });
          })));
        }
        out.push(tableXml(columns, rows), paragraph({}, ''));
        break;
      }
      case 'figure':
        out.push(paragraph({}, run(b.caption, { bold: true })), ...blocks(ctx, b.fallback, width));
        break;
      case 'section':
        out.push(headingParagraph(b.level, b.heading, b.pageBreak === true), ...blocks(ctx, b.blocks, width));
        break;
    }
  }
  return out;
}

/** Fixed timestamp for the package: Word needs one, a reproducible file cannot have today's. */
const EPOCH = '2000-01-01T00:00:00Z';

/**
 * Packs a package's files (path -> bytes, in zip order) reproducibly: the core properties' created
 * and modified times and every zip entry's date are fixed, so the same report is the same bytes
 * from run to run. The `docx` package would stamp today's.
 */
function pack(files: Record<string, Uint8Array>): Uint8Array {
  const core = files['docProps/core.xml'];
  if (core) files['docProps/core.xml'] = strToU8(strFromU8(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${EPOCH}$2`));
  const mtime = new Date(EPOCH);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime, level: 6 }]])));
}

/** Re-packs an archive the `docx` package wrote (see pack): its files in their order, dates fixed. Throws what fflate throws on a broken archive. */
export function reproducible(bytes: Uint8Array): Uint8Array {
  return pack(unzipSync(bytes));
}

/** The part of `docx`'s Packer that writes a document's files without zipping them (not in its typings). */
interface DocxCompiler {
  compile(file: Document, prettify?: undefined, overrides?: []): Map<string, string | ArrayBufferView | ArrayBuffer>;
}

const utf8 = new TextEncoder();

/**
 * The package's files, path -> bytes in zip order, as Packer.toBuffer would zip them (text as UTF-8
 * the way docx encodes it, a path given twice keeping its first place and its last data), with the
 * body XML put into word/document.xml before its section properties. Takes them from docx's
 * compiler, so that they are not deflated by docx and inflated again before pack; falls back to
 * unzipping Packer.toBuffer's archive when a docx version has no such compiler.
 */
async function packageFiles(file: Document, body: string): Promise<Record<string, Uint8Array>> {
  const { Packer } = await import('docx');
  const withBody = (xml: string) => {
    const at = xml.lastIndexOf('<w:sectPr');
    return xml.slice(0, at) + body + xml.slice(at);
  };
  const compiler = (Packer as unknown as { compiler?: Partial<DocxCompiler> }).compiler;
  if (typeof compiler?.compile !== 'function') {
    const files = unzipSync(await Packer.toBuffer(file));
    files['word/document.xml'] = utf8.encode(withBody(strFromU8(files['word/document.xml']!)));
    return files;
  }
  const bytes = (data: string | ArrayBufferView | ArrayBuffer) => (typeof data === 'string' ? utf8.encode(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
  const entries = [...compiler.compile.call(compiler, file, undefined, [])];
  return Object.fromEntries(entries.map(([name, data]) => [name, bytes(name === 'word/document.xml' && typeof data === 'string' ? withBody(data) : data)]));
}

/**
 * The document as .docx bytes: A4 pages, headings as Word headings (so Word's navigation and table of
 * contents work), tables with header rows. The `docx` package (loaded on first use) writes the
 * package around an empty body; the body written here goes into word/document.xml.
 */
export async function docDocx(ctx: Ctx, doc: Doc): Promise<Uint8Array> {
  const body = [headingParagraph(1, doc.title), ...(doc.subtitle ? [paragraph({}, run(doc.subtitle, { color: '555555' }))] : []), ...blocks(ctx, doc.blocks, TEXT_WIDTH)].join('');
  const { Document, PageOrientation } = await import('docx');
  const file = new Document({
    creator: 'qeval',
    title: clean(doc.title),
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } }, children: [] }],
  });
  return pack(await packageFiles(file, body));
}
