// The Word back-end of the document model: a .docx built with the `docx` package, then re-packed with fixed dates so bytes are reproducible.
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
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Ctx } from './context.js';
import type { Cell, Doc, Inline } from './doc.js';
import { wordDoc, type WordBlock, type WordDoc } from './word-doc.js';

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

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/** Word has no characters it cannot hold except XML-invalid controls: those are dropped (the XML writer escapes the rest). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/**
 * The report's own Word styles, so that a reader restyles every table, quote or muted note of a report
 * at once (Home > Styles), and each run names a style instead of repeating its font settings (which
 * also keeps document.xml small). Sizes in half-points, indents and spacing in twentieths of a point.
 */
export const WORD_STYLES = {
  paragraphStyles: [
    { id: 'BodyText', name: 'Body Text', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: 120 } } },
    { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', quickFormat: true, run: { color: '555555' } },
    { id: 'TableText', name: 'Table Text', basedOn: 'Normal', quickFormat: true, run: { size: 18 } },
    { id: 'TableHeading', name: 'Table Heading', basedOn: 'TableText', quickFormat: true, run: { bold: true } },
    { id: 'TableNote', name: 'Table Note', basedOn: 'TableText', quickFormat: true },
    { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'QuoteSource', quickFormat: true, paragraph: { indent: { left: 567 }, keepNext: true }, run: { italics: true } },
    { id: 'QuoteSource', name: 'Quote Source', basedOn: 'Normal', next: 'BodyText', quickFormat: true, paragraph: { indent: { left: 567 }, spacing: { after: 120 } }, run: { size: 18, color: '555555' } },
    { id: 'ListNumbered', name: 'List Numbered', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: 360, hanging: 360 } } },
  ],
  characterStyles: [
    { id: 'Reference', name: 'Reference', run: { color: '555555' } },
    { id: 'Muted', name: 'Muted', run: { color: '6B6B6B' } },
    { id: 'LowConfidence', name: 'Low Confidence', run: { italics: true, color: '6B6B6B' } },
    { id: 'Gap', name: 'Gap', run: { color: 'B3261E' } },
  ],
} as const;

/** Headings stay with what follows them (set on Word's heading styles, not on each heading). */
const HEADING_STYLES = Object.fromEntries(['heading1', 'heading2', 'heading3', 'heading4', 'heading5', 'heading6'].map((h) => [h, { paragraph: { keepNext: true } }]));

/** The character style of an inline mark (WORD_STYLES), or none. */
const MARK_STYLES: Readonly<Record<string, string>> = { gap: 'Gap', low: 'LowConfidence', muted: 'Muted' };

/** Runs of inline content; their size and paragraph settings come from the paragraph's style, their colours from character styles. */
function runs(content: readonly Inline[]): ParagraphChild[] {
  return content.flatMap((i): ParagraphChild[] => {
    if (typeof i === 'string') return [new TextRun(clean(i))];
    if ('refs' in i) return [new TextRun({ text: clean(`${i.prefix}[${i.refs.join(', ')}]`), style: 'Reference' })];
    const style = i.mark === undefined ? undefined : MARK_STYLES[i.mark];
    return [new TextRun({ text: clean(i.text), ...(style === undefined ? {} : { style }), ...(i.strong ? { bold: true } : {}), ...(i.em ? { italics: true } : {}) })];
  });
}

function headingParagraph(level: number, text: string, pageBreakBefore = false): Paragraph {
  return new Paragraph({ heading: HEADINGS[Math.min(6, Math.max(1, level)) - 1], children: [new TextRun(clean(text))], ...(pageBreakBefore ? { pageBreakBefore } : {}) });
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: 'C8C8C8' };
const borders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

function tableCell(c: Cell, numeric: boolean, header: boolean): TableCell {
  const shade = c.className ? CELL_SHADES[c.className] : undefined;
  const note = c.noteNumber !== undefined ? [new TextRun({ text: ` ${c.noteNumber}`, superScript: true })] : [];
  return new TableCell({
    shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'F3F3F3' } : undefined,
    children: [new Paragraph({ style: 'TableText', ...(numeric ? { alignment: AlignmentType.RIGHT } : {}), children: [...runs(c.content), ...note] })],
  });
}

function table(b: Extract<WordBlock, { kind: 'table' }>): (Paragraph | Table)[] {
  if (b.rows.length === 0) return [];
  const head = new TableRow({
    tableHeader: true,
    children: b.columns.map((c) => new TableCell({ shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F3F3F3' }, children: [new Paragraph({ style: 'TableHeading', children: [new TextRun(clean(c.header))] })] })),
  });
  const rows = b.rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c, i) => tableCell(c, b.columns[i]?.numeric === true, i === 0 && b.rowHeader === true)) }));
  const out: (Paragraph | Table)[] = [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows: [head, ...rows] })];
  (b.notes ?? []).forEach((n, i) => out.push(new Paragraph({ style: 'TableNote', children: runs([`${i + 1}. `, ...n]) })));
  out.push(new Paragraph({ children: [] }));
  return out;
}

function blocks(list: readonly WordBlock[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(headingParagraph(b.level, b.text));
        break;
      case 'paragraph':
        out.push(new Paragraph({ style: 'BodyText', children: runs(b.content) }));
        break;
      case 'list':
        b.items.forEach((item, i) => out.push(b.ordered ? new Paragraph({ style: 'ListNumbered', children: runs([`${i + 1}. `, ...item]) }) : new Paragraph({ bullet: { level: 0 }, children: runs(item) })));
        break;
      case 'table':
        out.push(...table(b));
        break;
      case 'quote':
        out.push(new Paragraph({ style: 'Quote', children: [b.language === undefined && !b.low ? new TextRun(clean(b.text)) : new TextRun({ text: clean(b.text), ...(b.low ? { style: 'LowConfidence' } : {}), ...(b.language === undefined ? {} : { language: { value: wordLanguage(b.language) } }) })] }));
        out.push(new Paragraph({ style: 'QuoteSource', children: [new TextRun(clean(b.source))] }));
        break;
      case 'grid': {
        const rows: TableRow[] = [];
        for (let i = 0; i < b.cells.length; i += 2) {
          const pair = b.cells.slice(i, i + 2);
          rows.push(
            new TableRow({
              cantSplit: true,
              children: pair.map((c) => {
                const shade = c.className ? CELL_SHADES[c.className] : undefined;
                const inner = blocks([{ kind: 'heading', level: b.level, text: c.title }, ...c.blocks]);
                return new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : undefined, children: inner.length > 0 ? inner : [new Paragraph({ children: [] })] });
              }),
            }),
          );
        }
        out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows }), new Paragraph({ children: [] }));
        break;
      }
      case 'figure':
        out.push(new Paragraph({ children: [new TextRun({ text: clean(b.caption), bold: true })] }), ...blocks(b.fallback));
        break;
      case 'section':
        out.push(headingParagraph(b.level, b.heading, b.pageBreak === true), ...blocks(b.blocks));
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

/** The part of `docx`'s Packer that writes a document's files without zipping them (not in its typings). */
interface DocxCompiler {
  compile(file: Document, prettify?: undefined, overrides?: []): Map<string, string | ArrayBufferView | ArrayBuffer>;
}
const compiler = (Packer as unknown as { compiler?: Partial<DocxCompiler> }).compiler;

/**
 * The package's files, path -> bytes in zip order, as Packer.toBuffer would zip them (a path given
 * twice keeps its first place and its last data). Takes them from docx's compiler, so that they are
 * not deflated by docx and inflated again before pack; falls back to unzipping Packer.toBuffer's
 * archive when a docx version has no such compiler.
 */
async function packageFiles(file: Document): Promise<Record<string, Uint8Array>> {
  if (typeof compiler?.compile !== 'function') return unzipSync(await Packer.toBuffer(file));
  const bytes = (data: string | ArrayBufferView | ArrayBuffer) => (typeof data === 'string' ? strToU8(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
  return Object.fromEntries([...compiler.compile.call(compiler, file, undefined, [])].map(([name, data]) => [name, bytes(data)]));
}

/** The document as .docx bytes: A4 pages, headings as Word headings (so Word's navigation and table of contents work), tables with header rows. */
export async function docDocx(ctx: Ctx, doc: Doc): Promise<Uint8Array> {
  return wordDocx(wordDoc(ctx, doc));
}

/** Regions Word's proofing tools expect with a bare language tag (`lt` -> `lt-LT`); other tags are given as they are. */
const WORD_REGIONS: Record<string, string> = { en: 'en-GB', lt: 'lt-LT', ru: 'ru-RU', pl: 'pl-PL', de: 'de-DE', fr: 'fr-FR', lv: 'lv-LV', et: 'et-EE' };

/** The `w:lang` value for a BCP 47 tag: a bare language with its usual region (WORD_REGIONS), else the tag. */
export function wordLanguage(tag: string): string {
  return WORD_REGIONS[tag.toLowerCase()] ?? tag;
}

/**
 * A document made ready for Word (see wordDoc) as .docx bytes, as docDocx makes them: needs no
 * codebook, so any thread can run it (see WordRenderer). The same document gives the same bytes
 * in every thread and whatever was rendered before it.
 */
export async function wordDocx(doc: WordDoc): Promise<Uint8Array> {
  const children = [headingParagraph(1, doc.title), ...(doc.subtitle ? [new Paragraph({ style: 'Subtitle', children: [new TextRun(clean(doc.subtitle))] })] : []), ...blocks(doc.blocks)];
  const file = new Document({
    creator: 'qeval',
    title: clean(doc.title),
    styles: { default: { document: { run: { font: 'Calibri', size: 21, language: { value: wordLanguage(doc.language) } } }, ...HEADING_STYLES }, ...WORD_STYLES },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT }, margin: { top: 907, bottom: 907, left: 907, right: 907 } } }, children }],
  });
  return pack(await packageFiles(file));
}
