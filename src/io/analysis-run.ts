// One streaming analysis for every command that codes documents: plan the files (inputs expanded, shard kept, attributes read), then run them through analyzeFiles, handing on each document and gathering the run's findings as data.
import { noneCouldBeRead } from '../model/words.js';
import { createHash } from 'node:crypto';
import { constants, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import pMap from 'p-map';
import type { Codebook } from '../codebook/types.js';
import type { ModelSource } from '../engine/code-many.js';
import { warning, type Diagnostic } from '../model/diagnostics.js';
import { QevalError } from '../model/errors.js';
import { analysisFingerprint, fromWireError, type AnalysisSettings, type DocumentResult, type FileResult, type FileTask } from './analysis.js';
import { analyzeFiles } from './analysis-pool.js';
import { makeFolder, onAbandon, passOverInputFile } from './write.js';
import { languageDiagnostics, type LanguageFinding } from './inspect-documents.js';
import { attributeKey, checkOpenColumns, checkRoot, documentIdOf, expandInputs, folderSkip, mergeAttributes, pathFrom, readCsvFile, namedOutputFinding, nothingToRead, skipFinding } from './read-documents.js';
import { pushAll } from '../model/arrays.js';

/** Files whose first bytes are read at once when a run is planned (see folderSkip). */
const SNIFF_CONCURRENCY = 32;

/** What to analyse and how: the inputs and everything AnalysisSettings needs. */
export interface AnalysisRequest {
  /** Files, folders, globs (relative to `base`), and `-` for standard input. */
  inputs: readonly string[];
  /** The current folder: codebook and model paths are relative to it. */
  cwd: string;
  /** The folder inputs, `attributes` and `exclude` are relative to (default: cwd). */
  base?: string;
  /** Document ids are paths relative to this folder (relative to base; default: base). */
  root?: string;
  encoding?: string;
  /** The open-answer columns of survey CSVs (see ReadOptions.openColumns), checked against the surveys when the run is planned. */
  openColumns?: string[];
  /** What gave the i-th open-answer column, for messages (default: `--open-columns`). */
  openColumnsNamedBy?: (index: number) => string;
  /** The attributes CSV (relative to base), as messages name it. */
  attributes?: string;
  /** Files (relative to base) a folder or glob never gives as documents (the organizations CSV and such). */
  exclude?: readonly string[];
  /** Folders (absolute) a folder or glob never gives documents from: the run's own output folder, whose reports are no sources. */
  excludeFolders?: readonly string[];
  /** What standard input holds, when `-` is an input. */
  stdin?: Buffer;
  codebooks: Codebook[];
  /** The files of `codebooks` (absolute) and the names messages give them, for worker threads. */
  codebookFiles: { abs: string; display: string }[];
  /** Model files (relative to cwd), false for none, undefined for each codebook's own `model:`. */
  model: string[] | false | undefined;
  code: AnalysisSettings['code'];
  output: Pick<AnalysisSettings, 'segments' | 'scores' | 'coded' | 'texts'>;
  /** Analyse only the k-th of n shards (see shardOf). */
  shard?: { k: number; n: number };
  /** Cache folder (relative to cwd). */
  cache?: string;
}

/** A planned run: settings every thread codes with, the files in document order, and what the run checks after. */
export interface AnalysisPlan {
  codebooks: Codebook[];
  settings: AnalysisSettings;
  tasks: FileTask[];
  totalBytes: number;
  /** Attribute rows' document ids, to find rows that named no document. */
  attributeIds: string[];
  /** The attributes CSV as named in the request. */
  attributesFile?: string;
  sharded: boolean;
  /**
   * Findings of the planning: files a folder gave that are not read as surveys (NOT_A_SURVEY) or are outputs qeval wrote (QEVAL_OUTPUT), surveys
   * with none of the open-answer columns named (SURVEY_OPEN_COLUMNS_ABSENT), open-answer columns named
   * with no survey to read (OPEN_COLUMNS_UNUSED).
   */
  diagnostics: Diagnostic[];
}

/** The shard (1..n) a document id falls in: the first 4 bytes of its SHA-256, modulo n. Stable across machines and runs. */
export function shardOf(id: string, n: number): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) % n) + 1;
}

/** The error of sources that lie in the output folder (which is never read back as documents). */
function outputHoldsSources(sources: string, folder: string, cwd: string): QevalError {
  const shown = folder === path.resolve(cwd) ? '.' : pathFrom(cwd, folder);
  return new QevalError('OUTPUT_HOLDS_SOURCES', `the sources (${sources}) lie in the output folder ${shown}, which qeval never reads back as documents (it holds the reports of earlier runs); write the output to another folder (-o DIR, or "output:" in a study file)`, { file: shown });
}

/**
 * Expands the inputs, keeps the shard's files, reads the attributes CSV and fixes the settings every
 * thread codes with. Throws QevalError NOT_FOUND (an input or the attributes CSV is not there),
 * NO_DOCUMENTS (a folder holds only CSVs that are no surveys), SURVEY_COLUMN_NOT_FOUND and
 * SURVEY_COLUMN_IS_RESPONDENT (an open-answer column named that no survey has as an answer column,
 * checked over every shard's surveys, see checkOpenColumns), ATTRIBUTES_NO_DOCUMENT_COLUMN,
 * ATTRIBUTES_DUPLICATE, OUTPUT_HOLDS_SOURCES (a source folder is the output folder or lies in it,
 * or every source file does), and what the CSV parser throws.
 */
export async function planAnalysis(req: AnalysisRequest): Promise<AnalysisPlan> {
  const base = req.base ?? req.cwd;
  const root = path.resolve(base, req.root ?? '.');
  await checkRoot(req.root, root);
  const named = new Set(req.inputs.map((i) => path.resolve(base, i)));
  // An output folder inside the sources holds the last run's reports: they are never read back as documents (unless named).
  const outputFolders = (req.excludeFolders ?? []).map((d) => path.resolve(d));
  const within = (file: string, folder: string) => file === folder || file.startsWith(folder + path.sep);
  const outside = (file: string) => named.has(file) || !outputFolders.some((d) => within(file, d));
  // A source folder that is the output folder, or lies in it, would never be read: that is a mistake, not an empty run.
  for (const input of req.inputs) {
    const abs = path.resolve(base, input);
    const folder = input !== '-' && !/[*?[\]{}]/.test(input) ? outputFolders.find((d) => within(abs, d)) : undefined;
    if (folder !== undefined && (await stat(abs).catch(() => undefined))?.isDirectory()) throw outputHoldsSources(input, folder, req.cwd);
    // So would a pattern whose every match lies there (`interviews/**/*.md` with the output folder `.`).
    if (outputFolders.length > 0 && input !== '-' && /[*?[\]{}]/.test(input)) {
      const matches = await expandInputs([input], base).catch(() => []);
      const holder = matches.length > 0 && !matches.some(outside) ? outputFolders.find((d) => within(matches[0]!, d)) : undefined;
      if (holder !== undefined) throw outputHoldsSources(input, holder, req.cwd);
    }
  }
  const diagnostics: Diagnostic[] = [];
  // A file not read is no document: it is named by its path from here, as errors name files the user can open.
  const expanded = await expandInputs(req.inputs.filter((i) => i !== '-'), base, (file, why) => diagnostics.push(warning('FORMAT_NOT_READ', `not read: ${why}`, { file: path.relative(req.cwd, file).split(path.sep).join('/') || file })));
  const files = expanded.filter(outside);
  // The last run's reports in an output folder among the sources are not read, and are replaced.
  for (const file of expanded) if (!outside(file)) passOverInputFile(file);
  if (expanded.length > 0 && files.length === 0) throw outputHoldsSources(req.inputs.join(' '), outputFolders.find((d) => within(expanded[0]!, d))!, req.cwd);
  // A folder also holds the study's other CSVs (attributes, codings, segments): only surveys are documents.
  const excluded = new Set([...(req.exclude ?? []), ...(req.attributes ? [req.attributes] : [])].map((f) => path.resolve(base, f)));
  const kept: string[] = [];
  // Each file's first bytes are looked at (is it an output of qeval?), many files at a time: one
  // after the other, the waits for the disk added up to a tenth of a re-run from the cache.
  const skips = await pMap(files, (file) => folderSkip(file, named, excluded), { concurrency: SNIFF_CONCURRENCY });
  for (const [i, file] of files.entries()) {
    const other = skips[i]!;
    if (!other) {
      kept.push(file);
      const own = named.has(file) ? await namedOutputFinding(file) : undefined;
      if (own) diagnostics.push(warning(own.id, own.message, { file: documentIdOf(root, file) }));
      continue;
    }
    // Not read: an output may replace it (the last run's scores written into the folder).
    passOverInputFile(file);
    if (!excluded.has(file)) {
      const finding = skipFinding(file, other);
      diagnostics.push(warning(finding.id, finding.message, { file: documentIdOf(root, file) }));
    }
  }
  const stdin = req.inputs.includes('-');
  if (kept.length === 0 && files.length > 0 && !stdin) {
    throw nothingToRead(files, req.inputs);
  }
  let tasks: FileTask[] = kept.map((file) => ({ file, id: documentIdOf(root, file) }));
  // Checked over all the surveys, before the shard is taken: every shard of a run agrees on the columns.
  const openColumns = req.openColumns && req.openColumns.length > 0 ? req.openColumns : undefined;
  if (openColumns) diagnostics.push(...(await checkOpenColumns(kept, openColumns, { cwd: req.cwd, encoding: req.encoding, namedBy: req.openColumnsNamedBy })));
  if (stdin) tasks.push({ file: '-', id: '-', bytes: req.stdin ?? Buffer.alloc(0) });
  const shard = req.shard;
  if (shard) tasks = tasks.filter((t) => shardOf(t.id, shard.n) === shard.k);
  tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let totalBytes = 0;
  for (const t of tasks) {
    t.size = t.bytes ? t.bytes.length : (await stat(t.file)).size;
    totalBytes += t.size;
  }

  let attributes: Record<string, Record<string, string>> | undefined;
  // The attributes CSV as the current folder sees it (a study names it relative to the study file).
  const attributesShown = req.attributes === undefined ? undefined : path.resolve(base) === path.resolve(req.cwd) ? req.attributes : pathFrom(req.cwd, path.resolve(base, req.attributes));
  if (req.attributes && attributesShown) {
    const table = await readCsvFile(path.resolve(base, req.attributes), attributesShown);
    mergeAttributes([], table, attributesShown); // checks the header and duplicate rows
    attributes = {};
    for (const row of table.rows) {
      // Keyed in one Unicode form (NFC): "š" typed as s + caron matches a file named with "š" (values are composed with every attribute, see inspectDocumentsData).
      const id = attributeKey(row.document ?? '');
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') values[k] = v.trim();
      attributes[id] = values;
    }
  }
  const settings: AnalysisSettings = { cwd: req.cwd, root, encoding: req.encoding, ...(openColumns ? { openColumns: [...openColumns] } : {}), codebooks: req.codebookFiles, model: req.model, code: req.code, ...req.output, attributes };
  if (req.cache) {
    const dir = path.resolve(req.cwd, req.cache);
    await makeFolder(dir, 'give --cache a folder');
    // Checked now, not when the first changed file's result is stored: a read-only cache would fail the run part-way.
    await access(dir, constants.W_OK | constants.X_OK).catch((e: NodeJS.ErrnoException) => {
      throw new QevalError('CACHE_NOT_WRITABLE', `the cache folder cannot be written (${e.code ?? e.message}); give --cache a writable folder or leave it out`, { file: req.cache });
    });
    settings.cache = { dir, display: req.cache, fingerprint: await analysisFingerprint(settings, req.codebooks) };
  }
  return { codebooks: req.codebooks, settings, tasks, totalBytes, attributeIds: attributes ? Object.keys(attributes) : [], attributesFile: attributesShown, sharded: shard !== undefined, diagnostics };
}

/** The worker threads of a run: `jobs` when given, else the number of cores for inputs over 2 MB (threads pay for loading the models once each), else 1. */
export function defaultJobs(jobs: number | undefined, totalBytes: number): number {
  return jobs ?? (totalBytes >= 2 * 1024 * 1024 ? availableParallelism() : 1);
}

/** What a run saw. */
export interface AnalysisSummary {
  documents: number;
  files: number;
  cached: number;
  segments: number;
  /** Files that could not be read (each went to onFailure). */
  failed: number;
  /** Language detection over every file, in document order (word it with languageDiagnostics). */
  languages: LanguageFinding[];
  /** Languages of documents no codebook has (they were coded with the first codebook), sorted. */
  uncovered: string[];
  /** Languages of the codebooks documents were coded with. */
  coded: Set<string>;
  /** Attribute rows that named no document read (not checked for a shard). */
  unmatchedRows: string[];
}

/** What a run does with what it finds. */
export interface AnalysisHooks {
  /** Each document's result, in document order. */
  onDocument: (doc: DocumentResult) => void | Promise<void>;
  /** Each file that cannot be read (its error names the document id; `file` is its path relative to cwd); without it the first such file's error is thrown. */
  onFailure?: (error: QevalError, file: string) => void;
  /** Each file once its documents are handed on (or it failed): for progress and per-file diagnostics (label-like lines). */
  onFile?: (file: FileResult) => void;
  /** A large file's coding so far, while a thread codes it (before onFile): its id and the bytes of it coded, estimated (see FileAnalyzer.analyze). For progress. */
  onCoded?: (file: string, bytes: number) => void;
  /** Preloaded models for a run in this thread (see FileAnalyzer). */
  models?: ModelSource[];
}

/**
 * Runs a plan with `jobs` worker threads (results in document order whatever `jobs` is) and gathers
 * the run's findings. Throws QevalError NO_DOCUMENTS_READ when no file could be read,
 * DUPLICATE_DOCUMENT when two inputs give the same document id, and the first other error.
 */
export async function runAnalysis(plan: AnalysisPlan, jobs: number, hooks: AnalysisHooks): Promise<AnalysisSummary> {
  // Cache entries are written (temp file + rename) in the worker threads, which a signal stops
  // mid-write: this process's temp files in the cache folder are removed then.
  const cacheDir = plan.settings.cache?.dir;
  const forget = cacheDir === undefined ? () => undefined : onAbandon(() => removeCacheTemps(cacheDir));
  // Formatted segments of large documents wait in files of their own (see AnalysisSettings.spill),
  // in a folder only this user can read, removed at the end of the run, or when a signal stops it.
  const spillDir = plan.settings.segments && plan.settings.segments.format !== 'table' ? spillFolder() : undefined;
  const removeSpills = () => spillDir !== undefined && rmSync(spillDir, { recursive: true, force: true });
  const forgetSpills = onAbandon(removeSpills);
  try {
    const settings = spillDir === undefined ? plan.settings : { ...plan.settings, spill: { dir: spillDir, bytes: SPILL_BYTES } };
    return await runFiles({ ...plan, settings }, jobs, hooks);
  } finally {
    removeSpills();
    forgetSpills();
    forget();
  }
}

/** A new private folder for spilled segments, or none (they are then held in memory) where the temp folder is not writable. */
function spillFolder(): string | undefined {
  try {
    return mkdtempSync(path.join(tmpdir(), 'qeval-'));
  } catch {
    return undefined;
  }
}

/** A document's formatted segments are held in memory up to this many bytes, then written to a file (see AnalysisSettings.spill). */
export const SPILL_BYTES = 4 * 1024 * 1024;

/** Removes this process's cache temp files (`<key>.json.<pid>.<random>.tmp`, see writeCache) from `dir`'s subfolders, synchronously. */
function removeCacheTemps(dir: string): void {
  const mark = `.json.${process.pid}.`;
  for (const sub of readdirSync(dir)) {
    if (sub.length !== 2) continue;
    let names: string[];
    try {
      names = readdirSync(path.join(dir, sub));
    } catch {
      continue; // not a folder
    }
    for (const name of names) {
      if (name.includes(mark) && name.endsWith('.tmp')) rmSync(path.join(dir, sub, name), { force: true });
    }
  }
}

async function runFiles(plan: AnalysisPlan, jobs: number, hooks: AnalysisHooks): Promise<AnalysisSummary> {
  const summary: AnalysisSummary = { documents: 0, files: 0, cached: 0, segments: 0, failed: 0, languages: [], uncovered: [], coded: new Set(), unmatchedRows: [] };
  const seen = new Set<string>();
  const usedRows = new Set<string>();
  const uncovered = new Set<string>();
  const known = new Set(plan.codebooks.map((c) => c.spec.language));
  const rows = plan.settings.attributes;
  const taskFile = new Map(plan.tasks.map((t) => [t.id, t.file]));
  for await (const file of analyzeFiles(plan.tasks, plan.settings, jobs, { codebooks: plan.codebooks, models: hooks.models }, hooks.onCoded)) {
    summary.files++;
    if (file.failure) {
      const error = fromWireError(file.failure);
      const abs = taskFile.get(file.id);
      // The one file of a run that cannot be read is the run's error: one line, no summary of failures after it.
      if (plan.tasks.length === 1 && !plan.sharded && error instanceof QevalError) throw new QevalError(error.code, error.message, { ...error.place, file: abs === undefined || abs === '-' ? file.id : pathFrom(plan.settings.cwd, abs) }, error.status);
      if (!hooks.onFailure || !(error instanceof QevalError)) throw error;
      summary.failed++;
      hooks.onFailure(error, abs === undefined || abs === '-' ? file.id : pathFrom(plan.settings.cwd, abs));
      hooks.onFile?.(file);
      continue;
    }
    pushAll(summary.languages, file.languages ?? []);
    if (file.cached) summary.cached++;
    for (const doc of file.documents) {
      if (seen.has(doc.id)) throw new QevalError('DUPLICATE_DOCUMENT', 'the same document is given twice', { file: doc.id });
      seen.add(doc.id);
      if (rows) for (const key of [attributeKey(doc.id), attributeKey(doc.id.split('#')[0] as string)]) if (key in rows) usedRows.add(key);
      if (doc.language !== undefined && !known.has(doc.language)) uncovered.add(doc.language);
      summary.coded.add(doc.language !== undefined && known.has(doc.language) ? doc.language : plan.codebooks[0]!.spec.language);
      summary.documents++;
      summary.segments += doc.segments;
      await hooks.onDocument(doc);
    }
    hooks.onFile?.(file);
  }
  // A shard whose files all failed still writes its (empty) output, stamp and failures list, so that merge can rebuild the run.
  if (summary.failed > 0 && summary.documents === 0 && !plan.sharded) throw new QevalError('NO_DOCUMENTS_READ', noneCouldBeRead(summary.failed));
  summary.uncovered = [...uncovered].sort();
  if (!plan.sharded) summary.unmatchedRows = plan.attributeIds.filter((id) => !usedRows.has(id));
  return summary;
}

/**
 * The findings of a whole run as diagnostics, in this order: languages detected (LANGUAGE_DETECTED,
 * LANGUAGE_UNKNOWN), languages no codebook has (LANGUAGE_UNCOVERED, data.language and
 * data.codebook), attribute rows that named no document (ATTRIBUTES_UNMATCHED, place the CSV).
 * Messages name no flag: callers add hints by id.
 */
export function runDiagnostics(plan: AnalysisPlan, summary: AnalysisSummary): Diagnostic[] {
  const out = languageDiagnostics(summary.languages);
  const primary = plan.codebooks[0]!.spec;
  for (const language of summary.uncovered) {
    out.push(warning('LANGUAGE_UNCOVERED', `no codebook has language "${language}"; those documents are coded with ${primary.codebook} (${primary.language})`, {}, { language, codebook: primary.codebook }));
  }
  const unmatched = summary.unmatchedRows;
  if (unmatched.length > 0) {
    out.push(warning('ATTRIBUTES_UNMATCHED', `${unmatched.length} ${unmatched.length === 1 ? 'row names' : 'rows name'} no document read (e.g. "${unmatched[0]}")`, { file: plan.attributesFile }, { rows: unmatched }));
  }
  return out;
}
