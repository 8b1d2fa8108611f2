// The Word reader: a .docx -> plain text (paragraphs, headings, list items, table rows), read with mammoth.
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { packArchive, readArchive } from './archive.js';
import { titleAttribute } from './office-meta.js';
import { tableParagraphs } from './office-tables.js';
import { readLimits, type ReadOptions } from './read-documents.js';
import { pushAll } from '../model/arrays.js';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** A node of mammoth's document model (the fields qeval reads). */
interface DocxNode {
  type: string;
  children?: DocxNode[];
  value?: string;
  styleId?: string | null;
  styleName?: string | null;
  numbering?: { level?: string | number; isOrdered?: boolean } | null;
  breakType?: string;
}

/**
 * Reads a Word document. The text qeval codes (and offsets index) is built from the document body:
 * one paragraph per Word paragraph, headings as Markdown headings (`## Title`, never coded, as in
 * .md files), list items after `- `, each table row as one paragraph with its cells joined by ` | `
 * (a two-column table of speakers and their words as a transcript's turns: see tableParagraphs).
 * Bold speaker labels (`**Anna:** ...`) become plain `Anna: ...`, so transcripts are detected as in
 * text files. Footnotes, endnotes, comments, headers, footers and images are left out; the
 * document's title (its properties) becomes the `title` attribute.
 * The archive is opened with the limits of `options.limits`; only its XML parts are decompressed.
 * Throws QevalError DOCX_ENCRYPTED, DOCX_UNREADABLE (not a Word document, or damaged), EMPTY_DOCUMENT, ARCHIVE_*.
 */
export async function readDocx(file: string, id: string, bytes: Buffer, options: ReadOptions): Promise<SourceDocument[]> {
  const limits = readLimits(options);
  // Word encrypts a protected document into an OLE compound file (the magic of old .doc files too).
  if (bytes.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new QevalError('DOCX_ENCRYPTED', 'the Word file is password-protected (or an old .doc renamed .docx); qeval cannot read it: save an unprotected .docx and give that', { file: id });
  }
  const parts = readArchive(bytes, id, 'Word', limits.archive, (name) => /\.(xml|rels)$/i.test(name));
  if (!parts['_rels/.rels']) {
    throw new QevalError('DOCX_UNREADABLE', 'not a Word document: the archive has no _rels/.rels (a .docx renamed from another ZIP?)', { file: id });
  }
  let body: DocxNode | undefined;
  // Loaded on the first Word document, not by every command.
  const { default: mammoth } = await import('mammoth');
  try {
    await mammoth.convertToHtml({ buffer: Buffer.from(packArchive(parts)) }, {
      // The document model is all qeval needs: keep it, and give mammoth nothing to render.
      transformDocument: (document: DocxNode) => {
        body = document;
        return { ...document, children: [] };
      },
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
    });
  } catch (e) {
    throw new QevalError('DOCX_UNREADABLE', `not a readable Word document (${firstLine((e as Error).message)})`, { file: id });
  }
  const blocks: string[] = [];
  const speakers = new Set<string>();
  for (const node of body?.children ?? []) blocksOf(node, blocks, speakers);
  const text = blocks.join('\n\n');
  if (text.trim() === '') throw new QevalError('EMPTY_DOCUMENT', 'the Word document has no text', { file: id });
  return [{ id, text: `${text}\n`, attributes: titleAttribute(parts['docProps/core.xml']), encoding: 'docx', bodyStart: 0, ...(speakers.size > 0 ? { speakers: [...speakers] } : {}) }];
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

/** Appends the paragraphs a body-level node makes. */
function blocksOf(node: DocxNode, out: string[], speakers: Set<string>): void {
  if (node.type === 'paragraph') {
    const text = inlineText(node).replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
    if (text.trim() === '') return;
    const heading = headingLevel(node);
    if (heading > 0) out.push(`${'#'.repeat(heading)} ${text.replace(/\s+/g, ' ').trim()}`);
    else if (node.numbering) out.push(`- ${text.trimStart()}`);
    else out.push(text);
  } else if (node.type === 'table') {
    const rows = (node.children ?? []).filter((row) => row.type === 'tableRow').map((row) => (row.children ?? []).map((cell) => cellText(cell)).filter((c) => c !== ''));
    pushAll(out, tableParagraphs(rows, speakers));
  } else {
    for (const child of node.children ?? []) blocksOf(child, out, speakers);
  }
}

/** A table cell's paragraphs (and nested tables) on one line. */
function cellText(cell: DocxNode): string {
  const inner: string[] = [];
  // A cell's text is one paragraph of the row: a table inside it makes no turns.
  for (const child of cell.children ?? []) blocksOf(child, inner, new Set());
  return inner.map((p) => p.replace(/^#+ |^- /, '')).join(' ').replace(/\s+/g, ' ').trim();
}

/** 1-6 for a heading or title paragraph (by its style), else 0. */
function headingLevel(p: DocxNode): number {
  const name = `${p.styleName ?? ''} ${p.styleId ?? ''}`.toLowerCase();
  if (/\bsubtitle\b/.test(name)) return 2;
  if (/\btitle\b/.test(name)) return 1;
  const m = /heading\s*(\d)/.exec(name) ?? /antra[sš]t[eė]\s*(\d)/.exec(name);
  return m ? Math.min(6, Number(m[1])) : 0;
}

/** The text of runs, links and breaks inside a paragraph; note and comment references are left out. */
function inlineText(node: DocxNode): string {
  switch (node.type) {
    case 'text':
      return node.value ?? '';
    case 'tab':
      return '\t';
    case 'break':
      return '\n';
    case 'noteReference':
    case 'commentReference':
    case 'comment':
    case 'note':
    case 'image':
    case 'checkbox':
      return '';
    default:
      return (node.children ?? []).map(inlineText).join('');
  }
}
