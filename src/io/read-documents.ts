// Readers at the edge: files, folders and globs -> decoded SourceDocuments with their attributes.
import { agree, counted, noneCouldBeRead } from '../model/words.js';
import { open, opendir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { closest } from '../codebook/suggest.js';
import { isQevalError, QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { checkUniqueColumns, parseCsv, type CsvTable } from './csv.js';
import { decodeBytes, headText } from './decode.js';
import { readFrontMatter } from './front-matter.js';
import { namesColumn, readSurvey, surveyColumns, type SurveyColumn } from './read-survey.js';
import { readArchive, type ArchiveLimits } from './archive.js';
import { readDocx } from './read-docx.js';
import { readOdt } from './read-odt.js';
import { readPdf } from './read-pdf.js';
import { readSrt, readVtt } from './read-subtitles.js';
import { timedLabelLines } from './timed-lines.js';
import { titleLineEnd } from '../text/segment.js';
import { blankLinkTargets } from '../text/markup.js';
import { inspectDocuments } from './inspect-documents.js';
import { formatDiagnostic, warning, type Diagnostic } from '../model/diagnostics.js';
import { noteInputFile, passOverInputFile } from './write.js';
import { MARKDOWN_MARK, NAMED_OUTPUT_HINT, qevalTableKind } from '../model/output-marks.js';
import { pushAll } from '../model/arrays.js';

export interface ReadOptions {
  cwd: string;
  /** Document ids are paths relative to this folder (default: cwd). */
  root?: string;
  /** Attributes CSV with a `document` column. */
  attributes?: string;
  /** Encoding for every input (default: detect). */
  encoding?: string;
  /**
   * The open-answer columns of survey CSVs (`--open-columns`), by header name, question text or
   * Qualtrics import id (see namesColumn): a survey that has any of them codes exactly those, one
   * that has none chooses its own by their answers. readDocuments checks each name against every
   * survey first (see checkOpenColumns).
   */
  openColumns?: string[];
  /** Source of the input named `-` (standard input). */
  stdin?: () => Promise<Buffer>;
  /** Hears problems that do not stop the run (e.g. attribute rows naming no document). */
  onWarning?: (message: string) => void;
  /**
   * Hears what a reader found in a file it could read (PDF pages without a text layer, subtitle cues
   * out of order): warnings whose place is the document id. Without it they go to `onWarning` as
   * `<id>: <message>` lines.
   */
  onDiagnostic?: (d: Diagnostic) => void;
  /**
   * Hears each file that cannot be read (corrupt, encrypted, empty, oversized, unsupported), its
   * error naming the document id, and the file's path relative to cwd (what a user can open); the
   * others are still read. Without it the first such file stops the run (the error is thrown).
   */
  onFailure?: (error: QevalError, file: string) => void;
  /**
   * Files (relative to cwd) that are never read as documents when a folder or glob includes them:
   * the organizations CSV and such (the attributes CSV is always left out).
   */
  exclude?: string[];
  /** Overrides of the size limits (tests lower them). */
  limits?: Partial<ReadLimits>;
}

/** Limits on what one input file may cost to read. */
export interface ReadLimits {
  /** Largest file read, in bytes. */
  fileBytes: number;
  /** Limits on ZIP containers (DOCX, ODT). */
  archive: ArchiveLimits;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  fileBytes: 256 * 2 ** 20,
  archive: { entries: 10_000, bytes: 256 * 2 ** 20 },
};

/** The limits in force for a read: the defaults with the options' overrides. */
export function readLimits(options: Pick<ReadOptions, 'limits'>): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...options.limits };
}

/** A reader: a file's bytes -> its documents (one, or one per row for a survey). Throws QevalError naming the file. */
type Reader = (file: string, id: string, bytes: Buffer, options: ReadOptions) => SourceDocument[] | Promise<SourceDocument[]>;

/** Readers by file extension: a new input format is a new entry here (folders pick up every one). */
export const readers: Record<string, Reader> = {
  '.txt': readText,
  '.text': readText,
  '.md': readText,
  '.markdown': readText,
  '.csv': readSurvey,
  '.docx': readDocx,
  '.pdf': readPdf,
  '.vtt': readVtt,
  '.srt': readSrt,
  '.odt': readOdt,
};

/** Formats qeval refuses, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  '.doc': 'old binary Word documents (.doc) are not read; save as .docx (or .odt or .txt) and give that',
  '.rtf': 'RTF is not read (no well-kept RTF reader is available); save as .docx, .odt or .txt and give that',
  '.pages': 'Apple Pages documents are not read; export as .docx or .pdf',
  '.xlsx': 'spreadsheets are not read; save the sheet of answers as .csv (UTF-8) and give that',
  '.xls': 'spreadsheets are not read; save the sheet of answers as .csv (UTF-8) and give that',
};

/** The glob that picks up every registered format in a folder. */
const FOLDER_GLOB = `**/*.{${Object.keys(readers).map((e) => e.slice(1)).join(',')}}`;

/**
 * Expands inputs (files, folders, globs) to a sorted list of absolute file paths, each file once
 * (a file reached twice, through a symbolic link or a link to its own folder, keeps its first path),
 * and notes each as an input no output may replace (noteInputFile; a caller that passes over one
 * takes that back with passOverInputFile). Throws QevalError NOT_FOUND (no such path), NOT_A_FILE
 * (a device, pipe or socket), FOLDER_UNREADABLE (a folder that cannot be listed) and NO_DOCUMENTS
 * (a folder or pattern with no document qeval reads), each naming the input as given. Files a
 * folder holds in a format qeval refuses (.doc, .rtf, .xlsx ...) are not given; `onNotRead` hears
 * each (absolute path) with what to do instead.
 */
export async function expandInputs(inputs: readonly string[], cwd: string, onNotRead?: (file: string, why: string) => void): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isFile()) {
      files.add(abs);
    } else if (info?.isDirectory()) {
      // Hidden files and Office's lock files (`~$report.docx`, beside a document open in Word) are no documents.
      const found = await glob([FOLDER_GLOB], { cwd: abs, absolute: true, dot: false, caseSensitiveMatch: false, ignore: ['**/~$*'] });
      // The glob passes over folders it cannot list (a subfolder without permission would be left out
      // unsaid) and over named pipes and devices: those named like documents are given to the readers, which refuse them.
      const unsupported: string[] = [];
      found.push(...(await refuseUnreadableFolders(abs, input, '', unsupported)));
      unsupported.sort();
      const why = (file: string) => UNSUPPORTED[path.extname(file).toLowerCase()]!;
      if (found.length === 0) {
        const example = unsupported[0] === undefined ? '' : `; it holds ${counted(unsupported.length, 'file')} in formats qeval does not read, such as ${path.relative(abs, unsupported[0])}: ${why(unsupported[0])}`;
        throw new QevalError('NO_DOCUMENTS', `the folder holds no documents qeval reads (${Object.keys(readers).join(', ')})${example}`, { file: input });
      }
      for (const file of unsupported) onNotRead?.(file, why(file));
      found.forEach((f) => files.add(path.normalize(f)));
    } else if (isDynamicPattern(input)) {
      const found = await glob([input], { cwd, absolute: true, dot: false });
      if (found.length === 0) throw new QevalError('NO_DOCUMENTS', 'no file matches this pattern', { file: input });
      found.forEach((f) => files.add(path.normalize(f)));
    } else if (info) {
      // A device, pipe or socket (`/dev/null`, a named pipe): it exists, but holds no document to read.
      throw new QevalError('NOT_A_FILE', 'not a regular file or folder (a device, pipe or socket); give a document file, a folder or "-" for standard input', { file: input });
    } else {
      throw new QevalError('NOT_FOUND', 'no such file or directory', { file: input });
    }
  }
  const sorted = [...files].sort();
  const reals = await Promise.all(sorted.map((file) => realpath(file).catch(() => file)));
  // One path per real file, so its id is the one an attributes CSV names: the file's own path when it
  // is among them (not a link to it elsewhere, however short: `l/x.md -> ../2024/reports/a.md`), else
  // the one with the fewest folders (`d/sub/a.md`, not `d/self/sub/a.md` through `self -> .`); of equals, the first.
  const depth = (file: string) => file.split(path.sep).length;
  const better = (file: string, had: string, real: string) => (file === real) !== (had === real) ? file === real : depth(file) < depth(had);
  const chosen = new Map<string, string>();
  sorted.forEach((file, i) => {
    const real = reals[i]!;
    const had = chosen.get(real);
    if (had === undefined || better(file, had, real)) chosen.set(real, file);
  });
  for (const [real, file] of chosen) noteInputFile(file, real);
  return [...chosen.values()].sort();
}

/**
 * The named pipes, sockets and devices under `dir` named like documents (absolute paths), which
 * the glob passes over. Throws QevalError FOLDER_UNREADABLE naming the first folder under `dir`
 * (itself included; hidden folders are not searched for documents, so not here either) that cannot
 * be listed, as `shown` (the input as given) joined with its path inside `dir`. Adds to
 * `unsupported` the files in formats qeval refuses (see UNSUPPORTED).
 */
async function refuseUnreadableFolders(dir: string, shown: string, inside = '', unsupported: string[] = []): Promise<string[]> {
  let handle;
  try {
    handle = await opendir(path.join(dir, inside));
  } catch (e) {
    const where = inside === '' ? shown : path.join(shown, inside);
    throw new QevalError('FOLDER_UNREADABLE', `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); its documents would be left out`, { file: where });
  }
  const sub: string[] = [];
  const special: string[] = [];
  for await (const entry of handle) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) sub.push(path.join(inside, entry.name));
    else if (!entry.isFile() && !entry.isSymbolicLink() && readers[path.extname(entry.name).toLowerCase()]) special.push(path.join(dir, inside, entry.name));
    else if (UNSUPPORTED[path.extname(entry.name).toLowerCase()] && !entry.name.startsWith('~$')) unsupported.push(path.join(dir, inside, entry.name));
  }
  for (const s of sub.sort()) special.push(...(await refuseUnreadableFolders(dir, shown, s, unsupported)));
  return special;
}

/**
 * Checks that the root folder document ids are relative to (`given` as named, `abs` resolved) is a
 * folder; nothing to check when none is given. Throws QevalError ROOT_NOT_FOUND naming it: a
 * misspelt root would silently give every document an absolute path as its id.
 */
export async function checkRoot(given: string | undefined, abs: string): Promise<void> {
  if (given === undefined) return;
  const info = await stat(abs).catch(() => undefined);
  if (!info?.isDirectory()) throw new QevalError('ROOT_NOT_FOUND', `${info ? 'not a folder' : 'no such folder'}: document ids are paths relative to the root folder, which must exist`, { file: given });
}

/**
 * Reads every input (files, folders, globs, `-`) into documents, sorted by id, with the attributes
 * CSV merged. A file that cannot be read goes to `options.onFailure` when given (the others are
 * still read; when none could be read, QevalError NO_DOCUMENTS_READ is thrown), else its error is thrown.
 */
export async function readDocuments(inputs: readonly string[], options: ReadOptions): Promise<SourceDocument[]> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  await checkRoot(options.root, root);
  const files = await expandInputs(inputs.filter((i) => i !== '-'), options.cwd, (file, why) => options.onWarning?.(`${toId(root, file)}: not read: ${why}`));
  const docs: SourceDocument[] = [];
  if (inputs.includes('-')) {
    if (!options.stdin) throw new QevalError('NO_STDIN', 'reading a document from standard input ("-") is not available here');
    const bytes = await options.stdin();
    if (bytes.length === 0) throw new QevalError('EMPTY_FILE', 'standard input is empty; pipe a document or segments into it', { file: '-' });
    pushAll(docs, await readStdinDocuments(bytes, options));
  }
  let failed = 0;
  const skipped: string[] = [];
  const named = new Set(inputs.map((i) => path.resolve(options.cwd, i)));
  const excluded = new Set([...(options.exclude ?? []), ...(options.attributes ? [options.attributes] : [])].map((f) => path.resolve(options.cwd, f)));
  const kept: string[] = [];
  for (const file of files) {
    const other = await folderSkip(file, named, excluded);
    if (!other) {
      kept.push(file);
      if (named.has(file)) {
        const own = await namedOutputFinding(file);
        if (own) options.onWarning?.(`${toId(root, file)}: ${own.message}; ${NAMED_OUTPUT_HINT}`);
      }
      continue;
    }
    // Not read: an output may replace it (the last run's scores written into the folder).
    passOverInputFile(file);
    skipped.push(file);
    if (!excluded.has(file)) options.onWarning?.(`${toId(root, file)}: ${skipFinding(file, other).message}; name the file itself to code it ${path.extname(file).toLowerCase() === '.csv' ? 'as one' : 'anyway'}`);
  }
  if (options.openColumns && options.openColumns.length > 0) {
    // Every name is checked before any file is read, so a misspelt column stops the run before it starts.
    const found = await checkOpenColumns(kept, options.openColumns, options);
    for (const d of found) options.onWarning?.(formatDiagnostic(d).replace(/^warning: /, ''));
  }
  for (const file of kept) {
    const id = toId(root, file);
    try {
      pushAll(docs, await readInputFile(file, id, options));
    } catch (e) {
      if (!isQevalError(e)) throw e;
      // Stopping the run, the error names the file as the current folder sees it (ids may be relative to --root).
      // So does the one file of a run that cannot be read: one line, no summary of failures after it.
      if (!options.onFailure || (kept.length === 1 && !inputs.includes('-'))) throw e.place.file === id ? new QevalError(e.code, e.message, { ...e.place, file: pathFrom(options.cwd, file) }, e.status) : e;
      failed += 1;
      options.onFailure(e, pathFrom(options.cwd, file));
    }
  }
  if (failed > 0 && docs.length === 0) {
    throw new QevalError('NO_DOCUMENTS_READ', noneCouldBeRead(failed));
  }
  if (docs.length === 0 && skipped.length > 0) throw nothingToRead(skipped, inputs);
  if (options.attributes) {
    const table = await readCsvFile(path.resolve(options.cwd, options.attributes), options.attributes);
    const unmatched = mergeAttributes(docs, table, options.attributes);
    if (unmatched.length > 0) options.onWarning?.(`${options.attributes}: ${unmatched.length} ${unmatched.length === 1 ? 'row names' : 'rows name'} no document read (e.g. "${unmatched[0]}"); document ids are paths relative to --root`);
  }
  await inspectDocuments(docs, options.onWarning);
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new QevalError('DUPLICATE_DOCUMENT', 'the same document is given twice', { file: d.id });
    seen.add(d.id);
  }
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Checks the open-answer columns named (`--open-columns`, a study's `survey.open`) against the
 * survey CSVs among `files` (absolute paths), from their header rows, before any is coded; messages
 * name the files as `options.cwd` sees them (relative when inside it). Returns the warnings: SURVEY_OPEN_COLUMNS_ABSENT for each survey with none of the
 * columns (it chooses its open answers by their length, as without the option), and
 * OPEN_COLUMNS_UNUSED when there is no survey among the files. A survey whose header cannot be read
 * (too large, undecodable, bad CSV) is passed over here; reading it reports that. Throws QevalError
 * SURVEY_COLUMN_NOT_FOUND for each name that no survey read has (one line each, the first carrying
 * the others), naming the surveys and their columns, and SURVEY_COLUMN_IS_RESPONDENT for a name
 * that only names a respondent column; `namedBy(i)` says where the i-th name was given (default:
 * `--open-columns`).
 */
export async function checkOpenColumns(
  files: readonly string[],
  names: readonly string[],
  options: Pick<ReadOptions, 'cwd' | 'encoding' | 'limits'> & { namedBy?: (index: number) => string },
): Promise<Diagnostic[]> {
  const namedBy = options.namedBy ?? (() => '--open-columns');
  const surveys: { id: string; columns: SurveyColumn[] }[] = [];
  const csvs = files.filter((f) => path.extname(f).toLowerCase() === '.csv');
  for (const file of csvs) {
    const size = (await stat(file).catch(() => undefined))?.size;
    if (size === undefined || size === 0 || size > readLimits(options).fileBytes) continue;
    const id = pathFrom(options.cwd, file);
    try {
      surveys.push({ id, columns: surveyColumns(await readFile(file), id, options.encoding) });
    } catch (e) {
      if (!isQevalError(e)) throw e;
    }
  }
  if (csvs.length === 0) return [warning('OPEN_COLUMNS_UNUSED', `open-answer columns are named (${names.join(', ')}), but no survey CSV is read`)];
  const answers = (c: SurveyColumn) => !c.respondent;
  const errors: QevalError[] = [];
  names.forEach((name, index) => {
    if (surveys.length === 0 || surveys.some((s) => s.columns.some((c) => answers(c) && namesColumn(name, c)))) return;
    errors.push(columnNotFound(name, namedBy(index), surveys));
  });
  if (errors.length > 0) throw QevalError.all(errors);
  return surveys
    .filter((s) => !s.columns.some((c) => answers(c) && names.some((n) => namesColumn(n, c))))
    .map((s) => warning('SURVEY_OPEN_COLUMNS_ABSENT', `has none of the open-answer columns named (${names.join(', ')}): its open answers are the columns whose answers are sentences`, { file: s.id }, { columns: [...names] }));
}

/** The error for an open-answer column `name` (given by `by`) that none of `surveys` has: their columns, the closest name, and what names a column. */
function columnNotFound(name: string, by: string, surveys: readonly { id: string; columns: SurveyColumn[] }[]): QevalError {
  const one = surveys.length === 1;
  const respondent = surveys.flatMap((s) => s.columns).find((c) => c.respondent && namesColumn(name, c));
  const where = one ? { file: surveys[0]!.id, line: 1 } : { file: surveys.length <= 4 ? surveys.map((s) => s.id).join(', ') : `${surveys.slice(0, 3).map((s) => s.id).join(', ')} and ${surveys.length - 3} more surveys` };
  if (respondent) {
    return new QevalError('SURVEY_COLUMN_IS_RESPONDENT', `${by} names "${name}", the respondent column: it names each row's document and is never coded; name the columns of answers`, where);
  }
  // Each column by its name, with its question text when the export has one.
  const columns = [...new Set(surveys.flatMap((s) => s.columns.filter((c) => !c.respondent).map((c) => (c.label === c.name ? `"${c.name}"` : `"${c.name}" ("${c.label}")`))))];
  const shown = columns.slice(0, 12).join(', ') + (columns.length > 12 ? ', ...' : '');
  const labels = [...new Set(surveys.flatMap((s) => s.columns.flatMap((c) => (c.respondent ? [] : [c.name, c.label]))))];
  const near = closest(name, labels);
  const which = one ? 'which is not a column of this survey: its columns are' : `which none of these ${surveys.length} surveys has: their columns are`;
  return new QevalError('SURVEY_COLUMN_NOT_FOUND', `${by} names "${name}", ${which} ${shown || 'none but the respondent'}${near ? `; did you mean "${near}"?` : ''} (a column is named by its header or its question text)`, where);
}

/** The documents standard input holds (`bytes`, not empty), read with the reader its first bytes call for (see sniffExtension); id `-`. */
export async function readStdinDocuments(bytes: Buffer, options: ReadOptions): Promise<SourceDocument[]> {
  return refuseEmptyDocument(await readers[sniffExtension(bytes)]!('-', '-', bytes, options), '-');
}

/**
 * The documents a file (or standard input, `-`) gave, unless it is one document of white space,
 * punctuation or front matter alone (no letter or digit): QevalError EMPTY_DOCUMENT, since scoring it would raise every "no evidence of
 * ..." flag as if it were a finding.
 */
function refuseEmptyDocument(docs: SourceDocument[], id: string): SourceDocument[] {
  if (docs.length === 1 && !docs[0]!.regions && !/[\p{L}\p{N}]/u.test(docs[0]!.text.slice(docs[0]!.bodyStart))) {
    throw new QevalError('EMPTY_DOCUMENT', id === '-' ? 'standard input has no words (only white space, punctuation or front matter)' : 'the document has no words (only white space, punctuation or front matter)', { file: id });
  }
  return docs;
}

/**
 * Why a file a folder gave is not read as a document: it is the attributes or organizations CSV
 * (`excluded`), a CSV that is not a survey (see notSurvey), or an output qeval wrote (see
 * qevalOutput); '' when it is read. Files named on the command line (`named`, absolute paths) are
 * always read. Throws nothing (a file that cannot be looked into is left to its reader).
 */
export async function folderSkip(file: string, named: ReadonlySet<string>, excluded: ReadonlySet<string>): Promise<string> {
  if (named.has(file)) return '';
  if (excluded.has(file)) return 'the attributes or organizations CSV';
  return path.extname(file).toLowerCase() === '.csv' ? notSurvey(file) : qevalOutput(file);
}

/**
 * The finding a folder's passed-over file gives (see folderSkip's reason): NOT_A_SURVEY for a CSV,
 * QEVAL_OUTPUT for a report, table or grid qeval wrote; worded for a warning line.
 */
export function skipFinding(file: string, reason: string): { id: 'NOT_A_SURVEY' | 'QEVAL_OUTPUT'; message: string } {
  return path.extname(file).toLowerCase() === '.csv' ? { id: 'NOT_A_SURVEY', message: `not read as a survey (${reason})` } : { id: 'QEVAL_OUTPUT', message: `not read as a document (${reason})` };
}

/**
 * The finding QEVAL_OUTPUT_NAMED for a file named among the inputs (a shell pattern such as `in/*`
 * names every file) that is an output of qeval (see qevalOutput): it is coded, as every named file
 * is, but its quotes count a second time. Undefined for any other file.
 */
export async function namedOutputFinding(file: string): Promise<{ id: 'QEVAL_OUTPUT_NAMED'; message: string } | undefined> {
  if (path.extname(file).toLowerCase() === '.csv') return undefined;
  const own = await qevalOutput(file);
  return own ? { id: 'QEVAL_OUTPUT_NAMED', message: `coded as a document, as it is named among the inputs, though ${own}: what it quotes counts twice` } : undefined;
}

/**
 * The error when every file the inputs gave was passed over (folderSkip): QevalError NO_DOCUMENTS,
 * naming the inputs, worded for CSVs alone or for qeval's outputs among them.
 */
export function nothingToRead(skipped: readonly string[], inputs: readonly string[]): QevalError {
  const n = skipped.length;
  const what = skipped.every((f) => path.extname(f).toLowerCase() === '.csv')
    ? `${counted(n, 'CSV file')} found ${agree(n, 'is not a survey', 'are not surveys')} (name a survey CSV itself to code it)`
    : `${counted(n, 'file')} found ${agree(n, 'is a CSV that is not a survey or an output', 'are CSVs that are not surveys or outputs')} qeval wrote (name a file itself to code it)`;
  return new QevalError('NO_DOCUMENTS', `no documents: the ${what}`, { file: inputs.join(' ') });
}

/**
 * Why a file found in a folder is an output of qeval rather than a source document, from its first
 * bytes: a `.txt` table (see qevalTableKind), a Markdown file that starts with MARKDOWN_MARK, a Word
 * report whose author is `qeval` (docProps/core.xml). Coding them would count the quoted evidence a
 * second time. '' for anything else, or a file that cannot be read.
 */
export async function qevalOutput(file: string): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.txt' || ext === '.text') {
    const kind = qevalTableKind(headText(await readHead(file, 4096)));
    return kind === '' ? '' : `it is ${kind}`;
  }
  if (ext === '.md' || ext === '.markdown') {
    const head = headText(await readHead(file, 2 * MARKDOWN_MARK.length + 3)).replace(/^\ufeff/, '');
    return head.startsWith(MARKDOWN_MARK) ? 'it is a Markdown file qeval wrote' : '';
  }
  if (ext === '.docx') return (await docxAuthor(file)) === 'qeval' ? 'it is a Word report qeval wrote: its author is qeval' : '';
  return '';
}

/**
 * The author (`dc:creator`) of a Word file's core properties, or undefined when it names none or the
 * file cannot be read as a ZIP archive within the read limits. Reads the whole file (the archive's
 * directory is at its end); only a folder's .docx files are looked into so.
 */
async function docxAuthor(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > DEFAULT_READ_LIMITS.fileBytes) return undefined;
    const parts = readArchive(await readFile(file), file, 'Word', { entries: DEFAULT_READ_LIMITS.archive.entries, bytes: 1 << 20 }, (name) => name === 'docProps/core.xml');
    const core = parts['docProps/core.xml'];
    if (!core) return undefined;
    return /<dc:creator>([^<]*)<\/dc:creator>/.exec(Buffer.from(core).toString('utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Why a CSV found in a folder is not a survey, from its header: an attributes or coding CSV (a
 * `document` column), a segments file, an organizations CSV (`organization` first), a failures
 * list or a score file (`count:`, `density:`, `index:` columns, also grouped by `--by`); '' for a survey.
 */
async function notSurvey(file: string): Promise<string> {
  const head = (await readHead(file, 4096)).toString('utf8').replace(/^\ufeff/, '');
  const header = (head.split(/\r?\n/)[0] ?? '').split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  if (header.includes('document')) return 'it has a "document" column: an attributes, coding or segments CSV';
  if (header[0] === 'organization' || header[0] === 'organisation') return 'its first column is "organization": an organizations CSV';
  if (header[0] === 'code') return 'its first column is "code": a table of codes (a report\'s matrix, an agreement table)';
  if (header.join(',') === 'file,line,code,message') return 'a list of files qeval could not read';
  // `qeval score --by ...` rows name groups, not documents; their columns are counts, densities and indices of codes.
  if (header.some((c) => /^(?:rank|count|density|index|flag):/.test(c))) return 'it has count:, density: or index: columns: a qeval score file';
  return '';
}

/**
 * The format of standard input, from its first bytes: PDF, a Word or OpenDocument ZIP, WebVTT;
 * anything else is text (Markdown, so front matter is read).
 */
export function sniffExtension(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 128)).toString('latin1');
  if (head.startsWith('%PDF-')) return '.pdf';
  if (head.startsWith('PK\u0003\u0004')) return /^.{30}mimetype.{0,40}application\/vnd\.oasis\.opendocument/s.test(head) ? '.odt' : '.docx';
  if (/^(\ufeff|\u00ef\u00bb\u00bf)?WEBVTT(?=[ \t\r\n]|$)/.test(head)) return '.vtt';
  return '.md';
}

/** The first `bytes` bytes of a file (fewer when it is shorter; none when it cannot be read). */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  // A named pipe would make open wait for a writer: only regular files are looked into.
  if (!(await stat(file).catch(() => undefined))?.isFile()) return Buffer.alloc(0);
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return Buffer.alloc(0);
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads one input file (absolute path) as the documents it holds, with the reader of its kind, within
 * the size limits (attributes CSV not merged, languages not inspected). Throws QevalError
 * UNSUPPORTED_FORMAT, NOT_A_FILE (a device or pipe), FILE_TOO_LARGE, UNREADABLE_FILE, EMPTY_FILE, EMPTY_DOCUMENT (no letter or digit
 * outside front matter), and what the reader throws.
 * Streaming commands call it once per file; `bytes` may be given when already read.
 */
export async function readInputFile(file: string, id: string, options: ReadOptions, given?: Buffer): Promise<SourceDocument[]> {
  const ext = path.extname(file).toLowerCase();
  const reader = readers[ext];
  if (!reader) {
    throw new QevalError('UNSUPPORTED_FORMAT', UNSUPPORTED[ext] ?? `unsupported file type "${ext || '(none)'}"; qeval reads ${Object.keys(readers).join(', ')}`, { file: id });
  }
  const limit = readLimits(options).fileBytes;
  let size = given?.length;
  if (size === undefined) {
    const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
      throw new QevalError('UNREADABLE_FILE', `cannot read the file (${e.code ?? e.message})`, { file: id });
    });
    // A device or pipe a folder holds (a link to /dev/zero named .txt) would be read without end.
    if (!info.isFile()) throw new QevalError('NOT_A_FILE', 'not a regular file (a device, pipe or socket); it is not read', { file: id });
    size = info.size;
  }
  if (size > limit) {
    throw new QevalError('FILE_TOO_LARGE', `the file is ${(size / 2 ** 20).toFixed(1)} MiB, more than qeval reads (${Math.round(limit / 2 ** 20)} MiB); split it`, { file: id });
  }
  const bytes = given ?? await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new QevalError('UNREADABLE_FILE', `cannot read the file (${e.code ?? e.message})`, { file: id });
  });
  if (bytes.length === 0) throw new QevalError('EMPTY_FILE', 'the file is empty', { file: id });
  const docs = refuseEmptyDocument(await reader(file, id, bytes, options), id);
  for (const doc of docs) {
    // Subtitles carry their own cue times and survey rows are no transcripts; text, Markdown, Word,
    // OpenDocument and PDF transcripts get the times written with their speakers' labels.
    if (!doc.times && !doc.regions) {
      const times = timedLabelLines(doc.text, doc.bodyStart);
      if (times.length > 0) doc.times = times;
    }
  }
  return docs;
}

/** The document id of a file: its path relative to `root` with `/` separators (absolute when outside it). */
export function documentIdOf(root: string, file: string): string {
  return toId(root, file);
}

export async function readCsvFile(abs: string, display: string, encoding?: string): Promise<CsvTable> {
  const bytes = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
    throw new QevalError('NOT_FOUND', e.code === 'ENOENT' ? 'no such file' : `cannot read (${e.code})`, { file: display });
  });
  noteInputFile(abs);
  return parseCsv(decodeBytes(bytes, display, encoding).text, display);
}

/** Adds attribute columns to the documents the CSV names (CSV values win over front matter). */
/**
 * The key an attributes CSV row and a document id meet on: the id trimmed, with `/` separators,
 * without a leading `./`, in Unicode's composed form (NFC), so that "š" typed as s + combining caron
 * (as macOS writes file names) and a precomposed "š" name the same document.
 */
export function attributeKey(id: string): string {
  return id.trim().replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');
}

export function mergeAttributes(docs: SourceDocument[], table: CsvTable, file: string): string[] {
  checkUniqueColumns(table, file, 'the attributes CSV');
  if (!table.header.includes('document')) {
    throw new QevalError('ATTRIBUTES_NO_DOCUMENT_COLUMN', `the attributes CSV needs a "document" column naming each document (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  const byId = new Map<string, Record<string, string>>();
  table.rows.forEach((row, i) => {
    const id = attributeKey(row.document ?? '');
    if (byId.has(id)) throw new QevalError('ATTRIBUTES_DUPLICATE', `document "${id}" is listed twice`, { file, line: table.lines[i], column: 1 });
    byId.set(id, row);
  });
  const used = new Set<string>();
  for (const doc of docs) {
    const key = byId.has(attributeKey(doc.id)) ? attributeKey(doc.id) : attributeKey(doc.id.split('#')[0] as string);
    const row = byId.get(key);
    if (!row) continue;
    used.add(key);
    for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') doc.attributes[k] = v.trim();
  }
  return [...byId.keys()].filter((id) => !used.has(id));
}

function toId(root: string, file: string): string {
  return pathFrom(root, file).split(path.sep).join('/');
}

/** `file` (absolute) as seen from `folder`: relative when inside it, else absolute. */
export function pathFrom(folder: string, file: string): string {
  const rel = path.relative(folder, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function readText(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  // Front matter is a Markdown convention; in a .txt file a leading "---" is part of the text.
  const markdown = /\.(md|markdown)$/i.test(file) || file === '-';
  const { attributes, bodyStart } = markdown ? readFrontMatter(text, id) : { attributes: {}, bodyStart: 0 };
  // Link and image targets (addresses, embedded images) are blanked: not words, offsets unchanged.
  const body = markdown ? blankLinkTargets(text, bodyStart) : text;
  // A title line is not evidence: the body starts after it (offsets still count from the file's start).
  return [{ id, text: body, attributes, encoding, bodyStart: titleLineEnd(body, bodyStart) }];
}
