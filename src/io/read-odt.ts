// The OpenDocument text reader: an .odt -> plain text (paragraphs, headings, list items, table rows).
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { readArchive } from './archive.js';
import { titleAttribute } from './office-meta.js';
import { tableParagraphs } from './office-tables.js';
import { readLimits, type ReadOptions } from './read-documents.js';
import { pushAll } from '../model/arrays.js';

const TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const TABLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';
const OFFICE_NS = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const STYLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:style:1.0';

/**
 * Reads an OpenDocument text (LibreOffice, Google Docs export) from its content.xml, built the
 * same way as a Word document: one paragraph per paragraph, headings as Markdown headings (not
 * coded), list items after `- `, table rows on one line with cells joined by ` | `; footnotes,
 * endnotes, annotations (comments) and tracked deletions left out; the title in meta.xml becomes the
 * `title` attribute. Only content.xml and the metadata are decompressed,
 * within `options.limits`. The XML is parsed without any external entity or DTD resolution.
 * Throws QevalError ODT_ENCRYPTED, ODT_UNREADABLE, EMPTY_DOCUMENT, ARCHIVE_*.
 */
export function readOdt(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const parts = readArchive(bytes, id, 'OpenDocument', readLimits(options).archive, (name) => name === 'content.xml' || name === 'mimetype' || name === 'META-INF/manifest.xml' || name === 'meta.xml');
  const mimetype = parts.mimetype ? Buffer.from(parts.mimetype).toString('latin1').trim() : '';
  if (mimetype && mimetype !== 'application/vnd.oasis.opendocument.text') {
    throw new QevalError('ODT_UNREADABLE', `not an OpenDocument text but ${mimetype}; qeval reads text documents (.odt)`, { file: id });
  }
  const manifest = parts['META-INF/manifest.xml'];
  if (manifest && /encryption-data/.test(Buffer.from(manifest).toString('utf8'))) {
    throw new QevalError('ODT_ENCRYPTED', 'the OpenDocument file is password-protected; qeval cannot read it: save an unprotected copy and give that', { file: id });
  }
  const content = parts['content.xml'];
  if (!content) throw new QevalError('ODT_UNREADABLE', 'not an OpenDocument text: the archive has no content.xml', { file: id });
  let body: Element | undefined;
  let headingStyles = new Map<string, number>();
  try {
    const xml = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(new TextDecoder('utf-8', { fatal: true }).decode(content), 'text/xml');
    body = xml.getElementsByTagNameNS(OFFICE_NS, 'text')[0] ?? undefined;
    headingStyles = headingLevels(xml.getElementsByTagNameNS(STYLE_NS, 'style'));
  } catch (e) {
    throw new QevalError('ODT_UNREADABLE', `not a readable OpenDocument text (content.xml: ${String((e as Error).message).split('\n')[0]})`, { file: id });
  }
  const blocks: string[] = [];
  const speakers = new Set<string>();
  if (body) blocksOf(body, blocks, headingStyles, speakers);
  const text = blocks.join('\n\n');
  if (text.trim() === '') throw new QevalError('EMPTY_DOCUMENT', 'the OpenDocument text has no text', { file: id });
  return [{ id, text: `${text}\n`, attributes: titleAttribute(parts['meta.xml']), encoding: 'odt', bodyStart: 0, ...(speakers.size > 0 ? { speakers: [...speakers] } : {}) }];
}

const isElement = (n: Node): n is Element => n.nodeType === 1;

/** The heading level a style's own name says (styles.xml's Title, Subtitle, Heading_20_2 ...), else 0. */
function levelOf(name: string): number {
  const plain = name.replace(/_20_/g, ' ').toLowerCase();
  if (/(^|[^a-z])subtitle$/.test(plain)) return 2;
  if (/(^|[^a-z])title$/.test(plain)) return 1;
  const m = /(^|[^a-z])heading ?(\d)$/.exec(plain);
  return m ? Number(m[2]) : 0;
}

/**
 * Heading levels of paragraph styles by name: Title 1, Subtitle 2, "Heading N" N, and the automatic
 * styles derived from them (a paragraph styled with a title style is a heading, as a text:h is).
 */
function headingLevels(styles: ArrayLike<Element>): Map<string, number> {
  const parent = new Map<string, string>();
  for (let i = 0; i < styles.length; i++) {
    const s = styles[i] as Element;
    const name = s.getAttributeNS(STYLE_NS, 'name');
    if (name) parent.set(name, s.getAttributeNS(STYLE_NS, 'parent-style-name') ?? '');
  }
  const levels = new Map<string, number>();
  for (const name of parent.keys()) {
    let level = 0;
    for (let n: string | undefined = name, depth = 0; n && depth < 10 && level === 0; n = parent.get(n), depth++) level = levelOf(n);
    if (level > 0) levels.set(name, level);
  }
  return levels;
}

function blocksOf(node: Element, out: string[], headingStyles: Map<string, number>, speakers: Set<string>): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!isElement(child)) continue;
    const ns = child.namespaceURI;
    const name = child.localName;
    if (ns === TEXT_NS && (name === 'p' || name === 'h')) {
      const text = inlineText(child).replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
      if (text.trim() === '') continue;
      const style = child.getAttributeNS(TEXT_NS, 'style-name') ?? '';
      const styled = headingStyles.get(style) ?? levelOf(style);
      if (name === 'p' && styled) out.push(`${'#'.repeat(Math.min(6, styled))} ${text.replace(/\s+/g, ' ').trim()}`);
      else if (name === 'h') out.push(`${'#'.repeat(Math.min(6, Math.max(1, Number(child.getAttributeNS(TEXT_NS, 'outline-level')) || 1)))} ${text.replace(/\s+/g, ' ').trim()}`);
      else out.push(inList(child) ? `- ${text.trimStart()}` : text);
    } else if (ns === TABLE_NS && name === 'table') {
      const rows: string[][] = [];
      for (const row of child.getElementsByTagNameNS(TABLE_NS, 'table-row')) {
        // Rows of nested tables are read inside their cell.
        if (enclosingTable(row) !== child) continue;
        const cells: string[] = [];
        for (let cell = row.firstChild; cell; cell = cell.nextSibling) {
          if (!isElement(cell) || cell.localName !== 'table-cell') continue;
          const inner: string[] = [];
          // A cell's text is one paragraph of the row: a table inside it makes no turns.
          blocksOf(cell, inner, headingStyles, new Set());
          const t = inner.map((p) => p.replace(/^#+ |^- /, '')).join(' ').replace(/\s+/g, ' ').trim();
          if (t !== '') cells.push(t);
        }
        rows.push(cells);
      }
      pushAll(out, tableParagraphs(rows, speakers));
    } else if (ns === TEXT_NS && (name === 'tracked-changes' || name === 'sequence-decls' || name === 'variable-decls' || name === 'user-field-decls')) {
      continue;
    } else if (ns === OFFICE_NS && (name === 'annotation' || name === 'forms')) {
      continue;
    } else {
      blocksOf(child, out, headingStyles, speakers);
    }
  }
}

function enclosingTable(row: Element): Element | undefined {
  for (let n = row.parentNode; n; n = n.parentNode) if (isElement(n) && n.namespaceURI === TABLE_NS && n.localName === 'table') return n;
  return undefined;
}

function inList(p: Element): boolean {
  for (let n = p.parentNode; n; n = n.parentNode) if (isElement(n) && n.namespaceURI === TEXT_NS && n.localName === 'list-item') return true;
  return false;
}

/** The text inside a paragraph: spans and links, `<text:s c="n"/>` spaces, tabs and line breaks; notes, annotations and deletions left out. */
function inlineText(node: Element): string {
  let out = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3 || child.nodeType === 4) {
      out += (child.nodeValue ?? '').replace(/[\t\n\r ]+/g, ' ');
      continue;
    }
    if (!isElement(child)) continue;
    const name = child.localName;
    if (child.namespaceURI === TEXT_NS) {
      if (name === 's') out += ' '.repeat(Math.max(1, Number(child.getAttributeNS(TEXT_NS, 'c')) || 1));
      else if (name === 'tab') out += '\t';
      else if (name === 'line-break') out += '\n';
      else if (name === 'note') out = out.replace(/[ \t]+$/, ''); // "late <note/>." reads "late."
      else if (name === 'deletion' || name === 'bookmark-ref') continue;
      else out += inlineText(child);
    } else if (child.namespaceURI === OFFICE_NS && (name === 'annotation' || name === 'annotation-end')) {
      continue;
    } else {
      out += inlineText(child);
    }
  }
  return out;
}
