// `qeval merge`: joins the outputs of `--shard K/N` runs into the output of one unsharded run.
import { agree, counted, noneCouldBeRead } from '../../model/words.js';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { scoreScheme } from '../../aggregate/scores.js';
import { Option } from 'commander';
import { checkShardSet, likelyShardCount, mergeScoreCsv, mergeScoreJson, mergeSegmentShards, shardDocuments, shardKind, type ShardClaim, type ShardFormat, type ShardKind, type ShardText } from '../../io/merge-shards.js';
import { shardOf } from '../../io/analysis-run.js';
import { atomicFileSink, streamSink, writeFileAtomic } from '../../io/write.js';
import { createHash } from 'node:crypto';
import { checkStampSet, checkStampSettings, describeCodebooks, readStamp, stampPath, type StampedShard } from '../../io/shard-stamp.js';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { toCsv } from '../../render/csv.js';
import { csvCells, csvRecords } from '../../io/merge-shards.js';
import { allowFailuresOption, isRegularOutput } from '../failures.js';
import { codebookFilesOf } from '../batch.js';
import { QevalError } from '../../model/errors.js';
import type { CommandModule } from '../context.js';
import { codebookOption, loadCodebooks, outputOption } from '../options.js';

export const mergeCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('merge')
      .description('join segment or score files of --shard runs into what one unsharded run writes')
      .argument('<files...>', 'outputs of qeval code or qeval score --shard K/N, all in one format (csv, ndjson or json)')
      .addOption(codebookOption())
      .addOption(outputOption())
      .addOption(new Option('--shards <n>', 'the number of shards of the run (default: the number of files); every shard 1..n must be given'))
      .addOption(new Option('--unchecked', 'join files that are not the shards of one run (e.g. of two folders): no shard check'))
      .addOption(allowFailuresOption())
      .addHelpText('after', `
Examples:
  $ qeval code corpus/ --shard 1/2 -o part-1.csv && qeval code corpus/ --shard 2/2 -o part-2.csv
  $ qeval merge part-1.csv part-2.csv -o segments.csv
  $ qeval merge scores-*.ndjson -o scores.ndjson     # groups (--by) split over shards are added up

Segments are joined by document id; score rows are ranked again (CSV rows by the rank:<index>
column of the header; NDJSON/JSON rows recomputed from their counts with the codebook, -c, which
must be the one the shards were scored with).

The files must be every shard of one --shard K/N run: each file's documents all fall in one shard
(the same hash --shard uses), no shard twice, none missing (a file without documents stands for a
shard without any). N is the number of files unless --shards N says it. Score files grouped with
--by name groups, not documents: those are checked by their stamps (below), and without stamps
only their number is checked (against --shards), with a warning.

A --shard run with -o FILE leaves a stamp beside FILE (.FILE.qeval-shard): the shard, the SHA-256
of FILE and the run's settings (qeval version, codebooks and models by SHA-256, options). Merge
refuses shards whose stamps differ, or whose file changed after its run, and checks grouped score
files by their stamps; it warns about files without one. --unchecked skips these checks (documents
in two files are still refused).`)
      .action(async (named: string[], flags: { codebook?: string[]; output?: string; shards?: string; unchecked?: boolean; allowFailures?: boolean }) => {
        const output = flags.output === undefined || flags.output === '-' ? undefined : path.resolve(ctx.io.cwd, flags.output);
        // -o must be none of the inputs, their failures lists or their stamps, whatever path names them (links, ..).
        const outputId = output === undefined ? undefined : fileIdentity(output);
        // Failures lists are read beside their shards, never as shards: `out/seg-*.csv` matches them too,
        // also those of shards of another format in the same folder (`seg-2.ndjson.failures.csv`).
        const isFailuresList = (f: string) => f.endsWith('.failures.csv') && (named.includes(f.slice(0, -'.failures.csv'.length)) || existsSync(path.resolve(ctx.io.cwd, f.slice(0, -'.failures.csv'.length))));
        const files = named.filter((f) => !isFailuresList(f));
        if (files.length === 0) throw new QevalError('MERGE_NO_SHARDS', 'no shard file given: failures lists (.failures.csv) are read beside their shards, not as shards; give the shards\' files');
        let n: number | undefined;
        if (flags.shards !== undefined) {
          if (flags.unchecked) throw new QevalError('BAD_OPTION', '--shards and --unchecked contradict each other: give one');
          n = /^\d+$/.test(flags.shards.trim()) ? Number(flags.shards) : 0;
          if (n < 1) throw new QevalError('BAD_OPTION', `--shards takes the number of shards (1 or more), not "${flags.shards}"`);
        }
        const shards: ShardText[] = [];
        const stamped: StampedShard[] = [];
        const given = new Map<string, string>();
        for (const f of files) {
          const abs = path.resolve(ctx.io.cwd, f);
          const twice = given.get(abs);
          if (twice !== undefined) throw new QevalError('MERGE_GIVEN_TWICE', `given twice${twice === f ? '' : ` (as ${twice} too)`}; give each shard's file once`, { file: f });
          if (outputId !== undefined && [abs, `${abs}.failures.csv`, stampPath(abs)].some((x) => fileIdentity(x) === outputId)) {
            throw new QevalError('MERGE_OUTPUT_IS_INPUT', `-o ${flags.output} is one of the files to merge (or its failures list or stamp): write the merged output to another file`, { file: f });
          }
          const info = statSync(abs, { throwIfNoEntry: false });
          if (info?.isDirectory()) throw new QevalError('MERGE_FOLDER', "a folder: give the shards' files (e.g. out/seg-*.csv)", { file: f });
          // /dev/null would stand in for a shard as an empty one, and a whole shard would be lost unnoticed.
          if (info && !info.isFile()) throw new QevalError('NOT_A_FILE', "not a regular file (a device, pipe or socket); give the shards' files", { file: f });
          given.set(abs, f);
          const bytes = await readFile(path.resolve(ctx.io.cwd, f)).catch(() => {
            throw new QevalError('NOT_FOUND', 'no such file', { file: f });
          });
          // Read as written (UTF-8, CRLF in CSV, BOM kept): records are joined byte for byte.
          shards.push({ file: f, text: bytes.toString('utf8') });
          // The stamp a --shard run left beside its file (what it was made with), unless the files are joined unchecked.
          const stamp = flags.unchecked ? undefined : await readStamp(abs, f);
          stamped.push({ file: f, sha256: createHash('sha256').update(bytes).digest('hex'), ...(stamp ? { stamp } : {}) });
        }
        // The same shard copied under two names: the same bytes, records in them (header-only shards of an empty shard may be alike).
        const byText = new Map<string, string>();
        for (const shard of shards) {
          if (!hasRecords(shard)) continue;
          const same = byText.get(shard.text);
          if (same !== undefined) throw new QevalError('MERGE_GIVEN_TWICE', `given twice: its bytes are those of ${same}; give each shard's file once`, { file: shard.file });
          byText.set(shard.text, shard.file);
        }
        const kinds = shards.map(shardKind);
        // Files without records (empty NDJSON, `[]`) fit any kind: the first file with records decides.
        const { format, kind } = kinds.find((k) => !k.empty) ?? kinds[0]!;
        kinds.forEach((k, i) => {
          if (k.format !== format || (!k.empty && k.kind !== kind)) throw new QevalError('MERGE_MIXED', `this is a ${k.kind} ${k.format} file, the first is a ${kind} ${format} file; merge one kind and format at a time`, { file: shards[i]!.file });
        });
        if (flags.output !== undefined && flags.output !== '-') checkOutputExtension(flags.output, format);
        // CSV shards with and without --excel's BOM would give a file with one only where the first shard has it.
        if (format === 'csv') {
          const bom = shards[0]!.text.startsWith('\ufeff');
          const other = shards.find((sh) => sh.text.startsWith('\ufeff') !== bom);
          if (other) throw new QevalError('MERGE_MIXED', `${bom ? 'has no' : 'starts with a'} byte order mark (--excel), ${shards[0]!.file} ${bom ? 'has one' : 'has none'}: make every shard with or every shard without --excel`, { file: other.file });
        }
        const failed = await readShardFailures(ctx.io.cwd, stamped);
        // Warnings are written once the merged output is, so that a refusal found while joining stands alone.
        const warnings: string[] = [];
        if (!flags.unchecked) {
          warnings.push(...checkStampSettings(stamped));
          checkStampSet(stamped, n);
          checkShards(shards.map((s, i) => ({ ...s, ...stamped[i]! })), format, kind, n, (m) => warnings.push(m));
        }
        // No shard's run read a document, and some could not read theirs: as one run over all the
        // files, nothing is written; the files are named and the run fails (--allow-failures aside).
        const failedCount = failed.rows.length + failed.unlisted;
        if (failedCount > 0 && stamped.every((sh) => sh.stamp?.documents === 0)) {
          sayFailures(ctx.io, failed, true);
          throw new QevalError('NO_DOCUMENTS_READ', noneCouldBeRead(failedCount));
        }
        let chunks: Iterable<string>;
        if (kind === 'segments') chunks = mergeSegmentShards(shards, format);
        else if (format === 'csv') chunks = mergeScoreCsv(shards);
        else {
          const codebooks = await loadCodebooks(ctx.io, flags.codebook);
          // The scores are recomputed with the codebook: it must be the one the shards were scored with.
          const stamp = stamped.find((sh) => sh.stamp)?.stamp;
          if (stamp && stamp.settings.codebooks !== undefined) {
            const mine = await describeCodebooks(codebookFilesOf(ctx.io, flags.codebook), codebooks);
            if (mine !== stamp.settings.codebooks) {
              throw new QevalError('MERGE_CODEBOOK', `the shards were scored with ${stamp.settings.codebooks}, but merge would recompute their scores with ${mine}: give the shards' codebooks with -c`);
            }
          }
          const scheme = scoreScheme(codebooks);
          chunks = mergeScoreJson(shards, format, scheme, new Map(scheme.flags.map((f) => [f.id, f.label])), false);
        }
        const sink = flags.output === undefined || flags.output === '-' ? streamSink(ctx.io.stdout) : await atomicFileSink(path.resolve(ctx.io.cwd, flags.output));
        try {
          for (const chunk of chunks) await sink.write(chunk);
          await sink.commit();
        } catch (e) {
          await sink.abort();
          throw e;
        }
        // The merged output is not a shard: a stamp an earlier shard run left beside it goes.
        if (output !== undefined) await rm(stampPath(output), { force: true });
        for (const m of warnings) ctx.io.stderr.write(`qeval: warning: ${m}\n`);
        ctx.setStatus(await carryFailures(ctx.io, failed, output, flags.allowFailures, format === 'csv' && shards[0]!.text.startsWith('\ufeff')));
      });
  },
};

/** True when a shard holds a record beyond a CSV header (a file of an empty shard holds none). */
function hasRecords(shard: ShardText): boolean {
  const text = shard.text.replace(/^\ufeff/, '').trim();
  if (text === '' || text === '[]') return false;
  return text.startsWith('[') || text.startsWith('{') || text.includes('\n');
}

const EXTENSIONS: Readonly<Record<string, ShardFormat>> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.json': 'json' };

/**
 * Merge writes the shards' format: an -o whose extension names another format (m.ndjson for CSV
 * shards) is refused rather than filled with CSV. Other extensions, or none, are left to the user.
 */
function checkOutputExtension(output: string, format: ShardFormat): void {
  const named = EXTENSIONS[path.extname(output).toLowerCase()];
  if (named === undefined || named === format) return;
  throw new QevalError('MERGE_OUTPUT_FORMAT', `-o ${output}: the shards are ${format === 'csv' ? 'CSV' : format === 'json' ? 'JSON' : 'NDJSON'}; name the output .${format} or leave the extension out`);
}

/**
 * Refuses files that are not every shard of one run (see checkShardSet), in words that name the run
 * they seem to come from when their count is off. Score rows that name no document (written by a
 * qeval before group rows listed theirs): only their number is checked (against `n`), and `warn` says so. Throws QevalError MERGE_SHARD_*.
 */
function checkShards(shards: readonly (ShardText & StampedShard)[], format: ShardFormat, kind: ShardKind, n: number | undefined, warn: (message: string) => void): void {
  const claims: ShardClaim[] = shards.map((s) => ({ file: s.file, documents: shardDocuments(s, format, kind) }));
  const grouped = claims.find((c) => c.documents === undefined);
  if (grouped) {
    if (n !== undefined && shards.length !== n) throw new QevalError('MERGE_SHARD_COUNT', `${shards.length} files given for --shards ${n}: give one file per shard`);
    // Stamped shards are checked by their stamps (checkStampSet).
    if (shards.every((s) => s.stamp)) return;
    warn(`${grouped.file}: rows are --by groups, which name no document: cannot check that these ${shards.length} files are every shard of one run (${n === undefined ? 'say --shards N to check their number' : 'their number is right'}); make sure none is missing`);
    return;
  }
  if (n !== undefined) {
    checkShardSet(claims, n, shardOf);
    return;
  }
  try {
    checkShardSet(claims, shards.length, shardOf);
  } catch (e) {
    const m = likelyShardCount(claims, shardOf);
    if (m !== undefined) checkShardSet(claims, m, shardOf); // throws: the files fit m shards, so some are missing
    if (e instanceof QevalError) throw new QevalError(e.code, `${e.message} (N is the number of files given: state it with --shards N, or join files that are not the shards of one run with --unchecked)`, e.place);
    throw e;
  }
}

const FAILURE_FIELDS = ['file', 'line', 'code', 'message'];

/** The files the shards' runs could not read, as their lists give them (see readShardFailures). */
interface ShardFailures {
  rows: string[][];
  /** Failures a stamp counts whose list is not there. */
  unlisted: number;
  warnings: string[];
}

/**
 * The input files the shards' runs could not read: each shard's `<file>.failures.csv` (counted in its
 * stamp), read before anything is written. Throws QevalError MERGE_FAILURES naming a list that is not
 * one qeval wrote.
 */
async function readShardFailures(cwd: string, shards: readonly StampedShard[]): Promise<ShardFailures> {
  const found: ShardFailures = { rows: [], unlisted: 0, warnings: [] };
  for (const shard of shards) {
    const list = `${path.resolve(cwd, shard.file)}.failures.csv`;
    const stated = shard.stamp?.failures ?? 0;
    if (!existsSync(list)) {
      if (stated > 0) found.warnings.push(`${shard.file}: its run could not read ${stated} input file(s), but their list (${path.basename(list)}) is not beside it`);
      found.unlisted += stated;
      continue;
    }
    const [header = '', ...records] = csvRecords((await readFile(list, 'utf8')).replace(/^\ufeff/, ''));
    if (csvCells(header).join(',') !== FAILURE_FIELDS.join(',')) throw new QevalError('MERGE_FAILURES', `not a failures list qeval wrote (header ${FAILURE_FIELDS.join(',')} expected)`, { file: `${shard.file}.failures.csv`, line: 1 });
    for (const r of records) if (r !== '') found.rows.push(csvCells(r));
  }
  found.rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return found;
}

/**
 * After the merged output is written: the shards' failures as one run would give them: listed in
 * `<output>.failures.csv` (rows sorted by file, as files are read) when the output is a regular file,
 * or a stale such list removed; each file named on stderr when there is no list to look in; a
 * summary line; exit status 2 unless `allow`.
 */
/** Writes the shards' warnings about their failures lists, then (`rows`) each failure as the run that met it said it: `qeval: <file>[:<line>]: <message>`. */
function sayFailures(io: { stderr: { write(s: string): unknown } }, found: ShardFailures, rows: boolean): void {
  for (const w of found.warnings) io.stderr.write(`qeval: warning: ${w}\n`);
  if (rows) for (const [file = '', line = '', , message = ''] of found.rows) io.stderr.write(`qeval: ${file}${line ? `:${line}` : ''}: ${message}\n`);
}

async function carryFailures(io: { stderr: { write(s: string): unknown } }, found: ShardFailures, output: string | undefined, allow: boolean | undefined, excel: boolean): Promise<0 | 2> {
  const listed = output !== undefined && isRegularOutput(output);
  // Each file is named on stderr when there is no list to look in.
  sayFailures(io, found, !listed);
  if (listed) {
    const file = `${output}.failures.csv`;
    if (found.rows.length === 0) await rm(file, { force: true });
    // With a byte order mark beside a CSV made for Excel (--excel), as the shards' runs wrote theirs.
    else await writeFileAtomic(file, toCsv(FAILURE_FIELDS, found.rows, excel));
  }
  const total = found.rows.length + found.unlisted;
  if (total === 0) return 0;
  io.stderr.write(`qeval: ${counted(total, 'input file')} could not be read by the shards' runs and ${agree(total, 'was', 'were')} left out${listed && found.rows.length > 0 ? ` (${found.rows.length} listed in ${path.basename(output!)}.failures.csv)` : ''}${allow ? '' : '; exit status 2 (--allow-failures makes it 0)'}\n`);
  return allow ? 0 : 2;
}

/** A file's identity (device and inode), the same whatever path names it; its resolved path when it does not exist yet. */
function fileIdentity(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}` : path.resolve(file);
}
