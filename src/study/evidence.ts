// Gathers the evidence a report needs from the command line: segments files read as they are, documents coded on the fly.
import { counted } from '../model/words.js';
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { Codebook } from '../codebook/types.js';
import { compareSegments } from '../aggregate/evidence.js';
import type { DocumentInfo, ModelRef, OrganizationInfo } from '../aggregate/types.js';
import { modelRefOf } from '../learn/model.js';
import type { ModelSource } from '../engine/code-many.js';
import { defaultJobs, planAnalysis, runAnalysis, runDiagnostics, type AnalysisRequest } from '../io/analysis-run.js';
import { checkUniqueColumns } from '../io/csv.js';
import { attributeKey, readCsvFile } from '../io/read-documents.js';
import { isSegmentsFile, parseSegments, readSegmentsFile, segmentsKindOf } from '../io/read-segments.js';
import { isCodingFile } from '../io/read-coding.js';
import { decodeBytes } from '../io/decode.js';
import { warning, type Diagnostic } from '../model/diagnostics.js';
import { QevalError } from '../model/errors.js';
import { UNIT_KINDS, type CodedSegment, type UnitKind } from '../model/types.js';
import { pushAll } from '../model/arrays.js';

/** Hears how far coding has come: the files and bytes planned, then each file done (a progress display at the edge). */
export interface CodingProgress {
  start(files: number, bytes: number): void;
  /** A file done: its bytes and id. */
  file(bytes: number, id: string): void;
  /** A large file's coding so far (AnalysisHooks.onCoded): its id and the bytes of it coded. */
  coding?(id: string, bytes: number): void;
}

export interface EvidenceRequest {
  /** Documents (files, folders, globs) and/or segments files (.json, .ndjson, .jsonl, or CSV with the segment header). */
  inputs: readonly string[];
  cwd: string;
  codebooks: readonly Codebook[];
  /**
   * Trained models (as loadModels gives them), each used with the codebook it belongs to. Worker
   * threads load the same files again (ModelSource.file, relative to cwd).
   */
  models?: readonly ModelSource[];
  /**
   * Whether `models` were named by the user (not the codebooks' own defaults). Segments files do not
   * record the model that coded them: only models named so are reported as theirs.
   */
  modelsNamed?: boolean;
  /** Worker threads to code with (default: the number of cores for inputs over 2 MB, else 1); the result is the same for every number. */
  jobs?: number;
  /** Keep each coded document's text in `sources` (for `export`); other callers keep no text after coding. */
  texts?: boolean;
  attributes?: string;
  organizations?: string;
  unit?: UnitKind;
  encoding?: string;
  /** The open-answer columns of survey CSVs (see ReadOptions.openColumns). */
  openColumns?: string[];
  root?: string;
  /** Hears each document file that cannot be read, and its path relative to cwd; the others are still coded (see ReadOptions.onFailure). */
  onFailure?: (error: QevalError, file: string) => void;
  /** Source of the input named `-`: a document, or segments written by `qeval code` (JSON, NDJSON, CSV). */
  stdin?: () => Promise<Buffer>;
  /** Hears the documents' coding progress. */
  progress?: CodingProgress;
  /** Folders (absolute) never read as documents: the command's own output folder. */
  excludeFolders?: readonly string[];
}

export interface GatheredEvidence {
  segments: CodedSegment[];
  documents: DocumentInfo[];
  /** The texts of the documents coded here, when the request asked for `texts` (none for segments files). */
  sources: DocumentText[];
  organizations: OrganizationInfo[];
  /** The unit of the segments: the requested one, else the one segments files use, else the codebook's. */
  unit: UnitKind | null;
  /** Things the user should know that do not stop the run (the CLI writes them on stderr, with flag hints by id). */
  diagnostics: Diagnostic[];
  /** The models documents were coded with here (none when the evidence is segments files only). */
  models: ModelRef[];
  /** Some of the inputs were segments files (their documents have only the attributes CSV's attributes). */
  fromSegments: boolean;
}

/** A coded document's normalized text and attributes. */
export interface DocumentText {
  id: string;
  text: string;
  attributes: Record<string, string>;
}

async function isFile(abs: string): Promise<boolean> {
  return (await stat(abs).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Splits inputs into segments files and document inputs. Throws QevalError CODING_NOT_SEGMENTS for
 * a coding CSV a person wrote (document, code, and text or start/end columns, no segments header),
 * which would otherwise be read as a survey and refused in words about respondents.
 */
export async function partitionInputs(inputs: readonly string[], cwd: string): Promise<{ segments: string[]; documents: string[] }> {
  const segments: string[] = [];
  const documents: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if ((await isFile(abs)) && (await isSegmentsFile(abs))) segments.push(input);
    else if ((await isFile(abs)) && (await isCodingFile(abs))) {
      throw new QevalError('CODING_NOT_SEGMENTS', 'a coding CSV (document, code, and text or start and end columns), not a survey nor a segments file qeval wrote: qeval agree and qeval train read it; here give documents, or segments files written by qeval code or qeval import', { file: input, line: 1, column: 1 });
    } else documents.push(input);
  }
  return { segments, documents };
}

/** The rows of an organizations CSV: an `organization` (or `id`) column and any organization-level attributes. */
export async function readOrganizations(file: string, cwd: string, encoding?: string): Promise<OrganizationInfo[]> {
  const table = await readCsvFile(path.resolve(cwd, file), file, encoding);
  checkUniqueColumns(table, file, 'the organizations CSV');
  const idColumn = ['organization', 'id'].find((c) => table.header.includes(c));
  if (!idColumn) {
    throw new QevalError('ORGANIZATIONS_NO_ID_COLUMN', `the organizations CSV needs an "organization" column with the ids used in the documents' organization attribute (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  const seen = new Set<string>();
  return table.rows.map((row, i) => {
    // In Unicode's composed form (NFC), as the documents' attribute values are.
    const id = (row[idColumn] ?? '').trim().normalize('NFC');
    const place = { file, line: table.lines[i], column: 1 };
    if (id === '') throw new QevalError('ORGANIZATIONS_EMPTY_ID', `row without an ${idColumn}; fill it in or delete the row`, place);
    if (seen.has(id)) throw new QevalError('ORGANIZATIONS_DUPLICATE', `organization "${id}" is listed twice`, place);
    seen.add(id);
    const attributes: Record<string, string> = {};
    for (const h of table.header) if (h !== idColumn) attributes[h] = (row[h] ?? '').trim();
    return { id, attributes };
  });
}

/** Documents named in an attributes CSV, for when only segments are given (the CSV is their only metadata). */
async function documentsFromAttributes(file: string, cwd: string, encoding?: string): Promise<DocumentInfo[]> {
  const table = await readCsvFile(path.resolve(cwd, file), file, encoding);
  checkUniqueColumns(table, file, 'the attributes CSV');
  if (!table.header.includes('document')) {
    throw new QevalError('ATTRIBUTES_NO_DOCUMENT_COLUMN', `the attributes CSV needs a "document" column naming each document (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  return table.rows.map((row) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') attributes[k] = v.trim().normalize('NFC');
    return { id: (row.document ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, ''), attributes };
  });
}

/**
 * Joins the attributes CSV's rows to the documents of a run that reads segments files, as reading the
 * documents joins them: a document (coded here, or named by a segment) takes its own row, else its
 * file's row (`survey.csv` for `survey.csv#S04`), over the attributes it has. Rows that name no such
 * document or file are not documents of the run: they are left out, with the warning
 * ATTRIBUTES_NOT_IN_SEGMENTS (reading documents warns of such rows as ATTRIBUTES_UNMATCHED). `documents` is updated in place.
 */
function attachAttributes(documents: Map<string, DocumentInfo>, segments: readonly CodedSegment[], rows: readonly DocumentInfo[], file: string): Diagnostic[] {
  const byKey = new Map(rows.map((r) => [attributeKey(r.id), r.attributes]));
  const ids = new Set([...documents.keys(), ...segments.map((x) => x.document)]);
  const used = new Set<string>();
  for (const id of [...ids].sort()) {
    const key = byKey.has(attributeKey(id)) ? attributeKey(id) : attributeKey(id.split('#')[0]!);
    const row = byKey.get(key);
    if (row === undefined) continue;
    used.add(key);
    const known = documents.get(id);
    documents.set(id, { id, attributes: { ...known?.attributes, ...row } });
  }
  const unmatched = rows.map((r) => r.id).filter((id) => !used.has(attributeKey(id)));
  if (unmatched.length === 0) return [];
  return [warning('ATTRIBUTES_NOT_IN_SEGMENTS', `${unmatched.length} ${unmatched.length === 1 ? 'row names' : 'rows name'} no document of the segments read (e.g. "${unmatched[0]}"): left out, not counted as analysed; a segments file names only documents with coded segments, so a document coded without any is counted only when its text is read`, { file }, { rows: unmatched })];
}

/** What makes two segments the same evidence: document, code, span and coder (rule and matched words may differ). */
function segmentKey(s: CodedSegment): string {
  return [s.document, s.code, s.start, s.end, s.coder].join('\u0000');
}

/** Every field, for a total order among segments with the same key (so which one is kept never depends on input order). */
function segmentTieBreak(s: CodedSegment): string {
  return JSON.stringify([s.line, s.unit, s.speaker, s.text, s.rule, s.matched, s.negated_from ?? null]);
}

/**
 * Drops segments that repeat one already seen (same document, code, start, end and coder), as when
 * the same segments file is given twice, or a document is both coded here and given as its segments
 * file. Of each set of duplicates the one first in a fixed order of its other fields is kept, so the
 * result does not depend on the order of the inputs. Returns the kept segments, sorted.
 */
export function dedupeSegments(segments: readonly CodedSegment[]): { segments: CodedSegment[]; dropped: number } {
  const kept = new Map<string, { segment: CodedSegment; tie: string }>();
  for (const segment of segments) {
    const key = segmentKey(segment);
    const tie = segmentTieBreak(segment);
    const known = kept.get(key);
    if (!known || tie < known.tie) kept.set(key, { segment, tie });
  }
  // Kept keys are distinct, so this order (document, position, code, rule, coder) is total.
  return { segments: [...kept.values()].map((k) => k.segment).sort(compareSegments), dropped: segments.length - kept.size };
}

/**
 * The one step that turns coded segments into evidence, for `swot`, `report`, `export` and `run`
 * alike: duplicates dropped (dedupeSegments) and the rest sorted, with a DUPLICATE_SEGMENTS warning
 * saying how many were dropped.
 */
export function evidenceSegments(segments: readonly CodedSegment[]): { segments: CodedSegment[]; diagnostics: Diagnostic[] } {
  const unique = dedupeSegments(segments);
  const diagnostics: Diagnostic[] = [];
  if (unique.dropped > 0) {
    diagnostics.push(warning('DUPLICATE_SEGMENTS', `dropped ${counted(unique.dropped, 'duplicate segment')} (same document, code, start, end and coder), e.g. from a segments file given twice or a document given both as text and as segments; each is counted once`, {}, { dropped: unique.dropped }));
  }
  return { segments: unique.segments, diagnostics };
}

/** What to code: documents named on a command line or in a study file (inputs and places as AnalysisRequest has them), and how. */
export interface CodeInputsRequest extends Pick<AnalysisRequest, 'inputs' | 'cwd' | 'base' | 'root' | 'encoding' | 'openColumns' | 'openColumnsNamedBy' | 'attributes' | 'exclude' | 'excludeFolders' | 'stdin'> {
  /** The codebooks, the first the default for documents in a language none has. */
  codebooks: readonly Codebook[];
  /** The models loaded for them (loadModels); none codes with the rules alone. */
  models: readonly ModelSource[];
  unit?: UnitKind;
  jobs?: number;
  texts?: boolean;
  onFailure?: (error: QevalError, file: string) => void;
  progress?: CodingProgress;
}

/** Documents coded: their segments (as coded, not yet deduplicated), attributes, texts if asked, and what the run found. */
export interface CodedInputs {
  segments: CodedSegment[];
  documents: DocumentInfo[];
  sources: DocumentText[];
  diagnostics: Diagnostic[];
}

/**
 * Codes documents through the streaming analysis every coding command shares (planAnalysis,
 * runAnalysis: one file at a time, in worker threads with `jobs` > 1, results in document order), keeping of
 * each document only its segments and attributes (and its text when `texts`). Diagnostics come in
 * this order: files not read as surveys, label-like lines per document, then the run's findings
 * (languages detected, languages no codebook has, attribute rows naming no document). Throws what
 * planAnalysis and runAnalysis throw.
 */
export async function codeInputs(req: CodeInputsRequest): Promise<CodedInputs> {
  const codebooks = [...req.codebooks];
  // Codebooks not loaded from a file cannot be loaded again in a worker thread: those are coded in this one.
  const threadable = codebooks.every((c) => c.file !== undefined);
  const plan = await planAnalysis({
    inputs: req.inputs,
    cwd: req.cwd,
    base: req.base,
    root: req.root,
    encoding: req.encoding,
    openColumns: req.openColumns,
    openColumnsNamedBy: req.openColumnsNamedBy,
    attributes: req.attributes,
    exclude: req.exclude,
    excludeFolders: req.excludeFolders,
    stdin: req.stdin,
    codebooks,
    codebookFiles: codebooks.map((c) => ({ abs: path.resolve(req.cwd, c.file ?? ''), display: c.file ?? '' })),
    model: req.models.length === 0 ? false : req.models.map((m) => m.file),
    code: { unit: req.unit },
    output: { scores: false, coded: true, ...(req.texts ? { texts: true } : {}) },
  });
  const out: CodedInputs = { segments: [], documents: [], sources: [], diagnostics: [...plan.diagnostics] };
  req.progress?.start(plan.tasks.length, plan.totalBytes);
  const summary = await runAnalysis(plan, threadable ? defaultJobs(req.jobs, plan.totalBytes) : 1, {
    models: [...req.models],
    onFailure: req.onFailure,
    onDocument: (doc) => {
      for (const s of doc.coded ?? []) out.segments.push(s);
      out.documents.push({ id: doc.id, attributes: doc.attributes });
      if (req.texts) out.sources.push({ id: doc.id, text: doc.text ?? '', attributes: doc.attributes });
    },
    onFile: (file) => {
      out.diagnostics.push(...(file.diagnostics ?? []));
      req.progress?.file(file.bytes, file.id);
    },
    onCoded: (file, bytes) => req.progress?.coding?.(file, bytes),
  });
  out.diagnostics.push(...runDiagnostics(plan, summary));
  return out;
}

function unitOfSegments(segments: readonly CodedSegment[]): UnitKind | null {
  const kinds = new Set(segments.map((s) => s.unit.split(':')[0]));
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return (UNIT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as UnitKind) : null;
}

/**
 * Reads segments files, codes the other inputs (codeInputs), and joins documents with their
 * attributes; the segments go through evidenceSegments. Throws QevalError NO_INPUTS, NO_CODEBOOK,
 * NO_STDIN, EMPTY_FILE (empty standard input), and what codeInputs, the segments readers and
 * readOrganizations throw.
 */
export async function gatherEvidence(req: EvidenceRequest): Promise<GatheredEvidence> {
  if (req.inputs.length === 0) throw new QevalError('NO_INPUTS', 'give documents to code or a segments file written by `qeval code`');
  if (req.codebooks.length === 0) throw new QevalError('NO_CODEBOOK', 'no codebook: pass one with -c');
  const diagnostics: Diagnostic[] = [];
  const parts = await partitionInputs(req.inputs, req.cwd);
  const segments: CodedSegment[] = [];
  const documents = new Map<string, DocumentInfo>();
  let sources: DocumentText[] = [];
  let stdin: Buffer | undefined;
  if (parts.documents.includes('-')) {
    if (!req.stdin) throw new QevalError('NO_STDIN', 'reading from standard input ("-") is not available here');
    stdin = await req.stdin();
    if (stdin.length === 0) throw new QevalError('EMPTY_FILE', 'standard input is empty; pipe a document or segments into it', { file: '-' });
    const kind = segmentsKindOf(decodeBytes(stdin, '-').text);
    if (kind) {
      pushAll(segments, parseSegments(decodeBytes(stdin, '-').text, '-', kind));
      parts.documents = parts.documents.filter((i) => i !== '-');
      parts.segments.push('-');
    }
  }

  if (parts.documents.length > 0) {
    const coded = await codeInputs({
      inputs: parts.documents,
      cwd: req.cwd,
      root: req.root,
      encoding: req.encoding,
      openColumns: req.openColumns,
      attributes: req.attributes,
      exclude: req.organizations ? [req.organizations] : [],
      stdin,
      codebooks: req.codebooks,
      models: req.models ?? [],
      unit: req.unit,
      jobs: req.jobs,
      texts: req.texts,
      onFailure: req.onFailure,
      progress: req.progress,
      excludeFolders: req.excludeFolders,
    });
    pushAll(segments, coded.segments);
    for (const d of coded.documents) documents.set(d.id, d);
    sources = coded.sources;
    diagnostics.push(...coded.diagnostics);
  }
  for (const file of parts.segments) {
    if (file === '-') continue;
    const read = await readSegmentsFile(path.resolve(req.cwd, file), file);
    pushAll(segments, read);
  }
  if (parts.segments.length > 0) {
    if (req.attributes) {
      diagnostics.push(...attachAttributes(documents, segments, await documentsFromAttributes(req.attributes, req.cwd, req.encoding), req.attributes));
    } else {
      diagnostics.push(warning('SEGMENTS_WITHOUT_ATTRIBUTES', 'segments files carry no document attributes'));
    }
  }
  const unique = evidenceSegments(segments);
  diagnostics.push(...unique.diagnostics);
  const known = new Set(req.codebooks.flatMap((c) => c.codes.map((x) => x.id)));
  const unknown = [...new Set(unique.segments.map((s) => s.code).filter((c) => !known.has(c)))].sort();
  if (unknown.length > 0) diagnostics.push(warning('UNKNOWN_CODES', `the codebook does not know these codes of the segments (they are counted but fall outside every section): ${unknown.join(', ')}`, {}, { codes: unknown }));
  const organizations = req.organizations ? await readOrganizations(req.organizations, req.cwd, req.encoding) : [];
  return {
    segments: unique.segments,
    documents: [...documents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    sources,
    organizations,
    unit: req.unit ?? (parts.documents.length === 0 ? unitOfSegments(unique.segments) : (req.codebooks[0]?.spec.unit ?? 'sentence')),
    fromSegments: parts.segments.length > 0,
    diagnostics,
    // Models named for segments files are reported as theirs when the segments say a model coded them
    // (method model or rule+model); the codebooks' default models may not be the ones that did.
    models: parts.documents.length > 0 || (req.modelsNamed === true && unique.segments.some((x) => x.method === 'model' || x.method === 'rule+model')) ? (req.models ?? []).map((m) => modelRefOf(m.model, m.file)) : [],
  };
}

/** The codebook whose labels a report in `lang` uses: the one in that language, else the first. */
export function codebookForLanguage(codebooks: readonly Codebook[], lang: string): Codebook {
  const found = codebooks.find((c) => c.spec.language === lang) ?? codebooks[0];
  if (!found) throw new QevalError('NO_CODEBOOK', 'no codebook: pass one with -c');
  return found;
}
