// The PDF reader: the text layer, page by page, in reading order, with page breaks kept for citations.
import { agree, counted } from '../model/words.js';
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { warning } from '../model/diagnostics.js';
import type { ReadOptions } from './read-documents.js';
import { tellFinding } from './reader-findings.js';

/** A line of a page's text layer: its text, baseline height and font size (points). */
interface PdfLine {
  text: string;
  y: number;
  size: number;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

const TERMINAL = /[.!?:;…"”»)]$/u;

/**
 * Reads a PDF's text layer (pdf.js, through unpdf). The text qeval codes (and offsets index) is
 * built from it: lines in the order the PDF draws them, a blank line where the vertical gap shows a
 * new paragraph, a word hyphenated at a line end joined again ("po-" + "lice" -> "police"), lines
 * that repeat at the top or bottom of the pages (running headers, footers, page numbers) dropped,
 * and a paragraph that runs on over a page break kept whole. `pageBreaks` records where each page's
 * text starts, so every unit knows its page. There is no OCR: a scanned PDF without a text layer is
 * refused, and pages without text in a readable PDF are named in a warning. The PDF's Title
 * (document properties) becomes the `title` attribute.
 * Throws QevalError PDF_ENCRYPTED, PDF_NO_TEXT, PDF_UNREADABLE.
 */
export async function readPdf(file: string, id: string, bytes: Buffer, options: ReadOptions): Promise<SourceDocument[]> {
  let pages: PdfLine[][];
  let title = '';
  // pdf.js is large: loaded on the first PDF, not by every command.
  const { getDocumentProxy } = await import('unpdf');
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
    pages = [];
    try {
      const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
      title = typeof info?.Title === 'string' ? info.Title.replace(/\s+/g, ' ').trim() : '';
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        pages.push(toLines(content.items.filter((i) => 'str' in i) as PdfTextItem[]));
        page.cleanup();
      }
    } finally {
      await pdf.destroy();
    }
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') {
      throw new QevalError('PDF_ENCRYPTED', 'the PDF is encrypted with a password; qeval cannot read it: save an unprotected copy (or export its text) and give that', { file: id });
    }
    throw new QevalError('PDF_UNREADABLE', `not a readable PDF (${((e as Error).message ?? String(e)).split('\n')[0]}); the file may be damaged or not a PDF`, { file: id });
  }
  if (pages.every((p) => p.length === 0)) {
    throw new QevalError('PDF_NO_TEXT', `the PDF has no text layer on any of its ${counted(pages.length, 'page')} (a scanned document?); qeval does not do OCR: run OCR first (e.g. ocrmypdf) or give the text`, { file: id });
  }
  const empty = pages.map((p, i) => (p.length === 0 ? i + 1 : 0)).filter((n) => n > 0);
  if (empty.length > 0) tellFinding(options, warning('PDF_PAGES_WITHOUT_TEXT', `${agree(empty.length, 'page', 'pages')} ${empty.join(', ')} ${agree(empty.length, 'has', 'have')} no text layer (scanned?); ${agree(empty.length, 'its', 'their')} text is missing (qeval does not do OCR)`, { file: id }, { pages: empty }));
  return [{ id, ...buildText(dropRunningLines(pages)), attributes: title ? { title } : {}, encoding: 'pdf', bodyStart: 0 }];
}

/** Groups a page's text items into lines: a new line after an end-of-line mark or where the baseline moves. */
function toLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: (PdfLine & { right: number }) | undefined;
  let eol = false;
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const size = Math.abs(item.height || item.transform[3] || 0);
    if (item.str === '') {
      if (item.hasEOL) eol = true;
      continue;
    }
    const sameLine = current !== undefined && !eol && Math.abs(current.y - y) <= Math.max(1, 0.5 * Math.min(current.size || size, size || current.size));
    if (current && sameLine) {
      const gap = x - current.right;
      const needsSpace = gap > 0.15 * Math.max(size, 1) && !/\s$/.test(current.text) && !/^\s/.test(item.str);
      current.text += (needsSpace ? ' ' : '') + item.str;
      current.right = x + item.width;
      current.size = Math.max(current.size, size);
    } else {
      if (current) lines.push(current);
      current = { text: item.str, y, size, right: x + item.width };
    }
    eol = item.hasEOL;
  }
  if (current) lines.push(current);
  return lines
    // Control characters are glyphs without a Unicode mapping: not text.
    .map((l) => ({ text: l.text.replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim(), y: l.y, size: l.size }))
    .filter((l) => l.text !== '');
}

/** The comparison key of a running header or footer: digits (page numbers, dates) are wildcards. */
const runningKey = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Drops running headers and footers: a line among the two topmost or two bottommost of a page whose
 * key (digits as wildcards) recurs there on every page of a 2-3 page PDF; in a longer one, on at
 * least 3 pages, or on 2 at the same height (a chapter's running title). A sentence is not repeated
 * word for word at the edge of pages.
 */
function dropRunningLines(pages: PdfLine[][]): PdfLine[][] {
  const withText = pages.filter((p) => p.length > 0).length;
  if (withText < 2) return pages;
  const edges = pages.map((p) => {
    const byHeight = [...p].sort((a, b) => b.y - a.y);
    return new Set([...byHeight.slice(0, 2), ...byHeight.slice(-2)]);
  });
  const heights = new Map<string, number[]>();
  for (const edge of edges) {
    const seen = new Map<string, number>();
    for (const l of edge) if (!seen.has(runningKey(l.text))) seen.set(runningKey(l.text), l.y);
    for (const [key, y] of seen) heights.set(key, [...(heights.get(key) ?? []), y]);
  }
  const running = new Set<string>();
  for (const [key, ys] of heights) {
    const sameHeight = Math.max(...ys) - Math.min(...ys) <= 3;
    if (withText <= 3 ? ys.length === withText : ys.length >= 3 || (ys.length === 2 && sameHeight)) running.add(key);
  }
  if (running.size === 0) return pages;
  return pages.map((p, i) => p.filter((l) => !(edges[i]?.has(l) && running.has(runningKey(l.text)))));
}

/**
 * Adds a line to a paragraph's lines, joining a word hyphenated at the line end again: a hyphen, soft
 * hyphen or Unicode hyphen after a letter with a lower-case letter next, or a word in capitals broken
 * between capitals ("ELE-" + "MENT"); "Vilnius-" + "Kaunas" stays. Returns where the added text
 * starts in the paragraph (lines are joined by "\n").
 */
function addLine(paragraph: { lines: string[]; length: number }, right: string): number {
  const last = paragraph.lines[paragraph.lines.length - 1];
  if (last === undefined) {
    paragraph.lines.push(right);
    paragraph.length = right.length;
    return 0;
  }
  const tail = last.slice(-40);
  const broken = (/\p{L}[-\u00ad\u2010]$/u.test(tail) && /^\p{Ll}/u.test(right)) ||
    (/(?:^|[^\p{L}])\p{Lu}{2,}[-\u00ad\u2010]$/u.test(tail) && /^\p{Lu}{2,}(?:[^\p{L}]|$)/u.test(right));
  if (broken) {
    paragraph.lines[paragraph.lines.length - 1] = `${last.slice(0, -1)}${right}`;
    paragraph.length += right.length - 1;
    return paragraph.length - right.length;
  }
  paragraph.lines.push(right);
  paragraph.length += 1 + right.length;
  return paragraph.length - right.length;
}

/** The document text from the pages' lines, and where each page's text starts (a page without text starts where the next one does). */
function buildText(pages: PdfLine[][]): { text: string; pageBreaks: number[] } {
  let text = '';
  const pageBreaks: number[] = [];
  let pending = 0;
  let paragraph = { lines: [] as string[], length: 0 };
  const flush = () => {
    if (paragraph.lines.length > 0) text += (text === '' ? '' : '\n\n') + paragraph.lines.join('\n');
    paragraph = { lines: [], length: 0 };
  };
  const paragraphStart = () => (text === '' ? 0 : text.length + 2);
  pages.forEach((lines, p) => {
    if (p > 0) pending += 1;
    lines.forEach((line, i) => {
      const previous = i > 0 ? lines[i - 1] : undefined;
      if (i === 0 && pending > 0) {
        // Across a page break a paragraph runs on when it had no final punctuation and the page starts in lower case.
        const last = paragraph.lines[paragraph.lines.length - 1];
        if (last !== undefined && !TERMINAL.test(last.slice(-2)) && /^\p{Ll}/u.test(line.text)) {
          const at = addLine(paragraph, line.text);
          for (; pending > 0; pending--) pageBreaks.push(paragraphStart() + at);
        } else {
          flush();
          for (; pending > 0; pending--) pageBreaks.push(paragraphStart());
          addLine(paragraph, line.text);
        }
        return;
      }
      // A gap of more than 1.5 lines, or a jump upwards (a new column), starts a paragraph.
      if (previous !== undefined && (previous.y - line.y > 1.5 * Math.max(previous.size, line.size, 1) || line.y > previous.y)) flush();
      addLine(paragraph, line.text);
    });
  });
  flush();
  for (; pending > 0; pending--) pageBreaks.push(text.length);
  return { text: `${text}\n`, pageBreaks };
}
