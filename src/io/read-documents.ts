// Readers at the edge: files, folders and globs -> decoded SourceDocuments with their attributes.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { parseCsv, type CsvTable } from './csv.js';
import { decodeBytes } from './decode.js';
import { readFrontMatter } from './front-matter.js';
import { readSurvey } from './read-survey.js';

export interface ReadOptions {
  cwd: string;
  /** Document ids are paths relative to this folder (default: cwd). */
  root?: string;
  /** Attributes CSV with a `document` column. */
  attributes?: string;
  /** Encoding for every input (default: detect). */
  encoding?: string;
  /** Source of the input named `-` (standard input). */
  stdin?: () => Promise<Buffer>;
  /** Hears problems that do not stop the run (e.g. attribute rows naming no document). */
  onWarning?: (message: string) => void;
}

type Reader = (file: string, id: string, bytes: Buffer, options: ReadOptions) => SourceDocument[];

/** Readers by file extension: a new input format is a new entry here. */
export const readers: Record<string, Reader> = {
  '.txt': readText,
  '.text': readText,
  '.md': readText,
  '.markdown': readText,
  '.csv': readSurvey,
};

const UNSUPPORTED: Record<string, string> = {
  '.docx': 'Word documents are not read yet; save as .txt (UTF-8) first',
  '.doc': 'Word documents are not read yet; save as .txt (UTF-8) first',
  '.pdf': 'PDF is not read yet; extract its text to .txt first (e.g. pdftotext)',
  '.rtf': 'RTF is not read yet; save as .txt first',
  '.odt': 'ODT is not read yet; save as .txt first',
};

/** Expands inputs (files, folders, globs) to a sorted, de-duplicated list of absolute file paths. */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isFile()) {
      files.add(abs);
    } else if (info?.isDirectory()) {
      const found = await glob(['**/*.{txt,text,md,markdown}'], { cwd: abs, absolute: true, dot: false });
      if (found.length === 0) throw new QevalError('NO_DOCUMENTS', 'the folder holds no .txt or .md documents', { file: input });
      found.forEach((f) => files.add(path.normalize(f)));
    } else if (isDynamicPattern(input)) {
      const found = await glob([input], { cwd, absolute: true, dot: false });
      if (found.length === 0) throw new QevalError('NO_DOCUMENTS', 'no file matches this pattern', { file: input });
      found.forEach((f) => files.add(path.normalize(f)));
    } else {
      throw new QevalError('NOT_FOUND', 'no such file or directory', { file: input });
    }
  }
  return [...files].sort();
}

export async function readDocuments(inputs: readonly string[], options: ReadOptions): Promise<SourceDocument[]> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  const files = await expandInputs(inputs.filter((i) => i !== '-'), options.cwd);
  const docs: SourceDocument[] = [];
  if (inputs.includes('-')) {
    if (!options.stdin) throw new QevalError('NO_STDIN', 'reading a document from standard input ("-") is not available here');
    docs.push(...readText('-', '-', await options.stdin(), options));
  }
  for (const file of files) docs.push(...await readInputFile(file, toId(root, file), options));
  if (options.attributes) {
    const table = await readCsvFile(path.resolve(options.cwd, options.attributes), options.attributes);
    const unmatched = mergeAttributes(docs, table, options.attributes);
    if (unmatched.length > 0) options.onWarning?.(`${options.attributes}: ${unmatched.length} row${unmatched.length === 1 ? '' : 's'} name no document read (e.g. "${unmatched[0]}"); document ids are paths relative to --root`);
  }
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new QevalError('DUPLICATE_DOCUMENT', 'the same document is given twice', { file: d.id });
    seen.add(d.id);
  }
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Reads one input file (absolute path) as the documents it holds, with the reader of its kind
 * (attributes CSV not merged). Throws QevalError UNSUPPORTED_FORMAT, and what the reader throws.
 * Streaming commands call it once per file; `bytes` may be given when already read.
 */
export async function readInputFile(file: string, id: string, options: ReadOptions, bytes?: Buffer): Promise<SourceDocument[]> {
  const ext = path.extname(file).toLowerCase();
  const reader = readers[ext];
  if (!reader) {
    throw new QevalError('UNSUPPORTED_FORMAT', UNSUPPORTED[ext] ?? `unsupported file type "${ext || '(none)'}"; qeval reads ${Object.keys(readers).join(', ')}`, { file: id });
  }
  return reader(file, id, bytes ?? await readFile(file), options);
}

/** The document id of a file: its path relative to `root` with `/` separators (absolute when outside it). */
export function documentIdOf(root: string, file: string): string {
  return toId(root, file);
}

export async function readCsvFile(abs: string, display: string, encoding?: string): Promise<CsvTable> {
  const bytes = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
    throw new QevalError('NOT_FOUND', e.code === 'ENOENT' ? 'no such file' : `cannot read (${e.code})`, { file: display });
  });
  return parseCsv(decodeBytes(bytes, display, encoding).text, display);
}

/** Adds attribute columns to the documents the CSV names (CSV values win over front matter). */
export function mergeAttributes(docs: SourceDocument[], table: CsvTable, file: string): string[] {
  if (!table.header.includes('document')) {
    throw new QevalError('ATTRIBUTES_NO_DOCUMENT_COLUMN', `the attributes CSV needs a "document" column naming each document (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  const byId = new Map<string, Record<string, string>>();
  table.rows.forEach((row, i) => {
    const id = (row.document ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (byId.has(id)) throw new QevalError('ATTRIBUTES_DUPLICATE', `document "${id}" is listed twice`, { file, line: table.lines[i], column: 1 });
    byId.set(id, row);
  });
  const used = new Set<string>();
  for (const doc of docs) {
    const key = byId.has(doc.id) ? doc.id : (doc.id.split('#')[0] as string);
    const row = byId.get(key);
    if (!row) continue;
    used.add(key);
    for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') doc.attributes[k] = v.trim();
  }
  return [...byId.keys()].filter((id) => !used.has(id));
}

function toId(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

function readText(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  // Front matter is a Markdown convention; in a .txt file a leading "---" is part of the text.
  const markdown = /\.(md|markdown)$/i.test(file) || file === '-';
  const { attributes, bodyStart } = markdown ? readFrontMatter(text, id) : { attributes: {}, bodyStart: 0 };
  return [{ id, text, attributes, encoding, bodyStart }];
}
