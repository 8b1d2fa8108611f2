// Reads a person's coding for training: a qeval segments file, or any CSV with document, code and start/end or text.
import { readFile } from 'node:fs/promises';
import { Positions, sliceCodePoints } from '../engine/positions.js';
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import type { HumanCode } from '../learn/train.js';
import { parseCsv } from './csv.js';
import { decodeBytes } from './decode.js';
import { contentRange } from '../text/segment.js';
import { isSegmentsFile, readSegmentsFile } from './read-segments.js';

/** One coded span as read, before it is tied to a document's text. */
interface CodingRow {
  document: string;
  code: string;
  coder: string;
  start?: number;
  end?: number;
  text?: string;
  line?: number;
}

export interface HumanCoding {
  codes: HumanCode[];
  /** The coder whose codes were kept. */
  coder: string;
}

/**
 * Reads `file` and keeps one coder's spans: `coder` if given, else the only coder in the file.
 * Accepts `qeval code` segments (CSV, JSON, NDJSON, as written by `qeval code` or `qeval import`) or a
 * plain CSV with columns `document`, `code` and either `start`/`end` (code points, end-exclusive) or
 * `text` (found in the document; the first occurrence is used), and optionally `coder`.
 * Spans are checked against `documents`: the document must be among them, offsets inside its text,
 * and a given `text` equal to the slice. Throws QevalError (file:line) on any mismatch, on several
 * coders without `coder`, on unknown coders, and when `knownCodes` lacks a code.
 */
export async function readHumanCoding(file: string, display: string, documents: readonly SourceDocument[], knownCodes: ReadonlySet<string>, coder?: string): Promise<HumanCoding> {
  const rows = (await isSegmentsFile(file)) ? await segmentRows(file, display) : await plainRows(file, display);
  const coders = [...new Set(rows.map((r) => r.coder))].sort();
  let chosen = coder;
  if (chosen === undefined) {
    if (coders.length > 1) throw new QevalError('CODING_SEVERAL_CODERS', `the coding has ${coders.length} coders (${coders.join(', ')}); choose the one to learn from with --coder`, { file: display });
    chosen = coders[0] ?? '';
  } else if (!coders.includes(chosen)) {
    throw new QevalError('CODING_UNKNOWN_CODER', coders.length === 1 && coders[0] === '' ? `the coding names no coder (no "coder" column); leave out --coder` : `no segments of coder "${chosen}"; the coders are ${coders.filter(Boolean).join(', ')}`, { file: display });
  }
  const byId = new Map(documents.map((d) => [d.id, d]));
  const positions = new Map<string, Positions>();
  const codes: HumanCode[] = [];
  for (const r of rows) {
    if (r.coder !== chosen) continue;
    const place = { file: display, line: r.line, column: r.line === undefined ? undefined : 1 };
    if (!knownCodes.has(r.code)) throw new QevalError('CODING_UNKNOWN_CODE', `code "${r.code}" is not in the codebook; fix the coding or give the codebook it was coded with (-c)`, place);
    const doc = byId.get(r.document);
    if (!doc) throw new QevalError('CODING_UNKNOWN_DOCUMENT', `document "${r.document}" is not among the documents given; add it, or check --root (document ids are paths relative to it)`, place);
    // Keyed by the text: the rows of a survey share their file's text, indexed once.
    let pos = positions.get(doc.text);
    if (!pos) {
      pos = new Positions(doc.text);
      positions.set(doc.text, pos);
    }
    const length = pos.codePoint(doc.text.length);
    let start = r.start;
    let end = r.end;
    if (start === undefined || end === undefined) {
      if (!r.text || r.text.trim() === '') throw new QevalError('CODING_NO_SPAN', 'the row gives neither start and end nor a text; give one of them', place);
      // Only the document's own content counts (a survey row's answers, not the rest of its file).
      const [from, to] = contentRange(doc);
      const found = doc.text.indexOf(r.text, from);
      const at = found >= 0 && found + r.text.length <= to ? found : -1;
      if (at < 0) throw new QevalError('CODING_TEXT_NOT_FOUND', `the text "${r.text.slice(0, 60)}" is not in document "${doc.id}" (it must match the document exactly, spaces, quotes and accents included); give start and end instead`, place);
      const again = doc.text.indexOf(r.text, at + 1);
      if (again >= 0 && again + r.text.length <= to) throw new QevalError('CODING_TEXT_AMBIGUOUS', `the text "${r.text.slice(0, 60)}" occurs more than once in document "${doc.id}"; give start and end, or a longer text`, place);
      start = pos.codePoint(at);
      end = pos.codePoint(at + r.text.length);
    } else if (start >= end) {
      throw new QevalError('CODING_EMPTY_SPAN', `span ${start}-${end} is empty or reversed; "end" must be greater than "start" (code points, end-exclusive)`, place);
    } else if (end > length) {
      throw new QevalError('CODING_OUT_OF_RANGE', `span ${start}-${end} lies outside document "${doc.id}" (${length} code points); was the document changed after coding?`, place);
    } else if (r.text !== undefined && r.text !== '' && sliceCodePoints(doc.text, start, end) !== r.text) {
      throw new QevalError('CODING_TEXT_MISMATCH', `the text at ${start}-${end} of "${doc.id}" differs from the segment's text; was the document changed after coding?`, place);
    }
    codes.push({ document: doc.id, code: r.code, start, end });
  }
  return { codes, coder: chosen };
}

async function segmentRows(file: string, display: string): Promise<CodingRow[]> {
  return (await readSegmentsFile(file, display)).map((s) => ({ document: s.document, code: s.code, coder: s.coder, start: s.start, end: s.end, text: s.text }));
}

async function plainRows(file: string, display: string): Promise<CodingRow[]> {
  const bytes = await readFile(file).catch(() => {
    throw new QevalError('NOT_FOUND', 'no such file', { file: display });
  });
  const table = parseCsv(decodeBytes(bytes, display).text, display);
  const has = (c: string) => table.header.includes(c);
  if (!has('document') || !has('code') || !((has('start') && has('end')) || has('text'))) {
    throw new QevalError('CODING_COLUMNS', `a coding CSV needs the columns document, code and either start and end or text (found: ${table.header.join(', ')})`, { file: display, line: 1, column: 1 });
  }
  return table.rows.map((row, i) => {
    const line = table.lines[i];
    const num = (c: string) => {
      if (!has(c) || (row[c] ?? '') === '') return undefined;
      const n = Number(row[c]);
      if (!Number.isInteger(n) || n < 0) throw new QevalError('CODING_FIELD_INVALID', `"${c}" must be a non-negative whole number of code points, not "${row[c]}"`, { file: display, line, column: 1 });
      return n;
    };
    const document = (row.document ?? '').trim();
    const code = (row.code ?? '').trim();
    if (!document || !code) throw new QevalError('CODING_FIELD_INVALID', 'every row needs a document and a code', { file: display, line, column: 1 });
    return { document, code, coder: (row.coder ?? '').trim(), start: num('start'), end: num('end'), text: row.text, line };
  });
}
