// Reads segments written by `qeval code` (JSON, NDJSON or CSV) back for aggregation.
import { jsonFailure } from './json-errors.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { QevalError } from '../model/errors.js';
import type { CodedSegment, CodingMethod } from '../model/types.js';
import { CSV_DELIMITERS, parseCsv } from './csv.js';
import { splitListCell, unguardCell } from '../render/csv.js';
import { decodeBytes, headText } from './decode.js';
import { readHead } from './read-documents.js';
import { noteInputFile } from './write.js';

const REQUIRED = ['document', 'code', 'start', 'end', 'line', 'unit', 'text'] as const;

/** True when a file looks like a segments file rather than a document to code. */
export async function isSegmentsFile(file: string): Promise<boolean> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return true;
  if (ext !== '.csv') return false;
  // A spreadsheet's "Unicode text" is UTF-16 with a byte order mark (and tabs between cells): headText reads both.
  const head = headText(await readHead(file, 800));
  return hasSegmentsHeader(head.replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '');
}

/**
 * Whether a CSV header line names the segment fields, with any of the delimiters CSV files use (a
 * segments file re-saved by a spreadsheet in a Lithuanian locale has `;`, and may quote names).
 */
function hasSegmentsHeader(first: string): boolean {
  return CSV_DELIMITERS.some((d) => {
    const names = first.split(d).map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
    return REQUIRED.every((f) => names.includes(f));
  });
}

/** The shapes `qeval code` writes segments in. */
export type SegmentsKind = 'json' | 'ndjson' | 'csv';

/**
 * What a text piped in is: segments written by `qeval code` (a JSON array of objects, NDJSON
 * objects, or a CSV whose header has the segment fields), or undefined for a document to code.
 * A transcript opening with "[Interviewer]" is a document: a JSON array must hold objects.
 */
export function segmentsKindOf(text: string): SegmentsKind | undefined {
  const head = text.replace(/^\ufeff/, '').trimStart();
  if (/^\[\s*(?:\{|\]\s*$)/.test(head)) return 'json';
  if (/^\{\s*"/.test(head)) return 'ndjson';
  return hasSegmentsHeader(head.split(/\r?\n/)[0] ?? '') ? 'csv' : undefined;
}

export async function readSegmentsFile(file: string, display = file): Promise<CodedSegment[]> {
  const bytes = await readFile(file).catch(() => {
    throw new QevalError('NOT_FOUND', 'no such file', { file: display });
  });
  noteInputFile(file);
  const ext = path.extname(file).toLowerCase();
  return parseSegments(decodeBytes(bytes, display).text, display, ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : 'ndjson');
}

/** Segments from the text of a segments file (or standard input); errors name `display` and the line or segment. */
export function parseSegments(text: string, display: string, kind: SegmentsKind): CodedSegment[] {
  const ext = `.${kind}`;
  let records: { value: Record<string, unknown>; line: number }[];
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      const { reason, line, column } = jsonFailure(text, e);
      throw new QevalError('SEGMENTS_JSON', `not valid JSON: ${reason}`, { file: display, line, column });
    }
    if (!Array.isArray(data)) throw new QevalError('SEGMENTS_JSON', 'expected a JSON array of segments', { file: display, line: 1, column: 1 });
    records = data.map((value, i) => ({ value: value as Record<string, unknown>, line: i + 1 }));
  } else if (ext === '.csv') {
    const table = parseCsv(text, display, { strict: true });
    records = table.rows.map((r, i) => {
      const row = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unguardCell(v)]));
      return { value: { ...row, matched: splitListCell(row.matched ?? ''), features: row.features ? splitListCell(row.features) : undefined }, line: table.lines[i] ?? i + 2 };
    });
  } else {
    records = text.split('\n').flatMap((l, i) => {
      if (l.trim() === '') return [];
      try {
        return [{ value: JSON.parse(l) as Record<string, unknown>, line: i + 1 }];
      } catch (e) {
        throw new QevalError('SEGMENTS_JSON', `not valid JSON: ${(e as Error).message}`, { file: display, line: i + 1, column: 1 });
      }
    });
  }
  return records.map(({ value, line }) => toSegment(value, display, line, ext === '.json'));
}

const METHODS = ['rule', 'model', 'rule+model'];
const UNIT = /^(sentence|paragraph|turn):\d+$/;

function toSegment(value: unknown, file: string, line: number, isJsonArray: boolean): CodedSegment {
  const place = isJsonArray ? { file } : { file, line, column: 1 };
  const where = isJsonArray ? `segment ${line}: ` : '';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new QevalError('SEGMENT_NOT_OBJECT', `${where}a segment must be an object with the fields of \`qeval code\` output`, place);
  }
  const v = value as Record<string, unknown>;
  for (const f of REQUIRED) {
    if (v[f] === undefined || v[f] === '') throw new QevalError('SEGMENT_FIELD_MISSING', `${where}missing field "${f}"`, place);
  }
  const num = (f: string) => {
    const n = Number(v[f]);
    if (!Number.isInteger(n) || n < 0) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}field "${f}" must be a non-negative integer`, place);
    return n;
  };
  const s: CodedSegment = {
    document: String(v.document), code: String(v.code), start: num('start'), end: num('end'), line: num('line'),
    unit: String(v.unit), speaker: v.speaker === undefined || v.speaker === null || v.speaker === '' ? null : String(v.speaker),
    text: String(v.text), coder: String(v.coder ?? ''), rule: v.rule ? String(v.rule) : null,
    matched: Array.isArray(v.matched) ? v.matched.map(String) : [],
  };
  if (v.negated_from) s.negated_from = String(v.negated_from);
  if (v.method !== undefined && v.method !== '') {
    if (!METHODS.includes(String(v.method))) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}"method" must be one of ${METHODS.join(', ')}, not "${String(v.method)}"`, place);
    s.method = String(v.method) as CodingMethod;
  }
  if (v.probability !== undefined && v.probability !== '' && v.probability !== null) {
    // A spreadsheet in a Lithuanian (or other European) locale writes 0,85 for 0.85.
    const p = Number(String(v.probability).replace(/^(\d+),(\d+)$/, '$1.$2'));
    if (!(p >= 0 && p <= 1)) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}"probability" must be a number from 0 to 1`, place);
    s.probability = p;
  }
  if (Array.isArray(v.features)) s.features = v.features.map(String);
  if (v.page !== undefined && v.page !== '' && v.page !== null) {
    const page = Number(v.page);
    if (!Number.isInteger(page) || page < 1) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}"page" must be a page number from 1`, place);
    s.page = page;
  }
  if (v.time !== undefined && v.time !== '' && v.time !== null) s.time = String(v.time);
  if (s.end < s.start) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}"end" (${s.end}) is before "start" (${s.start})`, place);
  if (!UNIT.test(s.unit)) throw new QevalError('SEGMENT_FIELD_INVALID', `${where}"unit" must look like sentence:12, paragraph:3 or turn:5, not "${s.unit}"`, place);
  return s;
}
