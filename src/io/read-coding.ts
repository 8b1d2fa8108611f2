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
import { noteInputFile } from './write.js';

/** One coded span as read, before it is tied to a document's text. */
export interface CodingRow {
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
  /** Spans left out because their document's file could not be read (see `leftOut`). */
  skipped: number;
}

/**
 * Reads `file` and keeps one coder's spans: `coder` if given, else the only coder in the file.
 * Accepts `qeval code` segments (CSV, JSON, NDJSON, as written by `qeval code` or `qeval import`) or a
 * plain CSV with columns `document`, `code` and either `start`/`end` (code points, end-exclusive) or
 * `text` (found in the document; the first occurrence is used), and optionally `coder`.
 * Spans are checked against `documents`: the document must be among them, offsets inside its text,
 * and a given `text` equal to the slice. Throws QevalError (file:line) on any mismatch, on several
 * coders without `coder`, on unknown coders, and when `knownCodes` lacks a code. Spans of a
 * document whose file is in `leftOut` (ids of files that could not be read, e.g. under
 * `--allow-failures`) are skipped and counted in `skipped`, not an error.
 */
export async function readHumanCoding(file: string, display: string, documents: readonly SourceDocument[], knownCodes: ReadonlySet<string>, coder?: string, leftOut: ReadonlySet<string> = new Set()): Promise<HumanCoding> {
  const rows = await readCodingRows(file, display);
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
  let skipped = 0;
  for (const r of rows) {
    if (r.coder !== chosen) continue;
    if (!byId.has(r.document) && (leftOut.has(r.document) || leftOut.has(r.document.split('#')[0] as string))) {
      skipped++;
      continue;
    }
    const place = { file: display, line: r.line, column: r.line === undefined ? undefined : 1 };
    if (!knownCodes.has(r.code)) throw new QevalError('CODING_UNKNOWN_CODE', `code "${r.code}" is not in the codebook; fix the coding or give the codebook it was coded with (-c)`, place);
    const doc = byId.get(r.document);
    if (!doc) throw new QevalError('CODING_UNKNOWN_DOCUMENT', `document "${r.document}" is not among the documents given; add it, or check --root (document ids are paths relative to it)`, place);
    codes.push({ document: doc.id, code: r.code, ...resolveSpan(r, doc, positions, display) });
  }
  return { codes, coder: chosen, skipped };
}

/**
 * The code-point span of a coding row in its document: its `start`/`end`, checked against the text, or
 * the one occurrence of its `text`. `positions` caches each document's offset table. Throws QevalError
 * (file:line) when the span is missing, empty, out of range, or its text differs or is not found once.
 */
export function resolveSpan(r: CodingRow, doc: SourceDocument, positions: Map<string, Positions>, display: string): { start: number; end: number } {
  const place = { file: display, line: r.line, column: r.line === undefined ? undefined : 1 };
  // Keyed by the text: the rows of a survey share their file's text, indexed once.
  let pos = positions.get(doc.text);
  if (!pos) {
    pos = new Positions(doc.text);
    positions.set(doc.text, pos);
  }
  const length = pos.codePoint(doc.text.length);
  const { start, end } = r;
  if (start === undefined || end === undefined) {
    if (!r.text || r.text.trim() === '') throw new QevalError('CODING_NO_SPAN', 'the row gives neither start and end nor a text; give one of them', place);
    // Only the document's own content counts (a survey row's answers, not the rest of its file).
    const [from, to] = contentRange(doc);
    const found = findQuote(doc.text, r.text, from).filter((f) => f.at + f.length <= to);
    if (found.length === 0) throw new QevalError('CODING_TEXT_NOT_FOUND', `the text "${r.text.slice(0, 60)}" is not in document "${doc.id}" (it must match the document's words and accents; spaces, quote marks, dashes and Unicode normalization may differ); give start and end instead`, place);
    if (found.length > 1) throw new QevalError('CODING_TEXT_AMBIGUOUS', `the text "${r.text.slice(0, 60)}" occurs more than once in document "${doc.id}"; give start and end, or a longer text`, place);
    return { start: pos.codePoint(found[0]!.at), end: pos.codePoint(found[0]!.at + found[0]!.length) };
  }
  if (start >= end) throw new QevalError('CODING_EMPTY_SPAN', `span ${start}-${end} is empty or reversed; "end" must be greater than "start" (code points, end-exclusive)`, place);
  if (end > length) throw new QevalError('CODING_OUT_OF_RANGE', `span ${start}-${end} lies outside document "${doc.id}" (${length} code points); was the document changed after coding?`, place);
  if (r.text !== undefined && r.text !== '' && sliceCodePoints(doc.text, start, end) !== r.text) {
    throw new QevalError('CODING_TEXT_MISMATCH', `the text at ${start}-${end} of "${doc.id}" differs from the segment's text; was the document changed after coding?`, place);
  }
  return { start, end };
}

/** True when a file is a coding: a segments file, or a CSV with `document` and `code` columns and `start`/`end` or `text`. */
export async function isCodingFile(file: string): Promise<boolean> {
  if (await isSegmentsFile(file)) return true;
  if (!file.toLowerCase().endsWith('.csv')) return false;
  const head = (await readFile(file)).subarray(0, 400).toString('utf8').replace(/^\ufeff/, '');
  // Comma, semicolon (what spreadsheets save in Lithuanian and other European locales) or tab, as the CSV reader detects.
  const header = (head.split(/\r?\n/)[0] ?? '').split(/[,;\t]/).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  return header.includes('document') && header.includes('code') && (header.includes('text') || (header.includes('start') && header.includes('end')));
}

/** The rows of a coding file (segments file or plain coding CSV), in file order; `coder` is '' where none is named. */
export async function readCodingRows(file: string, display: string): Promise<CodingRow[]> {
  return (await isSegmentsFile(file)) ? segmentRows(file, display) : plainRows(file, display);
}

async function segmentRows(file: string, display: string): Promise<CodingRow[]> {
  return (await readSegmentsFile(file, display)).map((s) => ({ document: s.document, code: s.code, coder: s.coder, start: s.start, end: s.end, text: s.text }));
}

async function plainRows(file: string, display: string): Promise<CodingRow[]> {
  const bytes = await readFile(file).catch(() => {
    throw new QevalError('NOT_FOUND', 'no such file', { file: display });
  });
  noteInputFile(file);
  const parsed = parseCsv(decodeBytes(bytes, display).text, display);
  // Column names as spreadsheets write them ("Document", " Code ") name the same columns.
  const canonical = (h: string) => h.trim().toLowerCase();
  const table = { ...parsed, header: parsed.header.map(canonical), rows: parsed.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [canonical(k), v]))) };
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

/** Characters a quote copied from a word processor or a PDF may have in place of the document's. */
const VARIANTS: readonly string[] = ["'\u2018\u2019\u02bc", '"\u201c\u201d\u201e\u00ab\u00bb', '-\u2010\u2011\u2012\u2013\u2014'];

/**
 * Where a coder's quoted text occurs in a document at or after `from` (UTF-16 indices and lengths).
 * An exact occurrence wins; otherwise the quote matches when it differs only in Unicode normalization
 * (NFC), in runs of white space (including no-break spaces and line breaks), in straight vs typographic
 * quote marks, or in hyphens vs dashes. Returns every match, so the caller can refuse ambiguity.
 */
export function findQuote(text: string, quote: string, from = 0): { at: number; length: number }[] {
  const exact: { at: number; length: number }[] = [];
  for (let at = text.indexOf(quote, from); at >= 0 && exact.length < 2; at = text.indexOf(quote, at + 1)) exact.push({ at, length: quote.length });
  if (exact.length > 0) return exact;
  // The document's own normalization decides: an NFC quote is tried first, then an NFD one.
  for (const form of ['NFC', 'NFD'] as const) {
    const found = matchAll(text, new RegExp(loosePattern(quote.normalize(form).trim()), 'gu'), from);
    if (found.length > 0) return found;
  }
  return [];
}

/** A regular expression source matching `quote` with the variants `findQuote` allows. */
function loosePattern(quote: string): string {
  if (quote === '') return '(?!)';
  let pattern = '';
  for (const part of quote.split(/(\s+)/u)) {
    if (/^\s+$/u.test(part)) {
      pattern += '\\s+';
      continue;
    }
    for (const ch of part) {
      const group = VARIANTS.find((g) => g.includes(ch));
      pattern += group ? `[${group.replace(/[\\\]^-]/g, '\\$&')}]` : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return pattern;
}

function matchAll(text: string, re: RegExp, from: number): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m && out.length < 2; m = re.exec(text)) {
    out.push({ at: m.index, length: m[0].length });
    re.lastIndex = m.index + 1;
  }
  return out;
}
