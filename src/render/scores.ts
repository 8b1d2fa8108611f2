// Score formatters: ranked score rows -> csv | ndjson | json | table, one entry per output format.
import Table from 'cli-table3';
import { deriveScores, type DerivedScores, type ScoreRow, type ScoreScheme } from '../aggregate/scores.js';
import { csvRow as csvLine, joinListCell, toCsv } from './csv.js';
import { breakLongWords, displayWidth } from './cells.js';
import { escapeControls } from '../model/errors.js';

export interface ScoreFormatOptions {
  scheme: ScoreScheme;
  /** Flag labels by id (in the language of the codebook that declares them). */
  flagLabels: Map<string, string>;
  /** The index or code the rows are ranked by (undefined: document order), and the direction. */
  sort: string | undefined;
  ascending: boolean;
  /** The attribute rows are grouped by (`--by`); undefined for one row per document. */
  by?: string;
  /** Add a UTF-8 BOM to CSV for Excel. */
  excel?: boolean;
  /** Terminal width for the table format. */
  width?: number;
}

type Formatter = (rows: readonly ScoreRow[], o: ScoreFormatOptions) => string;

/** `rank:<sort>` (`:asc` when ascending), so a merge can rank shards the same way. */
export function rankColumn(o: Pick<ScoreFormatOptions, 'sort' | 'ascending'>): string {
  return o.sort === undefined ? 'rank' : `rank:${o.sort}${o.ascending ? ':asc' : ''}`;
}

/** The CSV header: rank, what the row is, its size, count and density per top-level code, indices, flags. */
export function scoreHeader(o: ScoreFormatOptions): string[] {
  const who = o.by === undefined ? ['document', 'title', 'language'] : [o.by, 'documents'];
  return [
    rankColumn(o), ...who, 'pages', 'words', 'units', 'segments',
    ...o.scheme.codes.flatMap((c) => [`count:${c}`, `density:${c}`]),
    ...o.scheme.indices.map((ix) => `index:${ix.id}`),
    'flags',
    ...o.scheme.flags.map((f) => `flag:${f.id}`),
  ];
}

function csvRow(row: ScoreRow, d: DerivedScores, o: ScoreFormatOptions): unknown[] {
  const m = row.measures;
  const who = o.by === undefined ? [row.key, row.title, row.language] : [row.key, m.documents];
  return [
    row.rank, ...who, m.pages, m.words, m.units, m.segments,
    ...o.scheme.codes.flatMap((c) => [m.counts[c] ?? 0, d.densities[c] ?? null]),
    ...o.scheme.indices.map((ix) => d.indices[ix.id] ?? null),
    joinListCell(d.flags.map((f) => o.flagLabels.get(f) ?? f)),
    ...o.scheme.flags.map((f) => (d.flags.includes(f.id) ? 1 : 0)),
  ];
}

/**
 * A row as JSON: everything the CSV has, plus `all_counts` (every code, sub-codes included, by id),
 * `rank_by` and, for a group, `document_ids` (its documents, sorted), so that `qeval merge` can add
 * rows up, rank them again and refuse shards that hold a document twice.
 */
export function scoreObject(row: ScoreRow, d: DerivedScores, o: ScoreFormatOptions): Record<string, unknown> {
  const m = row.measures;
  const who = o.by === undefined ? { document: row.key, title: row.title, language: row.language } : { group: row.key, by: o.by, documents: m.documents };
  return {
    rank: row.rank,
    rank_by: o.sort === undefined ? null : `${o.sort}${o.ascending ? ':asc' : ''}`,
    ...who,
    pages: m.pages,
    words: m.words,
    units: m.units,
    segments: m.segments,
    counts: Object.fromEntries(o.scheme.codes.map((c) => [c, m.counts[c] ?? 0])),
    densities: d.densities,
    indices: d.indices,
    flags: d.flags,
    all_counts: Object.fromEntries(Object.keys(m.counts).sort().map((c) => [c, m.counts[c]])),
    ...(o.by === undefined ? {} : { document_ids: [...(row.members ?? [])].sort() }),
  };
}

/** Formatters by name: a new output is a new entry here. Rows come ranked (rankRows). */
export const scoreFormatters = {
  csv: (rows, o) => toCsv(scoreHeader(o), rows.map((r) => csvRow(r, deriveScores(o.scheme, r.measures), o)), o.excel),
  ndjson: (rows, o) => rows.map((r) => `${JSON.stringify(scoreObject(r, deriveScores(o.scheme, r.measures), o))}\n`).join(''),
  json: (rows, o) => `${JSON.stringify(rows.map((r) => scoreObject(r, deriveScores(o.scheme, r.measures), o)), null, 2)}\n`,
  table: (rows, o) => scoreTable(rows, o),
} as const satisfies Record<string, Formatter>;

export type ScoreFormat = keyof typeof scoreFormatters;

const RANK_WIDTH = 6;
const WORDS_WIDTH = 8;
const INDEX_WIDTH = 12;
const FLAGS_MIN = 14;
const DOCUMENT_MIN = 14;
/** Room kept for flags before other indices are shown (a flag id of up to 22 characters). */
const FLAGS_ROOM = 24;

/**
 * The terminal table: rank, the row's document (or group), the column it is ranked by (always, next
 * to the rank), words (left out when the terminal is too narrow for it beside the narrowest document and
 * flags columns), then
 * as many other indices as fit, then flags. Numbers and index names are never cut: each column is
 * as wide as its longest value or name. Drawn for `o.width` columns (default 120; at
 * least the rank, ranking, narrowest document and flags columns). Width goes first to document
 * ids (up to the longest), then to the ranking column, then flags up to FLAGS_ROOM, then other indices; flags get what is left
 * (at least FLAGS_MIN, and no more than the longest flag needs; one flag a line). Document ids are
 * broken across lines, never cut. Widths are terminal columns (wide characters count 2) and include cell padding;
 * every column adds a border character.
 */
function scoreTable(rows: readonly ScoreRow[], o: ScoreFormatOptions): string {
  const derived = rows.map((r) => deriveScores(o.scheme, r.measures));
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const sortIsIndex = o.sort !== undefined && o.scheme.indices.some((ix) => ix.id === o.sort);
  const sortHead = o.sort === undefined ? undefined : `${sortIsIndex ? o.sort : `density:${o.sort}`}${o.ascending ? ' ↑' : ''}`;
  const sortCell = (d: DerivedScores) => show(o.sort === undefined ? null : sortIsIndex ? d.indices[o.sort] : d.densities[o.sort]);
  // A control character in a name (a tab in a file name) is shown escaped: it would break the table's columns.
  // The group of documents without the --by attribute is named for it ("(no region)"), so that it is
  // not taken for a group whose value is written "(none)".
  const keys = rows.map((r) => escapeControls(r.key) || `(no ${o.by ?? 'id'})`);
  // One flag a line, so a narrow column breaks between flags, not inside them.
  const flagTexts = derived.map((d) => d.flags.join('\n'));
  const longest = (texts: readonly string[], min: number) => texts.reduce((n, t) => Math.max(n, displayWidth(t)), min) + 2;
  const sortWidth = sortHead === undefined ? 0 : Math.max(10, longest(derived.map(sortCell), displayWidth(sortHead)));
  const flagsNeed = Math.max(FLAGS_MIN, longest(flagTexts, 'flags'.length));
  // rank, document, [sort], [words], flags and their borders: words only when the narrowest
  // document and flags columns fit beside it.
  // Numbers are never cut: the rank and words columns are as wide as their longest number.
  const rankWidth = Math.max(RANK_WIDTH, longest(rows.map((r) => String(r.rank ?? '')), 'rank'.length));
  const wordsWidth = Math.max(WORDS_WIDTH, longest(rows.map((r) => String(r.measures.words)), 'words'.length));
  const fixed = rankWidth + sortWidth + (sortHead === undefined ? 4 : 5);
  // The narrowest table drawn (a narrower terminal wraps its lines): document and flags at their least.
  const width = Math.max(fixed + DOCUMENT_MIN + FLAGS_MIN, o.width ?? 120);
  const withWords = width - fixed - (wordsWidth + 1) >= DOCUMENT_MIN + FLAGS_MIN;
  const base = fixed + (withWords ? wordsWidth + 1 : 0);
  const documentWidth = Math.max(DOCUMENT_MIN, Math.min(longest(keys, (o.by ?? 'document').length), width - base - FLAGS_MIN));
  let rest = width - base - documentWidth;
  const others = o.scheme.indices.filter((ix) => ix.id !== o.sort);
  const indices: typeof others = [];
  // An index column is as wide as its name or its longest value (an index shown is never cut).
  const indexWidth = new Map(others.map((ix) => [ix.id, Math.max(INDEX_WIDTH, longest(derived.map((d) => show(d.indices[ix.id])), displayWidth(ix.id)))]));
  for (const ix of others) {
    const w = indexWidth.get(ix.id)!;
    if (rest - (w + 1) < Math.min(FLAGS_ROOM, flagsNeed)) break;
    indices.push(ix);
    rest -= w + 1;
  }
  const flagsWidth = Math.max(Math.min(FLAGS_MIN, rest), Math.min(rest, flagsNeed));
  const table = new Table({
    head: ['rank', o.by ?? 'document', ...(sortHead === undefined ? [] : [sortHead]), ...(withWords ? ['words'] : []), ...indices.map((ix) => ix.id), 'flags'],
    colWidths: [rankWidth, documentWidth, ...(sortHead === undefined ? [] : [sortWidth]), ...(withWords ? [wordsWidth] : []), ...indices.map((ix) => indexWidth.get(ix.id)!), flagsWidth],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  rows.forEach((r, i) => {
    const d = derived[i]!;
    table.push([r.rank ?? '', breakLongWords(keys[i]!, documentWidth - 2), ...(sortHead === undefined ? [] : [sortCell(d)]), ...(withWords ? [r.measures.words] : []), ...indices.map((ix) => show(d.indices[ix.id])), breakLongWords(flagTexts[i]!, flagsWidth - 2)]);
  });
  return `${table.toString()}\n`;
}

/** The same output as `scoreFormatters[format]`, in pieces (header, then one piece per row), so a long ranking is never one string. */
export function* scoreChunks(format: ScoreFormat, rows: readonly ScoreRow[], o: ScoreFormatOptions): Generator<string> {
  if (format === 'table') {
    yield scoreFormatters.table(rows, o);
    return;
  }
  if (format === 'csv') yield toCsv(scoreHeader(o), [], o.excel);
  if (format === 'json') yield rows.length === 0 ? '[]\n' : '[';
  let first = true;
  for (const r of rows) {
    const d = deriveScores(o.scheme, r.measures);
    if (format === 'csv') yield csvLine(csvRow(r, d, o));
    else if (format === 'ndjson') yield `${JSON.stringify(scoreObject(r, d, o))}\n`;
    else yield `${first ? '' : ','}\n  ${JSON.stringify(scoreObject(r, d, o), null, 2).replace(/\n/g, '\n  ')}`;
    first = false;
  }
  if (format === 'json' && rows.length > 0) yield '\n]\n';
}
export const SCORE_FORMATS = Object.keys(scoreFormatters) as ScoreFormat[];
