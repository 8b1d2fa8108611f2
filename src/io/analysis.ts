// The streaming analysis every command that codes documents shares (code, score, swot, report, run, export): input files read, coded and measured one at a time (in worker threads with --jobs), results in document order, with an optional cache.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Codebook } from '../codebook/types.js';
import { documentMeasures, type ScoreMeasures } from '../aggregate/scores.js';
import { codingSegmentation, type CodeOptions } from '../engine/code.js';
import { CodebookSet, languageOf, type ModelSource } from '../engine/code-many.js';
import { measureDocument } from '../engine/measure.js';
import { QevalError, isQevalError, type Place } from '../model/errors.js';
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { warning, type Diagnostic } from '../model/diagnostics.js';
import { segmentStreamFormats, type SegmentFormat } from '../render/segments.js';
import { QEVAL_VERSION } from '../version.js';
import { loadCodebookFile } from './load-codebook.js';
import { loadModels } from './load-model.js';
import { inspectDocumentsData, questionerWarning, type LanguageFinding } from './inspect-documents.js';
import { attributeKey, readInputFile, readStdinDocuments } from './read-documents.js';
import { openColumnsKey } from './read-survey.js';
import { pushAll } from '../model/arrays.js';

/** Everything a worker needs to analyse files the way the main thread would (plain data: it crosses to worker threads). */
export interface AnalysisSettings {
  cwd: string;
  /** Absolute folder document ids are relative to. */
  root: string;
  encoding?: string;
  /** The open-answer columns named for survey CSVs (`--open-columns`, a study's `survey.open`; see ReadOptions.openColumns). */
  openColumns?: string[];
  /** Codebook files (absolute) and the names messages give them. */
  codebooks: { abs: string; display: string }[];
  /** `--model` files, or false for `--no-model`. */
  model: string[] | false | undefined;
  code: CodeOptions;
  /** Set for `code`: each document's segments are formatted in this format. */
  segments?: { format: SegmentFormat; width?: number };
  /**
   * A document whose formatted segments pass `bytes` has them written to a file of its own in `dir`
   * (a private folder the run makes and removes) instead of held in memory; see SpilledBody.
   */
  spill?: { dir: string; bytes: number };
  /** Set for `score`: each document is measured (units, words, pages, code counts). */
  scores: boolean;
  /** Set for `swot`, `report`, `run` and `export`: each document's coded segments are returned as data (DocumentResult.coded). */
  coded?: boolean;
  /** Set for `export`: each document's normalized text is returned (DocumentResult.text); other commands keep no text after coding. */
  texts?: boolean;
  /** Attributes CSV rows by document id (CSV values win over front matter). */
  attributes?: Record<string, Record<string, string>>;
  /** `--cache DIR` (absolute; `display` as the user named it, for messages) and the fingerprint of codebooks, models, options and qeval version. */
  cache?: { dir: string; display?: string; fingerprint: string };
}

/** What the main thread has loaded already (see FileAnalyzer's constructor); never sent to worker threads. */
export interface AnalysisPreload {
  codebooks: Codebook[];
  models?: ModelSource[];
}

/** One input file to analyse; `bytes` only for standard input (`file` and `id` are `-`). */
export interface FileTask {
  file: string;
  id: string;
  bytes?: Uint8Array;
  /** The file's size in bytes, when known (it paces how far threads run ahead of the output). */
  size?: number;
}

/**
 * Formatted segments written to a file instead of held in memory (a large document's): the pieces
 * joined with the format's separator, as UTF-8. Whoever writes them out removes the file.
 */
export interface SpilledBody {
  spilled: string;
  bytes: number;
}

export const isSpilled = (piece: string | Uint8Array | SpilledBody): piece is SpilledBody => typeof piece === 'object' && 'spilled' in piece;

/** Writes spilled segments to `sink` a megabyte at a time, then removes their file. Throws what reading the file or the sink throws. */
export async function writeSpilled(sink: { write(chunk: Uint8Array): Promise<void> }, body: SpilledBody): Promise<void> {
  for await (const chunk of createReadStream(body.spilled, { highWaterMark: 1 << 20 })) await sink.write(chunk as Buffer);
  await rm(body.spilled, { force: true });
}

/** What the analysis gives of one document. */
export interface DocumentResult {
  id: string;
  /** The `language` attribute as a bare code, if any. */
  language?: string;
  /** The codebook's language the document was coded with. */
  codedAs: string;
  attributes: Record<string, string>;
  /** Number of segments coded. */
  segments: number;
  /**
   * The segments formatted (settings.segments), sorted by position then code, in pieces (a window's
   * each, none empty) written one after the other with the format's separator between them: a large
   * document's output is never joined into one string. Coding gives them as UTF-8 bytes (a worker
   * thread moves them to the main thread instead of copying them; see analysis-worker), and so does
   * the cache.
   */
  body?: (string | Uint8Array | SpilledBody)[];
  /** Set when settings.scores. */
  measures?: ScoreMeasures;
  /** The coded segments, sorted by position then code; set when settings.coded. */
  coded?: CodedSegment[];
  /** The normalized text; set when settings.texts. */
  text?: string;
}

export interface FileResult {
  id: string;
  /** Bytes of the file (for throughput and progress). */
  bytes: number;
  documents: DocumentResult[];
  /** Served from the cache. */
  cached: boolean;
  /** The file could not be read (corrupt, encrypted, empty, too large ...): no documents, the run goes on. */
  failure?: WireError;
  /** Languages detected in this file's documents that had no language attribute (aggregate over a run with languageDiagnostics). */
  languages?: LanguageFinding[];
  /** Other findings about the documents read (label-like lines), in document order. */
  diagnostics?: Diagnostic[];
}

/** A failure as plain data, so it crosses from a worker thread with its code and place intact. */
export interface WireError {
  code: string;
  message: string;
  place: Place;
  status: 1 | 2;
  /** A system error's errno code (ENOENT ...), for the CLI's wording. */
  errno?: string;
  path?: string;
}

/**
 * Analyses files one at a time: reads and decodes one file, merges its attributes, codes and/or
 * measures each of its documents. Codebooks and models load on the first file not found in the
 * cache, so a fully cached re-run never loads the models.
 */
export class FileAnalyzer {
  private codebooks?: Promise<Codebook[]>;
  /** Coders per codebook (index into the codebooks), each built on first use with that codebook's own model only. */
  private readonly sets = new Map<number, Promise<CodebookSet>>();
  /** With explicit --model files: one set of every codebook and model, as they must be checked together. */
  private all?: Promise<CodebookSet>;
  /** Set once the cache could not be written (a full disk): the run goes on without storing more in it. */
  private cacheFailed = false;

  /**
   * `preloaded` codebooks (as settings.codebooks name them) save loading them again; preloaded
   * `models` (what loadModels gives for settings.model) make one CodebookSet of every codebook and
   * model, used for every document, so no model file is read here.
   */
  constructor(readonly settings: AnalysisSettings, private readonly preloaded?: AnalysisPreload) {}


  private loadCodebooks(): Promise<Codebook[]> {
    this.codebooks ??= this.preloaded ? Promise.resolve(this.preloaded.codebooks) : Promise.all(this.settings.codebooks.map((c) => loadCodebookFile(c.abs, c.display)));
    return this.codebooks;
  }

  /**
   * The coders for a document: its language's codebook (the first codebook for other languages, as
   * CodebookSet.forDocument picks) with that codebook's own model. A model is loaded when the
   * first document needing it comes, so an English corpus never loads the Lithuanian model, and a
   * run served from the cache loads none.
   */
  private async coders(doc: SourceDocument): Promise<CodebookSet> {
    const codebooks = await this.loadCodebooks();
    if (this.preloaded?.models) {
      const models = this.preloaded.models;
      this.all ??= Promise.resolve(new CodebookSet(codebooks, models));
      return this.all;
    }
    if (Array.isArray(this.settings.model) && this.settings.model.length > 0) {
      this.all ??= loadModels(this.settings.cwd, codebooks, this.settings.model).then((models) => new CodebookSet(codebooks, models));
      return this.all;
    }
    const lang = languageOf(doc);
    const index = Math.max(0, codebooks.findIndex((c) => c.spec.language === lang));
    let set = this.sets.get(index);
    if (!set) {
      const book = codebooks[index]!;
      set = loadModels(this.settings.cwd, [book], this.settings.model).then((models) => new CodebookSet([book], models));
      this.sets.set(index, set);
    }
    return set;
  }

  /** The attributes CSV rows by the file id they can apply to (see mergeRow: a survey row's `file.csv#S01` goes with `file.csv`). */
  private rowsByFile?: Map<string, [string, Record<string, string>][]>;

  /** The attributes CSV rows that can apply to the documents of file `id`, sorted by document id. */
  private attributeRowsOf(id: string): [string, Record<string, string>][] {
    if (!this.rowsByFile) {
      this.rowsByFile = new Map();
      // Keys are attributeKey's (NFC); so are the ids looked up.
      for (const [doc, row] of Object.entries(this.settings.attributes ?? {})) {
        const file = doc.split('#')[0]!;
        const list = this.rowsByFile.get(file) ?? [];
        list.push([doc, row]);
        this.rowsByFile.set(file, list);
      }
      for (const list of this.rowsByFile.values()) list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    }
    return this.rowsByFile.get(attributeKey(id.split('#')[0]!)) ?? [];
  }

  /**
   * The file's result when the cache holds it (as analyze would give it), else undefined: also when
   * there is no cache or the file cannot be read (analyze then says why). Reads the file and the
   * entry only: never parses, detects languages or codes.
   */
  async fromCache(task: FileTask): Promise<FileResult | undefined> {
    const s = this.settings;
    if (!s.cache) return undefined;
    try {
      const whole = task.bytes ? task.bytes : await readWhole(task.file, task.id);
      return (await this.lookUp(task, Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength)))?.hit;
    } catch {
      return undefined;
    }
  }

  /**
   * The file's cache key, made of what decides its result before it is read as documents (its id and
   * bytes, the attributes rows naming its documents, the run's fingerprint), and its result when the
   * cache holds it; undefined without a cache.
   */
  private async lookUp(task: FileTask, bytes: Buffer): Promise<{ key: string; hit?: FileResult } | undefined> {
    const s = this.settings;
    if (!s.cache) return undefined;
    const key = cacheKey(s.cache.fingerprint, task.id, bytes, this.attributeRowsOf(task.id));
    const entry = await readCache(s.cache.dir, key);
    return { key, ...(entry ? { hit: { id: task.id, bytes: bytes.length, documents: entry.documents, cached: true, ...entry.findings } } : {}) };
  }

  /**
   * Analyses one file: a file that cannot be read or parsed gives a result with its `failure`. Throws
   * QevalError for other invalid input (naming the file). `coded`, when given, hears while a document
   * of several windows is coded how many of the file's bytes are coded so far (estimated from the
   * offset coding has reached in its text: a share of the file's bytes, each document an equal share).
   */
  async analyze(task: FileTask, coded?: (bytes: number) => void): Promise<FileResult> {
    const s = this.settings;
    let bytes: Buffer;
    try {
      bytes = task.bytes ? Buffer.from(task.bytes) : await readWhole(task.file, task.id).then((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    } catch (e) {
      // A file that cannot be read (gone, no permission, a device) is reported and left out, like one that cannot be parsed.
      const error = isQevalError(e) ? e : new QevalError('UNREADABLE_FILE', (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: task.id });
      return { id: task.id, bytes: 0, documents: [], cached: false, failure: toWireError(error) };
    }
    // A hit costs reading the file's bytes and the entry: no parsing, no language detection, no codebook or model.
    const cached = await this.lookUp(task, bytes);
    if (cached?.hit) return cached.hit;
    // What the readers find in the file (pages without text, cues out of order) is said with its other findings.
    const found: Diagnostic[] = [];
    const readOptions = { cwd: s.cwd, root: s.root, encoding: s.encoding, openColumns: s.openColumns, onDiagnostic: (d: Diagnostic) => found.push(d) };
    let docs: SourceDocument[];
    try {
      if (task.file === '-' && bytes.length === 0) throw new QevalError('EMPTY_FILE', 'standard input is empty; pipe a document or segments into it', { file: '-' });
      docs = task.file === '-' ? await readStdinDocuments(bytes, readOptions) : await readInputFile(task.file, task.id, readOptions, bytes);
    } catch (e) {
      // A file that cannot be read is reported and left out; the others are still coded.
      if (!isQevalError(e)) throw e;
      return { id: task.id, bytes: bytes.length, documents: [], cached: false, failure: toWireError(e) };
    }
    for (const doc of docs) mergeRow(doc, s.attributes);
    // Languages normalized or detected once the attributes are in.
    // A short text is told among the codebooks' languages when the detector hesitates (see inspectDocumentsData).
    const inspection = await inspectDocumentsData(docs, (await this.loadCodebooks()).map((c) => c.spec.language));
    inspection.diagnostics.unshift(...found);
    docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const documents: DocumentResult[] = [];
    for (const [i, doc] of docs.entries()) {
      const set = await this.coders(doc);
      // A speaker read as a respondent who asks the questions (generic labels): said, since their questions are quoted as evidence.
      const questioner = doc.regions ? undefined : questionerWarning(doc, codingSegmentation(set.forDocument(doc), doc, this.settings.code).turn);
      if (questioner) inspection.diagnostics.push(questioner);
      const share = bytes.length / docs.length;
      documents.push(await this.analyzeDocument(set, doc, coded && ((upTo, length) => coded(Math.floor(share * (i + upTo / length))))));
    }
    const findings = {
      ...(inspection.languages.length > 0 ? { languages: inspection.languages } : {}),
      ...(inspection.diagnostics.length > 0 ? { diagnostics: inspection.diagnostics } : {}),
    };
    const result: FileResult = { id: task.id, bytes: bytes.length, documents, cached: false, ...findings };
    if (s.cache && cached && !this.cacheFailed) {
      // The cache only saves time: a full disk ends the storing, not the run (whose output is complete).
      try {
        await writeCache(s.cache.dir, cached.key, documents, findings);
      } catch (e) {
        // Said once per thread (files read ahead may fail too before the first failure is known).
        if (!this.cacheFailed) result.diagnostics = [...(result.diagnostics ?? []), warning('CACHE_NOT_WRITTEN', `${(e as Error).message}: the files coded from here on are not stored in the cache (the output is complete; a re-run codes them again)`, { file: s.cache.display ?? s.cache.dir })];
        this.cacheFailed = true;
      }
    }
    return result;
  }

  private async analyzeDocument(set: CodebookSet, doc: SourceDocument, codedTo?: (upTo: number, length: number) => void): Promise<DocumentResult> {
    const s = this.settings;
    const compiled = set.forDocument(doc);
    // A large document is coded and formatted a window at a time (a table is laid out whole, so it is coded whole).
    const format = s.segments ? segmentStreamFormats[s.segments.format] : undefined;
    // Documents only measured (score) need no explanation of the model's segments.
    const options = s.segments || s.coded ? s.code : { ...s.code, explain: false };
    const windows = set.codeWindows(doc, options, s.segments?.format === 'table' ? Infinity : undefined, codedTo);
    const pieces: Uint8Array[] = [];
    const codes: string[] = [];
    // Commands that aggregate (swot, report, run) keep the segments themselves.
    const coded: CodedSegment[] | undefined = s.coded ? [] : undefined;
    let held = 0;
    let spill: SpillFile | undefined;
    try {
      for (const segments of windows) {
        if (format && segments.length > 0) {
          // Kept as UTF-8 bytes, outside the JavaScript heap: half the size of the string when the text has
          // a character beyond Latin-1, and ready to move to the main thread. Past settings.spill's bytes
          // (a 10 MB transcript's CSV is some 50 MB), the document's pieces go to a file instead.
          const piece = utf8.encode(format.body(segments, { width: s.segments!.width }));
          if (spill) spill.append(piece);
          else {
            pieces.push(piece);
            held += piece.length;
            if (s.spill && held > s.spill.bytes) {
              spill = new SpillFile(s.spill.dir, utf8.encode(format.separator));
              for (const p of pieces.splice(0)) spill.append(p);
            }
          }
        }
        for (const x of segments) codes.push(x.code);
        if (coded) pushAll(coded, segments);
        // The event loop runs between windows: a stop (Ctrl-C) is acted on at once, not after the whole of a
        // large document, and a thread that also hands tasks to workers gives a worker that finishes its next file.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      spill?.discard();
      throw e;
    }
    const result: DocumentResult = { id: doc.id, codedAs: compiled.codebook.spec.language, attributes: doc.attributes, segments: codes.length };
    const language = languageOf(doc);
    if (language !== undefined) result.language = language;
    if (format) result.body = spill ? [spill.close()] : pieces;
    if (s.scores) result.measures = documentMeasures(measureDocument(compiled, doc, s.code), codes);
    if (coded) result.coded = coded;
    if (s.texts) result.text = doc.text;
    return result;
  }
}

/** The attributes CSV row of a document (by its id, or a survey row's file id) over its front matter. */
function mergeRow(doc: SourceDocument, rows: AnalysisSettings['attributes']): void {
  if (!rows) return;
  const row = rows[attributeKey(doc.id)] ?? rows[attributeKey(doc.id.split('#')[0] as string)];
  if (row) Object.assign(doc.attributes, row);
}

/**
 * A file's cache key: SHA-256 of the run's fingerprint (analysisFingerprint), the file's id and bytes,
 * and the attributes CSV rows that can apply to its documents (front matter is in the bytes).
 */
function cacheKey(fingerprint: string, id: string, bytes: Buffer, rows: readonly [string, Record<string, string>][]): string {
  const h = createHash('sha256');
  h.update(fingerprint).update('\u0000').update(id).update('\u0000').update(bytes).update('\u0000');
  h.update(JSON.stringify(rows));
  return h.digest('hex');
}

const utf8 = new TextEncoder();

let spills = 0;

/** A document's formatted segments being written to a file of their own (SpilledBody), synchronously, as coding goes. */
class SpillFile {
  private readonly file: string;
  private readonly fd: number;
  private bytes = 0;

  constructor(dir: string, private readonly separator: Uint8Array) {
    this.file = path.join(dir, `${process.pid}-${threadId}-${++spills}.part`);
    this.fd = openSync(this.file, 'wx', 0o600);
  }

  append(piece: Uint8Array): void {
    if (this.bytes > 0 && this.separator.length > 0) this.write(this.separator);
    this.write(piece);
  }

  private write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    this.bytes += bytes.length;
  }

  close(): SpilledBody {
    closeSync(this.fd);
    return { spilled: this.file, bytes: this.bytes };
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }
}

/**
 * The shape of a cache entry; entries of another shape are misses (2: bodies in pieces; 3: with the
 * findings of reading the file; 4: a JSON line, then the bodies' bytes; 5: with the SHA-256 of the
 * bodies' bytes, so that an entry damaged in place is a miss, never served; 7: sentences of text
 * without end punctuation split; 8: findings with contradicted language attributes and speakers who
 * ask the questions; 9: the digest first, over the JSON line too (the measures `score` reads), with the readers' findings, PDF pages without text and subtitle cues out of order, and the speakers
 * readers know: a short transcript from subtitles or a table keeps its speakers).
 */
const CACHE_FORMAT = 9;

const cachePath = (dir: string, key: string) => path.join(dir, key.slice(0, 2), `${key}.entry`);

/**
 * A file's bytes in an ArrayBuffer of their own (never a slice of Node's shared pool, so it can be
 * moved to another thread), read with as few reads as the system allows. Throws what opening or
 * reading throws, and QevalError NOT_A_FILE (naming `id`) for a device or pipe, which would be read
 * without end (`/dev/zero`) or wrongly seen as empty.
 */
async function readWhole(file: string, id = file): Promise<Uint8Array> {
  // Looked at before it is opened: opening a named pipe waits for a writer, maybe for ever.
  if (!(await stat(file)).isFile()) throw new QevalError('NOT_A_FILE', 'not a regular file (a device, pipe or socket); it is not read', { file: id });
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** What a file's reading found beside its documents (FileResult's languages and diagnostics), kept with them in the cache. */
type Findings = Pick<FileResult, 'languages' | 'diagnostics'>;

/** A document as its cache entry's JSON line holds it: the bytes of each piece of its body, which follow the line. */
type CachedDocument = Omit<DocumentResult, 'body'> & { bodyBytes?: number[] };

/**
 * A cache entry: a line with the SHA-256 (hex) of everything after it; one line of JSON (version,
 * format, its own key, the documents with their measures and their bodies' piece lengths in bytes,
 * the findings); then every body piece's UTF-8 bytes one after the other, so a hit costs no decoding
 * and re-encoding of the formatted segments. A missing, damaged (a byte changed in place, in the JSON
 * line as in the bodies), other-shaped or misplaced entry (one whose key is not the one looked up:
 * copied or moved from another) is undefined (a miss).
 */
async function readCache(dir: string, key: string): Promise<{ documents: DocumentResult[]; findings: Findings } | undefined> {
  try {
    const whole = await readWhole(cachePath(dir, key));
    const bytes = Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength);
    // A byte changed in place (a disk error, an edit), in the measures as in the segments: the digest tells.
    const first = bytes.indexOf(10);
    if (first !== 64 || bytes.toString('latin1', 0, 64) !== createHash('sha256').update(whole.subarray(65)).digest('hex')) return undefined;
    const line = bytes.indexOf(10, 65);
    if (line < 0) return undefined;
    const data = JSON.parse(bytes.toString('utf8', 65, line)) as { version?: string; format?: number; key?: string; documents?: CachedDocument[]; findings?: Findings };
    // An entry copied or moved under another key (another file's result, an older version of this one) is a miss.
    if (data.version !== QEVAL_VERSION || data.format !== CACHE_FORMAT || data.key !== key || !Array.isArray(data.documents) || typeof data.findings !== 'object' || data.findings === null) return undefined;
    let at = line + 1;
    const documents = data.documents.map(({ bodyBytes, ...doc }) => {
      const result: DocumentResult = doc;
      // Views of the entry's own buffer (no copy): a worker thread moves that buffer to the main thread once.
      if (bodyBytes) result.body = bodyBytes.map((n) => whole.subarray(at, (at += n)));
      return result;
    });
    return at === bytes.length ? { documents, findings: data.findings } : undefined;
  } catch {
    // A missing or damaged entry is a miss: the file is coded again and the entry rewritten.
    return undefined;
  }
}

async function writeCache(dir: string, key: string, documents: DocumentResult[], findings: Findings): Promise<void> {
  const file = cachePath(dir, key);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // The cache folder is made when the run is planned; only its two-letter subfolder may be new
    // (never a recursive mkdir: Node's retries forever where a folder cannot be made).
    await mkdir(path.dirname(file)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    const pieces: Uint8Array[] = [];
    const asBytes = async (piece: string | Uint8Array | SpilledBody) => (typeof piece === 'string' ? utf8.encode(piece) : isSpilled(piece) ? readFile(piece.spilled) : piece);
    const cached: CachedDocument[] = [];
    for (const { body, ...doc } of documents) {
      if (!body) {
        cached.push(doc);
        continue;
      }
      const bodyBytes: number[] = [];
      for (const piece of body) {
        const b = await asBytes(piece);
        pieces.push(b);
        bodyBytes.push(b.length);
      }
      cached.push({ ...doc, bodyBytes });
    }
    const head = utf8.encode(`${JSON.stringify({ version: QEVAL_VERSION, format: CACHE_FORMAT, key, documents: cached, findings })}\n`);
    const digest = createHash('sha256').update(head);
    for (const p of pieces) digest.update(p);
    await writeFile(temp, [`${digest.digest('hex')}\n`, head, ...pieces]);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new QevalError('CACHE_NOT_WRITABLE', `cannot write the cache (${code === 'ENOSPC' || code === 'EDQUOT' ? `the disk is full: ${code}` : (code ?? (e as Error).message)})`, { file: dir });
  }
}

/**
 * The fingerprint of everything besides a file that decides its result: qeval version, the
 * codebooks as they code (less their indices and flags), model bytes, coding options, the open-answer columns named and output settings. Model files are found the way loadModels
 * finds them (every one that could be used counts), without loading them.
 */
export async function analysisFingerprint(settings: AnalysisSettings, codebooks: readonly Codebook[]): Promise<string> {
  const h = createHash('sha256');
  h.update(QEVAL_VERSION);
  // A codebook counts by what codes: its spec less the indices and flags, which score works out from
  // the cached counts (changing a flag's threshold codes nothing again).
  codebooks.forEach((book, i) => {
    h.update('\u0000').update(settings.codebooks[i]?.abs ?? '').update('\u0000').update(JSON.stringify({ ...book.spec, indices: undefined, flags: undefined }));
  });
  for (const f of modelFilesOf(settings, codebooks)) {
    h.update('\u0000').update(f).update('\u0000');
    if (existsSync(f)) h.update(await readFile(f));
  }
  // Output modes only `code` and `score` cache keep the key they had before the others existed.
  const more = settings.coded || settings.texts ? [settings.coded ?? false, settings.texts ?? false] : [];
  // Likewise a run without open-answer columns named; with them, their names as they are compared (case, spaces ... aside).
  const open = settings.openColumns && settings.openColumns.length > 0 ? [{ openColumns: openColumnsKey(settings.openColumns) }] : [];
  h.update(JSON.stringify([settings.code, settings.segments ?? null, settings.scores, settings.encoding ?? null, settings.root, ...more, ...open]));
  return h.digest('hex');
}

/**
 * The model files a run may code with (absolute paths, not checked to exist): the `--model` files,
 * then every codebook's own `model:` (relative to the codebook file); none with `--no-model`.
 */
export function modelFilesOf(settings: Pick<AnalysisSettings, 'cwd' | 'model'>, codebooks: readonly Codebook[]): string[] {
  if (settings.model === false) return [];
  const files = (settings.model ?? []).map((f) => path.resolve(settings.cwd, f));
  for (const c of codebooks) if (c.spec.model && c.file) files.push(path.resolve(settings.cwd, path.dirname(c.file), c.spec.model));
  return files;
}

export function toWireError(e: unknown): WireError {
  if (isQevalError(e)) return { code: e.code, message: e.message, place: e.place, status: e.status };
  const err = e as NodeJS.ErrnoException;
  return { code: 'INTERNAL', message: err?.message ?? String(e), place: {}, status: 2, errno: typeof err?.code === 'string' ? err.code : undefined, path: typeof err?.path === 'string' ? err.path : undefined };
}

export function fromWireError(w: WireError): Error {
  if (w.code !== 'INTERNAL') return new QevalError(w.code, w.message, w.place, w.status);
  const err = new Error(w.message) as NodeJS.ErrnoException;
  if (w.errno) err.code = w.errno;
  if (w.path) err.path = w.path;
  return err;
}
