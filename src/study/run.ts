// `qeval run`: the whole pipeline for a study file (read, code, aggregate, render), returning the files to write.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateSwot, studyReportsByCodebook } from '../aggregate/study.js';
import type { AggregateInput, SwotView } from '../aggregate/types.js';
import type { Codebook } from '../codebook/types.js';
import type { ModelSource } from '../engine/code-many.js';
import { decodeBytes } from '../io/decode.js';
import { loadCodebookFile } from '../io/load-codebook.js';
import { loadModelFile, loadModels } from '../io/load-model.js';
import { modelRefOf } from '../learn/model.js';
import { expandInputs } from '../io/read-documents.js';
import { warning, type Diagnostic } from '../model/diagnostics.js';
import { QevalError, formatPlace, isQevalError } from '../model/errors.js';
import { segmentFormatters } from '../render/segments.js';
import { MAIN_REPORT, reportFiles, reportWordFiles, swotFiles, swotWordFiles, type OutputFile, type WordFile } from '../report/files.js';
import { WordRenderer } from '../io/word-pool.js';
import type { Lang } from '../report/i18n.js';
import { codeInputs, evidenceSegments, readOrganizations, type CodedInputs, type CodingProgress } from './evidence.js';
import { parseStudy, type Study } from './parse.js';
import { checkFolderWritable, noteInputFile } from '../io/write.js';

/** The codebooks shipped with qeval, used when a study names none. */
const BUNDLED = [
  ['en', fileURLToPath(new URL('../../codebooks/swot.yaml', import.meta.url))],
  ['lt', fileURLToPath(new URL('../../codebooks/swot.lt.yaml', import.meta.url))],
] as const;

export interface StudyRun {
  study: Study;
  /** Absolute output folder. */
  outputDir: string;
  /** Paths relative to outputDir. */
  files: OutputFile[];
  /** The SWOT view by organization, for the terminal. */
  swot: SwotView;
  /** Language and codebook of the terminal grid (the first report language). */
  gridLang: Lang;
  gridCodebook: Codebook;
  /** Organization id -> name, from the organizations CSV. */
  names: Map<string, string>;
  /** The file to open first (`en/report.html`), relative to outputDir; null when no report format is written. */
  mainReport: string | null;
  documents: number;
  segments: number;
  /** What the run found, as data (the CLI words them with the study file's hints). */
  warnings: Diagnostic[];
}

const display = (cwd: string, abs: string) => path.relative(cwd, abs) || abs;

export async function loadStudy(file: string, cwd: string): Promise<{ study: Study; dir: string }> {
  const abs = path.resolve(cwd, file);
  const bytes = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
    const hint = e.code === 'ENOENT' ? 'no study file here; write one (see README, "Study file") or name it: qeval run path/to/qeval.yaml' : `cannot read the study file (${e.code})`;
    throw new QevalError('STUDY_NOT_FOUND', hint, { file });
  });
  noteInputFile(abs);
  const { text } = decodeBytes(bytes, file);
  return { study: parseStudy(text, file), dir: path.dirname(abs) };
}

/** Checks that a path the study names is a file, pointing at the study line when it is not (not there, a folder, a device). */
async function mustExist(study: Study, dir: string, key: (string | number)[], rel: string, what: string): Promise<string> {
  const abs = path.resolve(dir, rel);
  const info = await stat(abs).catch(() => undefined);
  if (!info) throw new QevalError('STUDY_FILE_MISSING', `${what} "${rel}" not found (paths are relative to the study file's folder)`, study.placeOf(key));
  if (info.isDirectory()) throw new QevalError('STUDY_NOT_A_FILE', `${what} "${rel}" is a folder; name the file in it`, study.placeOf(key));
  if (!info.isFile()) throw new QevalError('STUDY_NOT_A_FILE', `${what} "${rel}" is not a regular file (a device or pipe); name a file`, study.placeOf(key));
  return abs;
}

async function loadCodebooks(study: Study, dir: string, cwd: string): Promise<{ byLang: Map<string, Codebook>; fallback: Codebook; all: Codebook[] }> {
  const byLang = new Map<string, Codebook>();
  for (const [lang, rel] of study.codebooks) {
    const abs = await mustExist(study, dir, ['codebooks', lang], rel, `codebook for "${lang}"`);
    const cb = await loadCodebookFile(abs, display(cwd, abs));
    if (cb.spec.language !== lang) {
      throw new QevalError('STUDY_CODEBOOK_LANGUAGE', `codebooks.${lang} names a codebook whose language is "${cb.spec.language}"; list it under "${cb.spec.language}" or fix its "language"`, study.placeOf(['codebooks', lang]));
    }
    byLang.set(lang, cb);
  }
  let fallback: Codebook | undefined;
  if (study.codebook !== null) {
    const abs = await mustExist(study, dir, ['codebook'], study.codebook, 'codebook');
    fallback = await loadCodebookFile(abs, display(cwd, abs));
    if (!byLang.has(fallback.spec.language)) byLang.set(fallback.spec.language, fallback);
  }
  if (byLang.size === 0) {
    for (const [lang, abs] of BUNDLED) {
      if (await stat(abs).catch(() => undefined)) byLang.set(lang, await loadCodebookFile(abs, display(cwd, abs)));
    }
  }
  fallback ??= byLang.get(study.lang[0] ?? 'en') ?? [...byLang.values()][0];
  if (!fallback) throw new QevalError('STUDY_NO_CODEBOOK', 'the study names no codebook and no bundled codebook was found; add "codebook:" or "codebooks:"', study.placeOf([]));
  const all = [fallback, ...[...byLang.values()].filter((c) => c !== fallback)];
  return { byLang, fallback, all };
}

/**
 * Checks the study's sources and attributes CSV are there (errors point at the study line) and codes
 * the sources through the streaming analysis (codeInputs), as `report` and `swot` code theirs.
 */
async function codeSources(study: Study, dir: string, cwd: string, codebooks: Codebook[], models: ModelSource[], options: RunOptions): Promise<CodedInputs> {
  for (const [i, source] of study.sources.entries()) {
    try {
      await expandInputs([source], dir);
    } catch (e) {
      if (isQevalError(e)) throw new QevalError(e.code, `sources[${i + 1}] "${source}": ${e.message} (paths are relative to the study file's folder)`, study.placeOf(['sources', i]));
      throw e;
    }
  }
  if (study.attributes !== null) await mustExist(study, dir, ['attributes'], study.attributes, 'attributes CSV');
  return codeInputs({
    inputs: study.sources,
    cwd,
    base: dir,
    root: study.root,
    attributes: study.attributes ?? undefined,
    exclude: study.organizations === null ? [] : [study.organizations],
    encoding: study.encoding ?? undefined,
    openColumns: study.openColumns,
    openColumnsNamedBy: (i) => `survey.open[${i + 1}] (${formatPlace(study.placeOf(['survey', 'open', i]))})`,
    codebooks,
    models,
    unit: study.unit ?? undefined,
    jobs: options.jobs,
    onFailure: options.onFailure,
    progress: options.progress,
    excludeFolders: [options.outputDir ?? path.resolve(dir, study.output)],
  });
}

/** The models a study codes with: none with `--no-model` or `models: false`, the study's `models:` map, else the codebooks' own. */
async function studyModels(study: Study, dir: string, cwd: string, codebooks: readonly Codebook[], options: RunOptions): Promise<ModelSource[]> {
  if (options.model === false || study.models === false) return [];
  const given: string[] = [];
  for (const [lang, rel] of study.models ?? []) {
    const abs = await mustExist(study, dir, ['models', lang], rel, `model for "${lang}"`);
    const source = await loadModelFile(abs, display(cwd, abs));
    if (source.model.codebook.language !== lang) {
      throw new QevalError('STUDY_MODEL_LANGUAGE', `models.${lang} names a model trained for language "${source.model.codebook.language}"; list it under "${source.model.codebook.language}"`, study.placeOf(['models', lang]));
    }
    given.push(abs);
  }
  // Languages the study names no model for keep their codebook's own `model:`.
  return loadModels(cwd, codebooks, given);
}

/** A file named from `cwd` (as loaders display it), named from the study file's folder `dir` instead, with `/` separators: the same wherever qeval is run from. */
const fromStudy = (dir: string, cwd: string, file: string): string => path.relative(dir, path.resolve(cwd, file)).split(path.sep).join('/') || file;

/** Lets the event loop run once (setImmediate): timers and messages from other threads are heard. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads, codes, aggregates and renders a study; writes nothing (the caller writes `files` atomically). */
export interface RunOptions {
  /** false: code with rules alone (`--no-model`), whatever the study and codebooks say. */
  model?: false;
  /** Hears each source file that cannot be read; the others are still coded (see ReadOptions.onFailure). */
  onFailure?: (error: QevalError, file: string) => void;
  /** Worker threads to code with (default: the number of cores for sources over 2 MB, else 1); the outputs are the same for every number. */
  jobs?: number;
  /** Hears the sources' coding progress. */
  progress?: CodingProgress;
  /** The output folder when not the study's own (`-o`, absolute): never read as sources. */
  outputDir?: string;
  /**
   * Text outputs as their UTF-8 bytes (Buffer), not strings: encoded while the worker threads
   * finish the Word files, so that writing them (which needs the bytes) costs no more time.
   */
  bytes?: boolean;
}

export async function runStudy(file: string, cwd: string, options: RunOptions = {}): Promise<StudyRun> {
  const { study, dir } = await loadStudy(file, cwd);
  // An output folder that cannot be written is refused before the sources are coded.
  await checkFolderWritable(options.outputDir ?? path.resolve(dir, study.output), options.outputDir ? 'give -o a folder' : 'give the study\'s "output" a folder, or -o one');
  // Word files are rendered in worker threads, started now so that they load the Word library while
  // this thread codes; they render each file as soon as its document is built.
  const word = study.formats.includes('docx') ? await WordRenderer.start(3 * study.lang.length) : null;
  try {
    return await runLoadedStudy(study, dir, cwd, options, word);
  } finally {
    await word?.close();
  }
}

async function runLoadedStudy(study: Study, dir: string, cwd: string, options: RunOptions, word: WordRenderer | null): Promise<StudyRun> {
  const warnings: Diagnostic[] = [];
  const codebooks = await loadCodebooks(study, dir, cwd);
  // A document's language attribute picks its codebook (all codebooks share code ids), and the codebook its model.
  const models = await studyModels(study, dir, cwd, codebooks.all, options);
  // A unit the models were not trained on: said at the study's key, in the study's words.
  const misfit = study.unit === null ? undefined : models.find((m) => m.model.unit !== study.unit);
  if (misfit) {
    throw new QevalError('STUDY_MODEL_UNIT', `unit: the model ${fromStudy(dir, cwd, misfit.file)} was trained on ${misfit.model.unit} units, not ${study.unit} units; use unit: ${misfit.model.unit}, or models: false to code with the rules alone`, study.placeOf(['unit']));
  }
  const coded = await codeSources(study, dir, cwd, codebooks.all, models, options);
  warnings.push(...coded.diagnostics);
  const docs = coded.documents;
  // The same step as report and swot: duplicates dropped, segments sorted.
  const evidence = evidenceSegments(coded.segments);
  warnings.push(...evidence.diagnostics);
  const segments = evidence.segments;

  const organizations = study.organizations === null ? [] : await readOrganizations(path.relative(cwd, await mustExist(study, dir, ['organizations'], study.organizations, 'organizations CSV')) || study.organizations, cwd, study.encoding ?? undefined);
  const known = new Set(organizations.map((o) => o.id));
  const missingAttr = docs.filter((d) => !d.attributes[study.by]).length;
  // A `by` the study names that no document has is a misspelling (organisation): the run would write no organization report.
  if (study.byGiven && docs.length > 0 && missingAttr === docs.length) {
    const have = [...new Set(docs.flatMap((d) => Object.keys(d.attributes).filter((k) => d.attributes[k] !== '')))].sort();
    throw new QevalError('STUDY_BY_UNKNOWN', `by: no document has the attribute "${study.by}" (${have.length > 0 ? `the documents have ${have.map((n) => `"${n}"`).join(', ')}` : 'the documents have no attributes'}); check the spelling, or give it in front matter or the attributes CSV`, study.placeOf(['by']));
  }
  if (missingAttr > 0) {
    const without = docs.filter((d) => !d.attributes[study.by]).map((d) => d.id);
    const named = `${without.slice(0, 5).join(', ')}${without.length > 5 ? ` and ${without.length - 5} more` : ''}`;
    warnings.push(warning('DOCUMENTS_WITHOUT_GROUP', `${missingAttr === 1 ? '1 document has' : `${missingAttr} documents have`} no "${study.by}" attribute (${named}): ${missingAttr === 1 ? 'it counts' : 'they count'} in the overall SWOT and the summary, but in no organization report`, {}, { attribute: study.by, documents: missingAttr }));
  }
  if (organizations.length > 0) {
    const values = [...new Set(docs.map((d) => d.attributes[study.by]).filter((v): v is string => Boolean(v)))].sort();
    // A `by` none of whose values is an organization of the organizations CSV names something else (kind,
    // language): every report would call those values organizations.
    if (study.byGiven && values.length > 0 && values.every((v) => !known.has(v))) {
      throw new QevalError('STUDY_BY_NOT_ORGANIZATIONS', `by: none of the values of "${study.by}" (${values.slice(0, 5).join(', ')}${values.length > 5 ? ' ...' : ''}) is an organization of ${study.organizations} (${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ' ...' : ''}); \`by\` names the attribute that names each document's organization`, study.placeOf(['by']));
    }
    const unknown = values.filter((v) => !known.has(v));
    if (unknown.length > 0) warnings.push(warning('ORGANIZATIONS_UNLISTED', `organizations not listed in ${study.organizations}: ${unknown.join(', ')} (their reports have no profile attributes)`, {}, { organizations: unknown }));
  }

  const input: AggregateInput = {
    codebook: codebooks.fallback,
    codebooks: codebooks.all,
    segments,
    documents: docs,
    organizations,
    unit: study.unit ?? codebooks.fallback.spec.unit ?? 'sentence',
    title: study.title,
    // Named from the study file's folder, as its sources are: the reports are the same wherever qeval is run from.
    models: models.map((m) => modelRefOf(m.model, fromStudy(dir, cwd, m.file))),
  };
  // Each language's reports are aggregated with its own codebook: its recommendation rules and
  // profile patterns are written in that language ("psicholog*", not "psycholog*").
  const reportsIn = studyReportsByCodebook(input, { top: study.top, by: study.by });
  const swot = aggregateSwot(input, { top: study.top, by: study.by });
  const names = new Map(organizations.filter((o) => o.attributes.name).map((o) => [o.id, o.attributes.name as string]));

  // The Word files go to the renderer's threads as soon as their documents are built (the SWOT
  // views first: they need no more aggregation). This thread then renders the other formats,
  // letting the event loop run between steps so that the threads are handed their next documents,
  // and renders the Word files no thread has taken yet itself before waiting for the others.
  const render = (files: WordFile[]) => (word ? files.map((f) => ({ path: f.path, data: word.render(f.doc) })) : []);
  const languages = study.lang.map((lang) => {
    const codebook = codebooks.byLang.get(lang) ?? codebooks.fallback;
    const options = { lang, codebook };
    return { lang, options, swotWord: render(swotWordFiles(swot, { ...options, names }, study.formats)) };
  });
  const reported = [];
  for (const l of languages) {
    const reports = reportsIn(l.options.codebook);
    reported.push({ ...l, reports, reportWord: render(reportWordFiles(reports, l.options, study.formats)) });
    await nextTurn();
  }
  const outputs: { path: string; data: string | Uint8Array | Promise<Uint8Array> }[] = [
    { path: 'segments.csv', data: segmentFormatters.csv(segments, {}) },
    { path: 'segments.json', data: segmentFormatters.json(segments) },
  ];
  for (const { lang, options, reports, swotWord, reportWord } of reported) {
    const rendered = [...swotFiles(swot, { ...options, names }, study.formats), ...swotWord];
    await nextTurn();
    rendered.push(...reportFiles(reports, options, study.formats), ...reportWord);
    await nextTurn();
    for (const f of rendered) outputs.push({ path: `${lang}/${f.path}`, data: f.data });
  }
  await word?.finish();
  if (options.bytes) for (const f of outputs) if (typeof f.data === 'string') f.data = Buffer.from(f.data);
  const files: OutputFile[] = await Promise.all(outputs.map(async (f) => ({ path: f.path, data: await f.data })));
  const gridLang = study.lang[0] ?? 'en';
  const main = (Object.keys(MAIN_REPORT) as (keyof typeof MAIN_REPORT)[]).filter((f) => study.formats.includes(f)).map((f) => MAIN_REPORT[f])[0];
  return {
    study,
    mainReport: main === undefined ? null : `${gridLang}/${main}`,
    outputDir: path.resolve(dir, study.output),
    files,
    swot,
    gridLang,
    gridCodebook: codebooks.byLang.get(gridLang) ?? codebooks.fallback,
    names,
    documents: docs.length,
    segments: segments.length,
    warnings,
  };
}
