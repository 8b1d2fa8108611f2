// Flags and plumbing the commands that code documents share (the analysis itself is src/io/analysis-run.ts): --jobs, --cache, --shard, --quiet, the file plan and the run with its progress bar.
import v8 from 'node:v8';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import type { SpeakerFilter } from '../codebook/types.js';
import type { AnalysisSettings, DocumentResult } from '../io/analysis.js';
import { defaultJobs, planAnalysis, runAnalysis, runDiagnostics, type AnalysisPlan, type AnalysisSummary } from '../io/analysis-run.js';
import { QevalError } from '../model/errors.js';
import type { CliIO } from './io.js';
import { readStdin } from './io.js';
import { BUNDLED_CODEBOOKS, DEFAULT_CODEBOOKS, loadCodebooks, parseUnit } from './options.js';
import { progressBar } from './progress-bar.js';
import { writeDiagnostics } from './diagnostics.js';
import { warnJobs } from './jobs.js';
import { existsSync } from 'node:fs';
import { runSettings, stampOutput, type RunSettings } from '../io/shard-stamp.js';
import { realPlace } from '../io/write.js';

export const jobsOption = () => new Option('-j, --jobs <n>', 'worker threads (default: the number of cores for inputs over 2 MB; 1 codes in this thread)').argParser(positiveInt('--jobs'));
export const cacheOption = () =>
  new Option('--cache <dir>', 'keep each file\'s result here; files whose bytes, attributes, codebook, model and options are unchanged are not coded again').argParser((value: string) => {
    if (value.trim() === '') throw new QevalError('BAD_OPTION', '--cache takes a folder, not an empty name');
    return value;
  });
export const shardOption = () => new Option('--shard <k/n>', 'analyse only the k-th of n stable shards of the input files (by a hash of the document id); join the outputs with qeval merge');
export const quietOption = () => new Option('-q, --quiet', 'no progress bar and no summary line on stderr');

function positiveInt(flag: string) {
  return (value: string) => {
    if (!/^[1-9]\d*$/.test(value)) throw new QevalError('BAD_OPTION', `${flag} takes a whole number of at least 1, not "${value}"`);
    return Number(value);
  };
}

/** The flags of a streaming run. */
export interface BatchFlags {
  codebook?: string[];
  unit?: string;
  attributes?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
  speakers?: string;
  interviewer?: string[];
  model?: string[] | false;
  jobs?: number;
  cache?: string;
  shard?: string;
  quiet?: boolean;
}

/** The most shards a run may be split in (far more than machines anyone runs it on). */
export const MAX_SHARDS = 100_000;

/** `k/n` -> {k, n} (1 ≤ k ≤ n ≤ MAX_SHARDS). Throws QevalError BAD_SHARD. */
export function parseShard(value: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n || n > MAX_SHARDS) throw new QevalError('BAD_SHARD', `--shard takes k/n with 1 ≤ k ≤ n ≤ ${MAX_SHARDS} (e.g. 2/8), not "${value}"`);
  return { k, n };
}

/** A streaming run as the CLI plans it (see planAnalysis). */
export type BatchPlan = AnalysisPlan & { jobs: number };

/** The codebook files of -c, or the bundled ones, as worker threads load them. */
export function codebookFilesOf(io: CliIO, files: string[] | undefined): { abs: string; display: string }[] {
  return files && files.length > 0
    ? files.map((f) => ({ abs: path.resolve(io.cwd, f), display: f }))
    : DEFAULT_CODEBOOKS.map((f) => path.join(BUNDLED_CODEBOOKS, f)).filter((f) => existsSync(f)).map((abs) => ({ abs, display: path.relative(io.cwd, abs) || abs }));
}

/**
 * Refuses a --shard run whose output qeval merge could not join, before anything is read: a table
 * (merge joins csv, ndjson and json), or scores grouped with --by as CSV (groups split over shards are
 * added up from ndjson or json rows only). Throws QevalError BAD_OPTION; nothing without --shard.
 */
export function refuseUnmergeableShard(shard: string | undefined, format: string, by?: string): void {
  if (shard === undefined) return;
  if (format === 'table') throw new QevalError('BAD_OPTION', '--shard writes a part for qeval merge, which joins csv, ndjson and json, not tables: give -f csv, ndjson or json');
  if (by !== undefined && format === 'csv') throw new QevalError('BAD_OPTION', '--shard with --by: qeval merge adds up the groups split over shards from ndjson or json rows, not from CSV: give -f ndjson or json');
}

/** Expands the inputs, keeps the shard's files, reads the attributes CSV, and fixes the settings every thread codes with; warns about files not read. */
export async function planBatch(io: CliIO, inputs: string[], flags: BatchFlags & { output?: string }, output: Pick<AnalysisSettings, 'segments' | 'scores'>): Promise<BatchPlan> {
  warnJobs(io, flags.jobs);
  // Checked before the cache folder is made: the output would fail on it and leave it behind. Compared
  // where they lead, so that a link to the other is the same path.
  if (flags.cache !== undefined && flags.output !== undefined && flags.output !== '-' && realPlace(path.resolve(io.cwd, flags.cache)) === realPlace(path.resolve(io.cwd, flags.output))) {
    throw new QevalError('BAD_OPTION', `--cache and -o name the same path (${flags.output}): the cache is a folder of its own, the output a file`);
  }
  const codebooks = await loadCodebooks(io, flags.codebook);
  const plan = await planAnalysis({
    inputs,
    cwd: io.cwd,
    root: flags.root,
    encoding: flags.encoding,
    openColumns: flags.openColumns,
    attributes: flags.attributes,
    stdin: inputs.includes('-') ? await readStdin(io) : undefined,
    codebooks,
    codebookFiles: codebookFilesOf(io, flags.codebook),
    model: flags.model,
    code: { unit: parseUnit(flags.unit), speakers: flags.speakers as SpeakerFilter | undefined, interviewerLabels: flags.interviewer },
    output,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    cache: flags.cache,
  });
  writeDiagnostics(io, plan.diagnostics);
  return { ...plan, jobs: defaultJobs(flags.jobs, plan.totalBytes) };
}

/**
 * A batch holds a few files' results at a time (its live heap is bounded), so the JavaScript heap
 * need not grow to several times that live size between full collections, as V8 lets it by default:
 * 1.3 times is enough. On 100 files of transcripts (5 MB, two threads) this took peak memory from
 * 430 to 335 MB for some 4% more processor time. V8 reads the setting at every collection, and it
 * holds for every thread of the process; where V8 refuses it, the default stays.
 */
function boundHeapGrowth(): void {
  try {
    v8.setFlagsFromString('--heap-growing-percent=30');
  } catch {
    // A runtime whose flags are frozen: the heap grows as V8 likes.
  }
}

/** What a run saw, for the summary line and warnings. */
export type BatchSummary = AnalysisSummary;

/**
 * Runs the plan, handing each document's result to `onDocument` in document order. Shows the
 * progress bar (stderr terminal only), writes each file's warnings about label-like lines as it
 * comes, and at the end the run's findings once (languages detected over all files, languages no
 * codebook has, models that coded nothing, attribute rows that named no document). A file that
 * cannot be read goes to `onFailure` and the run goes on (QevalError NO_DOCUMENTS_READ when no file
 * could be read); without `onFailure` its error is thrown. Throws the first other error (QevalError
 * DUPLICATE_DOCUMENT when two inputs give the same document id).
 */
export async function runBatch(io: CliIO, plan: BatchPlan, label: string, quiet: boolean | undefined, onDocument: (doc: DocumentResult) => Promise<void>, onFailure?: (error: QevalError, file: string) => void): Promise<BatchSummary> {
  boundHeapGrowth();
  const bar = await progressBar(io, label, plan.tasks.length, plan.totalBytes, quiet);
  let summary: AnalysisSummary;
  try {
    summary = await runAnalysis(plan, plan.jobs, {
      onDocument,
      onFailure,
      onFile: (file) => {
        writeDiagnostics(io, file.diagnostics ?? []);
        bar.tick(file.bytes, file.id);
      },
      onCoded: (file, bytes) => bar.coding(file, bytes),
    });
  } finally {
    bar.stop();
  }
  const found = runDiagnostics(plan, summary);
  writeDiagnostics(io, found.filter((d) => d.id !== 'ATTRIBUTES_UNMATCHED'));
  if (plan.settings.model && !plan.sharded) {
    for (const file of plan.settings.model) {
      const lang = await modelLanguage(path.resolve(io.cwd, file));
      if (lang !== undefined && !summary.coded.has(lang)) io.stderr.write(`qeval: warning: ${file}: the model is for documents in "${lang}" and coded none (the documents are in ${[...summary.coded].sort().join(', ') || 'no language'}); a model codes only documents of its codebook's language\n`);
    }
  }
  writeDiagnostics(io, found.filter((d) => d.id === 'ATTRIBUTES_UNMATCHED'));
  return summary;
}

/**
 * The language of a model file, read from its head (`qeval train` writes the codebook's name, version
 * and language first), without parsing the whole file; undefined when it is not there.
 */
async function modelLanguage(file: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return /"codebook":\s*\{[^}]*"language":\s*"([^"]+)"/.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1];
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * After `command` wrote its output to -o FILE: a --shard run in a format merge joins (csv, ndjson,
 * json) leaves its stamp beside FILE, recording the shard, the file's SHA-256 and the run's settings
 * (`output`: the command's output options), how many input files it could not read (`failures`) and
 * how many documents it read, so that `qeval merge` can refuse shards of different runs and carry
 * the failures over;
 * any other run into FILE removes a stamp left there. Nothing for standard output. Throws what
 * reading FILE or writing the stamp throws.
 */
export async function stampShard(io: CliIO, plan: BatchPlan, flags: BatchFlags & { output?: string }, command: 'code' | 'score', mergeable: boolean, counts: { failures: number; documents: number }, output: RunSettings): Promise<void> {
  if (flags.output === undefined || flags.output === '-') return;
  const shard = flags.shard !== undefined && mergeable ? parseShard(flags.shard) : undefined;
  await stampOutput(path.resolve(io.cwd, flags.output), shard, counts, () => runSettings(command, plan.settings, plan.codebooks, output));
}
