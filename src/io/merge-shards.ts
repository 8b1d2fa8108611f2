// Joins the outputs of sharded runs (`--shard K/N`): segment files by document, score files re-ranked (groups added up), each as the unsharded run would write it.
import { agree, counted } from '../model/words.js';
import { jsonFailure } from './json-errors.js';
import { addMeasures, deriveScores, rankRows, sortValue, type ScoreMeasures, type ScoreRow, type ScoreScheme } from '../aggregate/scores.js';
import { QevalError } from '../model/errors.js';
import { SEGMENT_FIELDS, segmentStreamFormats } from '../render/segments.js';
import { unguardCell } from '../render/csv.js';
import { scoreChunks, type ScoreFormatOptions } from '../render/scores.js';
import type { CodedSegment } from '../model/types.js';
import { pushAll } from '../model/arrays.js';

/** One shard file as read: its name (for messages) and text (BOM kept). */
export interface ShardText {
  file: string;
  text: string;
}

export type ShardFormat = 'csv' | 'ndjson' | 'json';
export type ShardKind = 'segments' | 'scores';

/**
 * A shard's format and kind, from its content. `empty` is true for an NDJSON or JSON file without
 * records (an empty file or `[]`), whose kind cannot be told (`segments` is returned). Throws
 * QevalError MERGE_UNKNOWN naming the file.
 */
export function shardKind(shard: ShardText): { format: ShardFormat; kind: ShardKind; empty?: boolean } {
  const text = shard.text.replace(/^\ufeff/, '');
  const unknown = () => new QevalError('MERGE_UNKNOWN', 'not a segments or scores file written by qeval code or qeval score (csv, ndjson or json)', { file: shard.file, line: 1, column: 1 });
  const trimmed = text.trimStart();
  // An NDJSON shard holding no documents' records is an empty file; a JSON one holds `[]`.
  if (trimmed === '' && /\.csv$/i.test(shard.file)) throw new QevalError('MERGE_CUT', 'empty, where a CSV shard holds at least its header: the shard was cut short; write it again', { file: shard.file });
  if (trimmed === '' && /\.json$/i.test(shard.file)) throw new QevalError('MERGE_JSON', 'empty, where a JSON shard holds at least [] (an NDJSON shard without records is empty): the shard was cut short; write it again', { file: shard.file });
  if (trimmed === '') return { format: 'ndjson', kind: 'segments', empty: true };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const format: ShardFormat = trimmed.startsWith('[') ? 'json' : 'ndjson';
    const first = format === 'json' ? parseJson(shard)[0] : parseJsonLine(shard, text.split('\n')[0] ?? '', 1);
    if (first === undefined) return { format, kind: 'segments', empty: true };
    if (isObject(first) && 'code' in first && 'start' in first) return { format, kind: 'segments' };
    if (isObject(first) && 'rank' in first && 'words' in first) return { format, kind: 'scores' };
    throw unknown();
  }
  const header = text.slice(0, text.indexOf('\r\n') >= 0 ? text.indexOf('\r\n') : text.length);
  if (header === SEGMENT_FIELDS.join(',')) return { format: 'csv', kind: 'segments' };
  if (/^rank(:[^,]*)?,/.test(header)) return { format: 'csv', kind: 'scores' };
  throw unknown();
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function parseJson(shard: ShardText): unknown[] {
  const text = shard.text.replace(/^\ufeff/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const { reason, line, column } = jsonFailure(text, e);
    throw new QevalError('MERGE_JSON', `not valid JSON (${reason})`, { file: shard.file, line, column });
  }
  if (!Array.isArray(data)) throw new QevalError('MERGE_JSON', 'not valid JSON (expected an array)', { file: shard.file });
  return data;
}

function parseJsonLine(shard: ShardText, line: string, n: number): unknown {
  try {
    return JSON.parse(line.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new QevalError('MERGE_JSON', `not valid JSON (${(e as Error).message.split('\n')[0]})`, { file: shard.file, line: n, column: 1 });
  }
}

/** RFC 4180 records of a CSV text as written by qeval (CRLF between records), raw, without their terminators. */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      records.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/** A CSV shard's header and records (raw, as csvRecords gives them) with the 1-based line each record starts on. */
export interface CsvShard {
  header: string;
  records: string[];
  lines: number[];
}

/**
 * A CSV shard's records, checked whole: the file ends with a line break (qeval ends every record
 * with one) and every record has the header's number of cells, so a shard cut short is refused,
 * not merged as a short row. Throws QevalError MERGE_CUT or MERGE_WIDTH naming the record's line.
 */
export function csvShard(shard: ShardText): CsvShard {
  const text = shard.text.replace(/^\ufeff/, '');
  const [header = '', ...records] = csvRecords(text);
  const lines: number[] = [];
  let line = 1 + countLineBreaks(header) + 1;
  for (const r of records) {
    lines.push(line);
    line += 1 + countLineBreaks(r);
  }
  if (text !== '' && !text.endsWith('\r\n')) {
    throw new QevalError('MERGE_CUT', 'the file ends in the middle of this row (no line break after it): the shard was cut short; write it again', { file: shard.file, line: lines[lines.length - 1] ?? 1 });
  }
  const width = csvCells(header).length;
  records.forEach((r, i) => {
    const cells = csvCells(r).length;
    if (cells !== width) throw new QevalError('MERGE_WIDTH', `this row has ${cells} cells but the header has ${width}: the shard is damaged or cut short; write it again`, { file: shard.file, line: lines[i] });
  });
  return { header, records, lines };
}

/** The records of NDJSON text: its lines less blank ones, a line's ending CR dropped (a shard saved with Windows line ends). */
const ndjsonLines = (text: string): string[] => text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');

const countLineBreaks = (record: string) => record.split('\n').length - 1;

/** The cells of one raw CSV record. */
export function csvCells(record: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= record.length) {
    if (record[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) { value += record.slice(i); i = record.length; break; }
        value += record.slice(i, q);
        if (record[q + 1] === '"') { value += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      cells.push(value);
      i++; // the comma
    } else {
      const comma = record.indexOf(',', i);
      const end = comma < 0 ? record.length : comma;
      cells.push(record.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}

/** A document's run of records in one shard. */
interface Block {
  document: string;
  records: string[];
  file: string;
}

/** Orders blocks by document id; the same document in two shards is an error (shards must not overlap). */
function orderBlocks(blocks: Block[]): Block[] {
  blocks.sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i]!.document === blocks[i - 1]!.document) {
      throw new QevalError('MERGE_OVERLAP', `document "${blocks[i]!.document}" is in two shards (also in ${blocks[i - 1]!.file}); merge the outputs of disjoint --shard runs`, { file: blocks[i]!.file });
    }
  }
  return blocks;
}

function runs(file: string, items: { document: string; record: string }[]): Block[] {
  const blocks: Block[] = [];
  for (const item of items) {
    const last = blocks[blocks.length - 1];
    if (last && last.document === item.document) last.records.push(item.record);
    else blocks.push({ document: item.document, records: [item.record], file });
  }
  return blocks;
}

/**
 * Segment shards in one format -> the pieces of the merged output, as `qeval code` writes them for
 * all the documents at once (segments of a document stay in their shard's order). Throws
 * QevalError MERGE_HEADER when CSV headers differ, MERGE_OVERLAP when a document is in two shards.
 */
export function* mergeSegmentShards(shards: readonly ShardText[], format: ShardFormat): Generator<string> {
  const blocks: Block[] = [];
  for (const shard of shards) {
    if (format === 'csv') {
      const { header, records } = csvShard(shard);
      if (header !== SEGMENT_FIELDS.join(',')) throw new QevalError('MERGE_HEADER', 'this CSV does not have the segments header', { file: shard.file, line: 1, column: 1 });
      pushAll(blocks, runs(shard.file, records.map((record) => ({ document: unguardCell(csvCells(record)[0] ?? ''), record }))));
    } else if (format === 'ndjson') {
      const lines = ndjsonLines(shard.text);
      pushAll(blocks, runs(shard.file, lines.map((line, i) => ({ document: String((parseJsonLine(shard, line, i + 1) as CodedSegment).document), record: line }))));
    } else {
      const items = parseJson(shard) as CodedSegment[];
      pushAll(blocks, runs(shard.file, items.map((s) => ({ document: String(s.document), record: segmentStreamFormats.json.body([s], {}) }))));
    }
  }
  orderBlocks(blocks);
  const excel = shards.some((s) => s.text.startsWith('\ufeff'));
  if (format === 'csv') {
    yield segmentStreamFormats.csv.head({ excel });
    for (const b of blocks) yield b.records.map((r) => `${r}\r\n`).join('');
  } else if (format === 'ndjson') {
    for (const b of blocks) yield b.records.map((r) => `${r}\n`).join('');
  } else {
    yield '[';
    let first = true;
    for (const b of blocks) {
      yield (first ? '' : ',') + b.records.join(',');
      first = false;
    }
    yield segmentStreamFormats.json.tail(blocks.length > 0);
  }
}

/**
 * CSV score shards -> the merged ranking: rows re-ranked by the column the header's `rank:<sort>`
 * names (the rows themselves unchanged). Rows of one group in two shards cannot be added up from
 * CSV (it lacks sub-code counts): QevalError MERGE_GROUPS_CSV says to score with -f ndjson.
 */
export function* mergeScoreCsv(shards: readonly ShardText[]): Generator<string> {
  let header: string | undefined;
  const rows: { key: string; rank: number | null; value: number | null; rest: string; file: string }[] = [];
  for (const shard of shards) {
    const { header: head, records } = csvShard(shard);
    if (header === undefined) header = head;
    else if (head !== header) throw new QevalError('MERGE_HEADER', 'this CSV\'s header differs from the first shard\'s (other codebook, --sort or --by?)', { file: shard.file, line: 1, column: 1 });
    const names = csvCells(head ?? '');
    const sort = /^rank:([^:]+)/.exec(names[0] ?? '')?.[1];
    const column = sort === undefined ? -1 : names.findIndex((n) => n === `index:${sort}` || n === `density:${sort}`);
    for (const record of records) {
      const cells = csvCells(record);
      const cell = column >= 0 ? cells[column] ?? '' : '';
      rows.push({ key: unguardCell(cells[1] ?? ''), rank: 0, value: cell === '' ? null : Number(cell), rest: record.slice(record.indexOf(',') + 1), file: shard.file });
    }
  }
  const names = csvCells(header ?? '');
  const seen = new Map<string, string>();
  for (const r of rows) {
    const other = seen.get(r.key);
    if (other !== undefined) {
      if (names[1] === 'document') throw new QevalError('MERGE_OVERLAP', `document "${r.key}" is in two shards (also in ${other}); merge the outputs of disjoint --shard runs`, { file: r.file });
      throw new QevalError('MERGE_GROUPS_CSV', `group "${r.key}" is in two shards; CSV rows cannot be added up: score the shards with -f ndjson and merge those`, { file: r.file });
    }
    seen.set(r.key, r.file);
  }
  rankRows(rows, /^rank:/.test(names[0] ?? '') ? (r) => r.value : undefined, /:asc$/.test(names[0] ?? ''));
  yield `${shards.some((s) => s.text.startsWith('\ufeff')) ? '\ufeff' : ''}${header}\r\n`;
  for (const r of rows) yield `${r.rank ?? ''},${r.rest}\r\n`;
}

/**
 * NDJSON/JSON score shards -> the merged ranking, recomputed from each row's measures with
 * `scheme` (rows of one group in several shards are added up first). Throws QevalError MERGE_MIXED
 * when shards were ranked or grouped differently.
 */
export function* mergeScoreJson(shards: readonly ShardText[], format: 'ndjson' | 'json', scheme: ScoreScheme, flagLabels: Map<string, string>, excel: boolean): Generator<string> {
  let by: string | undefined;
  let rankBy: string | null | undefined;
  const rows = new Map<string, ScoreRow>();
  // Each document of a group row and the shard that held it: a document in two shards would be counted twice.
  const memberOf = new Map<string, string>();
  for (const shard of shards) {
    const items = format === 'json' ? parseJson(shard) : ndjsonLines(shard.text).map((l, i) => parseJsonLine(shard, l, i + 1));
    for (const item of items as Record<string, unknown>[]) {
      const itemBy = typeof item.by === 'string' ? item.by : undefined;
      const itemRank = (item.rank_by ?? null) as string | null;
      if (rankBy === undefined) { by = itemBy; rankBy = itemRank; }
      if (itemBy !== by || itemRank !== rankBy) throw new QevalError('MERGE_MIXED', `shards were scored with different --by or --sort (${itemBy ?? 'documents'}, ${itemRank ?? 'unranked'} here; ${by ?? 'documents'}, ${rankBy ?? 'unranked'} before)`, { file: shard.file });
      const key = String(by === undefined ? item.document : item.group);
      const measures: ScoreMeasures = {
        documents: Number(item.documents ?? 1),
        pages: Number(item.pages),
        words: Number(item.words),
        units: Number(item.units),
        segments: Number(item.segments),
        counts: { ...(item.all_counts as Record<string, number>) },
      };
      const derived = deriveScores(scheme, measures);
      checkIndices(shard, key, item.indices, derived.indices);
      checkFlags(shard, key, item.flags, derived.flags);
      const members = by === undefined ? undefined : groupMembers(shard, key, item, memberOf);
      const row = rows.get(key);
      if (row && by === undefined) throw new QevalError('MERGE_OVERLAP', `document "${key}" is in two shards; merge the outputs of disjoint --shard runs`, { file: shard.file });
      if (row) {
        addMeasures(row.measures, measures);
        pushAll(row.members!, members!);
      } else rows.set(key, { key, title: String(item.title ?? ''), language: String(item.language ?? ''), measures, rank: 0, members });
    }
  }
  const sort = rankBy ? rankBy.replace(/:asc$/, '') : undefined;
  const ascending = Boolean(rankBy && rankBy.endsWith(':asc'));
  const list = [...rows.values()];
  rankRows(list, sort === undefined ? undefined : (r) => sortValue(scheme, sort, deriveScores(scheme, r.measures)), ascending);
  const options: ScoreFormatOptions = { scheme, flagLabels, sort, ascending, by, excel };
  yield* scoreChunks(format, list, options);
}

/**
 * A group row's documents (`document_ids`), each noted in `memberOf` with its shard. Throws QevalError
 * MERGE_OVERLAP when a document was already in a shard's group row (shards that overlap: its counts
 * would be added twice), and MERGE_GROUP_IDS when the row does not list its documents or their number
 * is not its `documents` count.
 */
function groupMembers(shard: ShardText, key: string, item: Record<string, unknown>, memberOf: Map<string, string>): string[] {
  const ids = item.document_ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string') || ids.length !== Number(item.documents)) {
    throw new QevalError('MERGE_GROUP_IDS', `group "${key}" does not list its ${counted(Number(item.documents), 'document')} in "document_ids": a merge could not tell whether shards overlap; score the shards again with this qeval`, { file: shard.file });
  }
  for (const id of ids as string[]) {
    const other = memberOf.get(id);
    if (other !== undefined) throw new QevalError('MERGE_OVERLAP', `document "${id}" (group "${key}") is in two shards (also in ${other}); its counts would be added twice: merge the outputs of disjoint --shard runs`, { file: shard.file });
    memberOf.set(id, shard.file);
  }
  return ids as string[];
}

/**
 * A score row's indices as its shard wrote them must be what the merge's codebooks give for the row's
 * own counts: otherwise the shards were scored with other codebooks, and recomputing the added-up
 * rows with these would rank them wrongly. Throws QevalError MERGE_CODEBOOK naming the row and the
 * first index that differs.
 */
function checkIndices(shard: ShardText, key: string, written: unknown, derived: Record<string, number | null>): void {
  const given = (typeof written === 'object' && written !== null ? written : {}) as Record<string, unknown>;
  const ids = [...new Set([...Object.keys(given), ...Object.keys(derived)])].sort();
  const differs = ids.find((id) => (given[id] ?? null) !== (derived[id] ?? null));
  if (differs === undefined) return;
  const said = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  throw new QevalError('MERGE_CODEBOOK', `row "${key}": index "${differs}" is ${said(given[differs])} in the shard but ${said(derived[differs])} with the codebooks merge recomputes with: the shards were scored with other codebooks; give them with -c`, { file: shard.file });
}

/**
 * Throws QevalError MERGE_CODEBOOK when a row's flags (ids) differ from those the merge's codebooks
 * give its measures: other thresholds or `min_words`, which the indices do not show.
 */
function checkFlags(shard: ShardText, key: string, written: unknown, derived: readonly string[]): void {
  if (!Array.isArray(written)) return;
  const given = [...written].map(String).sort();
  const mine = [...derived].sort();
  if (given.join('\u0000') === mine.join('\u0000')) return;
  const list = (f: readonly string[]) => (f.length === 0 ? 'none' : f.join(', '));
  throw new QevalError('MERGE_CODEBOOK', `row "${key}": flags ${list(given)} in the shard but ${list(mine)} with the codebooks merge recomputes with: the shards were scored with other codebooks (other thresholds or min_words); give them with -c`, { file: shard.file });
}

/**
 * The document ids a shard file holds, in file order (repeats kept), read from the segments'
 * `document` field, the score rows' `document` column or, for JSON rows grouped with `--by`, their
 * `document_ids`; `undefined` for score rows that name no document (a CSV grouped with `--by`).
 * Throws what parsing the file throws (QevalError MERGE_JSON).
 */
export function shardDocuments(shard: ShardText, format: ShardFormat, kind: ShardKind): string[] | undefined {
  const text = shard.text.replace(/^\ufeff/, '');
  if (format === 'csv') {
    const { header, records } = csvShard(shard);
    const column = kind === 'segments' ? 0 : 1;
    if (kind === 'scores' && csvCells(header ?? '')[1] !== 'document') return undefined;
    // The ids as written before the formula guard (`'+x.md` is the document `+x.md`).
    return records.map((r) => unguardCell(csvCells(r)[column] ?? ''));
  }
  const items = (format === 'json' ? parseJson(shard) : ndjsonLines(text).map((l, i) => parseJsonLine(shard, l, i + 1))) as Record<string, unknown>[];
  if (kind === 'scores' && items.some((item) => !('document' in item))) {
    const listed = items.every((item) => Array.isArray(item.document_ids));
    return listed ? items.flatMap((item) => (item.document_ids as unknown[]).map(String)) : undefined;
  }
  return items.map((item) => String(item.document));
}


/** One file of a merge and the document ids it holds (`undefined`: rows that name no document). */
export interface ShardClaim {
  file: string;
  documents: readonly string[] | undefined;
}

const listed = (xs: readonly number[]) => (xs.length === 1 ? String(xs[0]) : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * The ids a document's shard may have been drawn from: `--shard` splits files, so a survey row,
 * `<file>#<respondent>`, is in its file's shard; any other document is in its own (a `#` may be part
 * of a file name, so both are tried).
 */
function shardKeys(id: string): string[] {
  const keys = [id];
  for (let i = id.indexOf('#'); i > 0; i = id.indexOf('#', i + 1)) keys.push(id.slice(0, i));
  return keys;
}

type ShardOf = (id: string, n: number) => number;

/** The smallest shard of n that every document of `ids` fits, or undefined (stops at the first document that fits none). */
function commonShard(ids: Iterable<string>, n: number, shardOf: ShardOf): number | undefined {
  let common: Set<number> | undefined;
  for (const id of ids) {
    const fits = new Set(shardKeys(id).map((key) => shardOf(key, n)));
    common = common === undefined ? fits : new Set([...common].filter((k) => fits.has(k)));
    if (common.size === 0) return undefined;
  }
  return common === undefined ? undefined : Math.min(...common);
}

/** For a file whose documents fit no one shard: the shard most of them fit and the shard of one that does not. */
function twoShards(ids: Iterable<string>, n: number, shardOf: ShardOf): [number, number] {
  const docs = [...ids].map((id) => shardKeys(id).map((key) => shardOf(key, n)));
  const votes = new Map<number, number>();
  for (const fits of docs) for (const k of new Set(fits)) votes.set(k, (votes.get(k) ?? 0) + 1);
  const best = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const misfit = docs.find((fits) => !fits.includes(best))!;
  return [best, misfit[misfit.length - 1]!];
}

/**
 * Checks that `files` are the complete set of shards of one `--shard K/N` run, with `n` shards
 * (by `shardOf(id, n)`, 1..n, of each document's file; see shardKeys): every document of a file
 * falls in one shard, no shard comes from two files, and every shard 1..n has a file. A file
 * without documents (a header-only shard) cannot name its shard and stands for any one shard the
 * others leave unclaimed. Files whose documents are `undefined` count as such empty files (pass
 * them only when their shard cannot be told). Returns the shard of each file (undefined for empty
 * ones). Throws QevalError MERGE_SHARD_COUNT (more files than n), MERGE_SHARD_MIXED (a file holds
 * documents of two shards), MERGE_SHARD_TWICE (two files hold one shard) or MERGE_SHARD_MISSING
 * (a shard has no file).
 */
export function checkShardSet(files: readonly ShardClaim[], n: number, shardOf: ShardOf): (number | undefined)[] {
  if (files.length > n) throw new QevalError('MERGE_SHARD_COUNT', `${files.length} files given for --shards ${n}: give one file per shard`);
  const owner = new Map<number, string>();
  const result: (number | undefined)[] = [];
  for (const f of files) {
    const ids = new Set(f.documents ?? []);
    const k = ids.size === 0 ? undefined : commonShard(ids, n, shardOf);
    if (ids.size > 0 && k === undefined) {
      const pair = twoShards(ids, n, shardOf).sort((a, b) => a - b);
      throw new QevalError('MERGE_SHARD_MIXED', `holds documents of shards ${listed(pair)} of ${n}: not the output of one --shard run of ${n}`, { file: f.file });
    }
    if (k !== undefined) {
      const other = owner.get(k);
      if (other !== undefined) throw new QevalError('MERGE_SHARD_TWICE', `holds shard ${k} of ${n}, as does ${other}: a shard given twice; give each shard's file once`, { file: f.file });
      owner.set(k, f.file);
    }
    result.push(k);
  }
  const unclaimed = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !owner.has(k));
  const empty = files.length - owner.size;
  if (unclaimed.length > empty) {
    const missing = unclaimed.length - empty;
    if (empty === 0) throw new QevalError('MERGE_SHARD_MISSING', `${unclaimed.length === 1 ? 'shard' : 'shards'} ${listed(unclaimed)} of ${n} ${unclaimed.length === 1 ? 'is' : 'are'} missing: give every shard's file`);
    throw new QevalError('MERGE_SHARD_MISSING', `no file holds documents of shards ${listed(unclaimed)} of ${n} and only ${counted(empty, 'file')} ${agree(empty, 'holds', 'hold')} none, so ${counted(missing, 'shard')} of ${n} ${missing === 1 ? 'is' : 'are'} missing: give every shard's file`);
  }
  return result;
}

/**
 * When `files` are not a complete set of `files.length` shards: the smallest larger shard count m
 * (up to max(64, 4 × files)) they fit as distinct shards of one run, if the evidence is strong (at
 * least 3 documents beyond one per file, so that an m fitting by chance is unlikely). Used to name a
 * missing shard in terms of the run that wrote the files; undefined when none fits.
 */
export function likelyShardCount(files: readonly ShardClaim[], shardOf: ShardOf): number | undefined {
  const distinct = files.map((f) => [...new Set(f.documents ?? [])]).filter((ids) => ids.length > 0);
  const evidence = distinct.reduce((sum, ids) => sum + ids.length - 1, 0);
  if (evidence < 3) return undefined;
  const limit = Math.max(64, 4 * files.length);
  candidates: for (let m = files.length + 1; m <= limit; m++) {
    const owners = new Set<number>();
    for (const ids of distinct) {
      const k = commonShard(ids, m, shardOf);
      if (k === undefined || owners.has(k)) continue candidates;
      owners.add(k);
    }
    return m;
  }
  return undefined;
}
