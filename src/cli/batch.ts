// Flags and plumbing `code` and `score` share for streaming many files: --jobs, --cache, --shard, --quiet, the file plan and the run with its progress bar.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import type { Codebook, SpeakerFilter } from '../codebook/types.js';
import { analysisFingerprint, fromWireError, type AnalysisSettings, type DocumentResult, type FileTask } from '../io/analysis.js';
import { analyzeFiles } from '../io/analysis-pool.js';
import { documentIdOf, expandInputs, folderSkip, mergeAttributes, readCsvFile } from '../io/read-documents.js';
import { QevalError } from '../model/errors.js';
import type { CliIO } from './io.js';
import { readStdin } from './io.js';
import { BUNDLED_CODEBOOKS, DEFAULT_CODEBOOKS, loadCodebooks, parseUnit } from './options.js';
import { progressBar } from './progress-bar.js';
import { existsSync } from 'node:fs';

export const jobsOption = () => new Option('-j, --jobs <n>', 'worker threads (default: the number of cores for inputs over 2 MB; 1 codes in this thread)').argParser(positiveInt('--jobs'));
export const cacheOption = () => new Option('--cache <dir>', 'keep each file\'s result here; files whose bytes, attributes, codebook, model and options are unchanged are not coded again');
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
  root?: string;
  speakers?: string;
  interviewer?: string[];
  model?: string[] | false;
  jobs?: number;
  cache?: string;
  shard?: string;
  quiet?: boolean;
}

/** `k/n` -> {k, n} (1 ≤ k ≤ n). Throws QevalError BAD_SHARD. */
export function parseShard(value: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new QevalError('BAD_SHARD', `--shard takes k/n with 1 ≤ k ≤ n (e.g. 2/8), not "${value}"`);
  return { k, n };
}

/** The shard (1..n) a document id falls in: the first 4 bytes of its SHA-256, modulo n. Stable across machines and runs. */
export function shardOf(id: string, n: number): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) % n) + 1;
}

/** What a streaming run will do: its settings, files in document order, and what it needs to know after. */
export interface BatchPlan {
  codebooks: Codebook[];
  settings: AnalysisSettings;
  tasks: FileTask[];
  totalBytes: number;
  jobs: number;
  /** Attribute rows' document ids, to warn about rows that named no document. */
  attributeIds: string[];
  /** The attributes CSV as named on the command line. */
  attributesFile?: string;
  sharded: boolean;
}

/** Expands the inputs, keeps the shard's files, reads the attributes CSV, and fixes the settings every thread codes with. */
export async function planBatch(io: CliIO, inputs: string[], flags: BatchFlags, output: Pick<AnalysisSettings, 'segments' | 'scores'>): Promise<BatchPlan> {
  const codebooks = await loadCodebooks(io, flags.codebook);
  const root = path.resolve(io.cwd, flags.root ?? '.');
  const files = await expandInputs(inputs.filter((i) => i !== '-'), io.cwd);
  // A folder also holds the study's other CSVs (attributes, codings, segments): only surveys are documents.
  const named = new Set(inputs.map((i) => path.resolve(io.cwd, i)));
  const excluded = new Set(flags.attributes ? [path.resolve(io.cwd, flags.attributes)] : []);
  const kept: string[] = [];
  for (const file of files) {
    const other = await folderSkip(file, named, excluded);
    if (!other) kept.push(file);
    else if (!excluded.has(file)) io.stderr.write(`qeval: warning: ${documentIdOf(root, file)}: not read as a survey (${other}); name the file itself to code it as one\n`);
  }
  if (kept.length === 0 && files.length > 0 && !inputs.includes('-')) {
    throw new QevalError('NO_DOCUMENTS', `no documents: the ${files.length} CSV file(s) found are not surveys (name a survey CSV itself to code it)`, { file: inputs.join(' ') });
  }
  let tasks: FileTask[] = kept.map((file) => ({ file, id: documentIdOf(root, file) }));
  if (inputs.includes('-')) tasks.push({ file: '-', id: '-', bytes: await readStdin(io) });
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (shard) tasks = tasks.filter((t) => shardOf(t.id, shard.n) === shard.k);
  tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let totalBytes = 0;
  for (const t of tasks) totalBytes += t.bytes ? t.bytes.length : (await stat(t.file)).size;

  let attributes: Record<string, Record<string, string>> | undefined;
  if (flags.attributes) {
    const table = await readCsvFile(path.resolve(io.cwd, flags.attributes), flags.attributes);
    mergeAttributes([], table, flags.attributes); // checks the header and duplicate rows
    attributes = {};
    for (const row of table.rows) {
      const id = (row.document ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '');
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') values[k] = v.trim();
      attributes[id] = values;
    }
  }
  const codebookFiles = flags.codebook && flags.codebook.length > 0
    ? flags.codebook.map((f) => ({ abs: path.resolve(io.cwd, f), display: f }))
    : DEFAULT_CODEBOOKS.map((f) => path.join(BUNDLED_CODEBOOKS, f)).filter((f) => existsSync(f)).map((abs) => ({ abs, display: path.relative(io.cwd, abs) || abs }));
  const settings: AnalysisSettings = {
    cwd: io.cwd,
    root,
    encoding: flags.encoding,
    codebooks: codebookFiles,
    model: flags.model,
    code: { unit: parseUnit(flags.unit), speakers: flags.speakers as SpeakerFilter | undefined, interviewerLabels: flags.interviewer },
    ...output,
    attributes,
  };
  if (flags.cache) settings.cache = { dir: path.resolve(io.cwd, flags.cache), fingerprint: await analysisFingerprint(settings, codebooks) };
  // Worker threads pay for loading the models once each: worth it for large inputs only, unless asked for.
  const jobs = flags.jobs ?? (totalBytes >= 2 * 1024 * 1024 ? availableParallelism() : 1);
  return { codebooks, settings, tasks, totalBytes, jobs, attributeIds: attributes ? Object.keys(attributes) : [], attributesFile: flags.attributes, sharded: shard !== undefined };
}

/** What a run saw, for the summary line and warnings. */
export interface BatchSummary {
  documents: number;
  files: number;
  cached: number;
  segments: number;
}

/**
 * Runs the plan, handing each document's result to `onDocument` in document order. Shows the
 * progress bar (stderr terminal only), writes the documents' warnings (languages detected ...), then
 * warns about languages no codebook has and attribute rows that named no document. A file that
 * cannot be read goes to `onFailure` and the run goes on (QevalError NO_DOCUMENTS_READ when no file
 * could be read); without `onFailure` its error is thrown. Throws the first other error (QevalError
 * DUPLICATE_DOCUMENT when two inputs give the same document id).
 */
export async function runBatch(io: CliIO, plan: BatchPlan, label: string, quiet: boolean | undefined, onDocument: (doc: DocumentResult) => Promise<void>, onFailure?: (error: QevalError) => void): Promise<BatchSummary> {
  const bar = await progressBar(io, label, plan.tasks.length, plan.totalBytes, quiet);
  const summary: BatchSummary = { documents: 0, files: 0, cached: 0, segments: 0 };
  let failed = 0;
  const seen = new Set<string>();
  const usedRows = new Set<string>();
  const uncovered = new Set<string>();
  const known = new Set(plan.codebooks.map((c) => c.spec.language));
  const coded = new Set<string>();
  try {
    for await (const file of analyzeFiles(plan.tasks, plan.settings, plan.jobs, { codebooks: plan.codebooks })) {
      summary.files++;
      if (file.failure) {
        const error = fromWireError(file.failure);
        if (!onFailure || !(error instanceof QevalError)) throw error;
        failed++;
        onFailure(error);
        bar.tick(file.bytes);
        continue;
      }
      for (const w of file.warnings ?? []) io.stderr.write(`qeval: warning: ${w}\n`);
      if (file.cached) summary.cached++;
      for (const doc of file.documents) {
        if (seen.has(doc.id)) throw new QevalError('DUPLICATE_DOCUMENT', 'the same document is given twice', { file: doc.id });
        seen.add(doc.id);
        if (plan.settings.attributes) for (const key of [doc.id, doc.id.split('#')[0] as string]) if (key in plan.settings.attributes) usedRows.add(key);
        if (doc.language !== undefined && !known.has(doc.language)) uncovered.add(doc.language);
        coded.add(doc.language !== undefined && known.has(doc.language) ? doc.language : plan.codebooks[0]!.spec.language);
        summary.documents++;
        summary.segments += doc.segments;
        await onDocument(doc);
      }
      bar.tick(file.bytes);
    }
  } finally {
    bar.stop();
  }
  if (failed > 0 && summary.documents === 0) throw new QevalError('NO_DOCUMENTS_READ', `none of the ${failed} input file(s) could be read (each is named above)`);
  const primary = plan.codebooks[0]!.spec;
  for (const lang of [...uncovered].sort()) {
    io.stderr.write(`qeval: warning: no codebook has language "${lang}"; those documents are coded with ${primary.codebook} (${primary.language}); give one with -c\n`);
  }
  if (plan.settings.model && !plan.sharded) {
    for (const file of plan.settings.model) {
      const lang = await modelLanguage(path.resolve(io.cwd, file));
      if (lang !== undefined && !coded.has(lang)) io.stderr.write(`qeval: warning: ${file}: the model is for documents in "${lang}" and coded none (the documents are in ${[...coded].sort().join(', ') || 'no language'}); a model codes only documents of its codebook's language\n`);
    }
  }
  const unmatched = plan.attributeIds.filter((id) => !usedRows.has(id));
  if (unmatched.length > 0 && !plan.sharded) {
    io.stderr.write(`qeval: warning: ${plan.attributesFile}: ${unmatched.length} row${unmatched.length === 1 ? '' : 's'} name no document read (e.g. "${unmatched[0]}"); document ids are paths relative to --root\n`);
  }
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
