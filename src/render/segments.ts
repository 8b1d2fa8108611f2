// Segment formatters: (segments) -> string, one entry per output format.
import Table from 'cli-table3';
import { breakLongWords } from './cells.js';
import { escapeControls } from '../model/errors.js';
import type { CodedSegment } from '../model/types.js';
import { csvCell, joinListCell, toCsv } from './csv.js';

export const SEGMENT_FIELDS = ['document', 'code', 'start', 'end', 'line', 'unit', 'speaker', 'text', 'coder', 'rule', 'matched', 'negated_from', 'method', 'probability', 'features', 'page', 'time'] as const;

export interface FormatOptions {
  /** Add a UTF-8 BOM to CSV for Excel. */
  excel?: boolean;
  /** Terminal width for the table format. */
  width?: number;
}

type Formatter = (segments: readonly CodedSegment[], options: FormatOptions) => string;

function row(s: CodedSegment): unknown[] {
  return [s.document, s.code, s.start, s.end, s.line, s.unit, s.speaker ?? '', s.text, s.coder, s.rule ?? '', joinListCell(s.matched), s.negated_from ?? '', s.method ?? '', s.probability ?? '', joinListCell(s.features ?? []), s.page ?? '', s.time ?? ''];
}

/** The line, and the page or time of paged and timed sources (`12 p.3`, `4 00:01:05`). */
function placeOf(s: CodedSegment): string {
  return [String(s.line), s.page === undefined ? '' : `p.${s.page}`, s.time ?? ''].filter((p) => p !== '').join(' ');
}

/**
 * csvRow(row(s)), written faster for streams of segments: the cells a run repeats (document, code,
 * speaker, coder, rule) are formatted once and remembered, and so is the last unit's text, which
 * every code of the unit repeats.
 */
function csvRowOf(s: CodedSegment): string {
  let text = lastTextCell;
  if (s.text !== lastText) {
    text = csvCell(s.text);
    lastText = s.text;
    lastTextCell = text;
  }
  const matched = s.matched.length === 0 ? '' : csvCell(joinListCell(s.matched));
  const rest = s.negated_from === undefined && s.method === undefined && s.probability === undefined && s.features === undefined && s.page === undefined && s.time === undefined
    ? ',,,,,,'
    : `,${csvCell(s.negated_from ?? '')},${csvCell(s.method ?? '')},${csvCell(s.probability ?? '')},${csvCell(joinListCell(s.features ?? []))},${csvCell(s.page ?? '')},${csvCell(s.time ?? '')}`;
  return `${repeatedCell(s.document)},${repeatedCell(s.code)},${s.start},${s.end},${s.line},${csvCell(s.unit)},${repeatedCell(s.speaker ?? '')},${text},${repeatedCell(s.coder)},${repeatedCell(s.rule ?? '')},${matched}${rest}\r\n`;
}

let lastText: string | undefined;
let lastTextCell = '';
const repeatedCells = new Map<string, string>();

/** csvCell of a value that recurs from row to row, remembered (up to 10,000 values). */
function repeatedCell(value: string): string {
  let cell = repeatedCells.get(value);
  if (cell === undefined) {
    cell = csvCell(value);
    if (repeatedCells.size >= 10_000) repeatedCells.clear();
    repeatedCells.set(value, cell);
  }
  return cell;
}

/** The words that fired, or the model's probability and strongest features. */
function evidenceOf(s: CodedSegment): string {
  const words = s.matched.join(', ');
  if (s.probability === undefined) return words;
  const model = `p=${s.probability.toFixed(2)} ${(s.features ?? []).slice(0, 3).join(', ')}`;
  return words ? `${words}; ${model}` : model;
}

/** Formatters by name: a new output is a new entry here. */
export const segmentFormatters = {
  csv: (segments, o) => toCsv(SEGMENT_FIELDS, segments.map(row), o.excel),
  ndjson: (segments) => segments.map((s) => `${JSON.stringify(s)}\n`).join(''),
  json: (segments) => `${JSON.stringify(segments, null, 2)}\n`,
  table: (segments, o) => {
    const width = Math.max(80, o.width ?? 120);
    const textWidth = Math.max(30, width - 73);
    const widths = [22, 9, 14, 12, 24, 18, textWidth];
    const table = new Table({
      head: ['document', 'line', 'unit', 'speaker', 'code', 'evidence', 'text'],
      colWidths: widths,
      wordWrap: true,
      style: { head: [], border: [] },
    });
    // Cells wrap on words; a word wider than its column (a document id, a long code) is broken, not cut.
    const cells = (values: string[]) => values.map((v, i) => breakLongWords(v, widths[i]! - 2));
    // A control character in a name (a tab in a file name) is shown escaped: it would break the table's columns.
    for (const s of segments) table.push(cells([escapeControls(s.document), placeOf(s), s.unit, escapeControls(s.speaker ?? ''), s.code, evidenceOf(s), s.text]));
    return `${table.toString()}\n`;
  },
} as const satisfies Record<string, Formatter>;

export type SegmentFormat = keyof typeof segmentFormatters;

/**
 * A format written piece by piece: `head`, then each document's `body` (its segments, sorted),
 * separated by `separator` where both sides are non-empty, then `tail`. The concatenation equals
 * what `segmentFormatters` gives for all the segments at once (except `table`, one table per document).
 */
export interface SegmentStreamFormat {
  head(options: FormatOptions): string;
  body(segments: readonly CodedSegment[], options: FormatOptions): string;
  separator: string;
  /** `any`: whether any body was non-empty (`table` then gives its header alone, so that no output is an empty file). */
  tail(any: boolean, options?: FormatOptions): string;
}

const indentJson = (s: CodedSegment) => `\n  ${JSON.stringify(s, null, 2).replace(/\n/g, '\n  ')}`;

export const segmentStreamFormats: Record<SegmentFormat, SegmentStreamFormat> = {
  csv: { head: (o) => toCsv(SEGMENT_FIELDS, [], o.excel), body: (segments) => segments.map(csvRowOf).join(''), separator: '', tail: () => '' },
  ndjson: { head: () => '', body: (segments) => segmentFormatters.ndjson(segments), separator: '', tail: () => '' },
  json: { head: () => '[', body: (segments) => segments.map(indentJson).join(','), separator: ',', tail: (any) => (any ? '\n]\n' : ']\n') },
  table: { head: () => '', body: (segments, o) => (segments.length ? segmentFormatters.table(segments, o) : ''), separator: '', tail: (any, o) => (any ? '' : segmentFormatters.table([], o ?? {})) },
};
export const SEGMENT_FORMATS = Object.keys(segmentFormatters) as SegmentFormat[];

/** The stable order of segments: document, position, then code. */
export function sortSegments(segments: CodedSegment[]): CodedSegment[] {
  return segments.sort((a, b) =>
    a.document < b.document ? -1 : a.document > b.document ? 1 : a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
