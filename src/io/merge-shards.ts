// Joins the outputs of sharded runs (`--shard K/N`): segment files by document, score files re-ranked (groups added up), each as the unsharded run would write it.
import { addMeasures, deriveScores, rankRows, sortValue, type ScoreMeasures, type ScoreRow, type ScoreScheme } from '../aggregate/scores.js';
import { QevalError } from '../model/errors.js';
import { SEGMENT_FIELDS, segmentStreamFormats } from '../render/segments.js';
import { scoreChunks, type ScoreFormatOptions } from '../render/scores.js';
import type { CodedSegment } from '../model/types.js';

/** One shard file as read: its name (for messages) and text (BOM kept). */
export interface ShardText {
  file: string;
  text: string;
}

export type ShardFormat = 'csv' | 'ndjson' | 'json';
export type ShardKind = 'segments' | 'scores';

/** A shard's format and kind, from its content. Throws QevalError MERGE_UNKNOWN naming the file. */
export function shardKind(shard: ShardText): { format: ShardFormat; kind: ShardKind } {
  const text = shard.text.replace(/^\ufeff/, '');
  const unknown = () => new QevalError('MERGE_UNKNOWN', 'not a segments or scores file written by qeval code or qeval score (csv, ndjson or json)', { file: shard.file, line: 1, column: 1 });
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const format: ShardFormat = trimmed.startsWith('[') ? 'json' : 'ndjson';
    const first = format === 'json' ? parseJson(shard)[0] : parseJsonLine(shard, text.split('\n')[0] ?? '', 1);
    if (first === undefined) return { format, kind: 'segments' };
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
  try {
    const data: unknown = JSON.parse(shard.text.replace(/^\ufeff/, ''));
    if (!Array.isArray(data)) throw new Error('expected an array');
    return data;
  } catch (e) {
    throw new QevalError('MERGE_JSON', `not valid JSON (${(e as Error).message.split('\n')[0]})`, { file: shard.file });
  }
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
      const [header, ...records] = csvRecords(shard.text.replace(/^\ufeff/, ''));
      if (header !== SEGMENT_FIELDS.join(',')) throw new QevalError('MERGE_HEADER', 'this CSV does not have the segments header', { file: shard.file, line: 1, column: 1 });
      blocks.push(...runs(shard.file, records.map((record) => ({ document: csvCells(record)[0] ?? '', record }))));
    } else if (format === 'ndjson') {
      const lines = shard.text.split('\n').filter((l) => l.trim() !== '');
      blocks.push(...runs(shard.file, lines.map((line, i) => ({ document: String((parseJsonLine(shard, line, i + 1) as CodedSegment).document), record: line }))));
    } else {
      const items = parseJson(shard) as CodedSegment[];
      blocks.push(...runs(shard.file, items.map((s) => ({ document: String(s.document), record: segmentStreamFormats.json.body([s], {}) }))));
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
  const rows: { key: string; rank: number; value: number | null; rest: string; file: string }[] = [];
  for (const shard of shards) {
    const [head, ...records] = csvRecords(shard.text.replace(/^\ufeff/, ''));
    if (header === undefined) header = head;
    else if (head !== header) throw new QevalError('MERGE_HEADER', 'this CSV\'s header differs from the first shard\'s (other codebook, --sort or --by?)', { file: shard.file, line: 1, column: 1 });
    const names = csvCells(head ?? '');
    const sort = /^rank:([^:]+)/.exec(names[0] ?? '')?.[1];
    const column = sort === undefined ? -1 : names.findIndex((n) => n === `index:${sort}` || n === `density:${sort}`);
    for (const record of records) {
      const cells = csvCells(record);
      const cell = column >= 0 ? cells[column] ?? '' : '';
      rows.push({ key: cells[1] ?? '', rank: 0, value: cell === '' ? null : Number(cell), rest: record.slice(record.indexOf(',') + 1), file: shard.file });
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
  rankRows(rows, (r) => r.value, /:asc$/.test(names[0] ?? ''));
  yield `${shards.some((s) => s.text.startsWith('\ufeff')) ? '\ufeff' : ''}${header}\r\n`;
  for (const r of rows) yield `${r.rank},${r.rest}\r\n`;
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
  for (const shard of shards) {
    const items = format === 'json' ? parseJson(shard) : shard.text.split('\n').filter((l) => l.trim() !== '').map((l, i) => parseJsonLine(shard, l, i + 1));
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
      const row = rows.get(key);
      if (row && by === undefined) throw new QevalError('MERGE_OVERLAP', `document "${key}" is in two shards; merge the outputs of disjoint --shard runs`, { file: shard.file });
      if (row) addMeasures(row.measures, measures);
      else rows.set(key, { key, title: String(item.title ?? ''), language: String(item.language ?? ''), measures, rank: 0 });
    }
  }
  const sort = rankBy ? rankBy.replace(/:asc$/, '') : undefined;
  const ascending = Boolean(rankBy && rankBy.endsWith(':asc'));
  const list = [...rows.values()];
  rankRows(list, (r) => sortValue(scheme, sort, deriveScores(scheme, r.measures)), ascending);
  const options: ScoreFormatOptions = { scheme, flagLabels, sort, ascending, by, excel };
  yield* scoreChunks(format, list, options);
}
