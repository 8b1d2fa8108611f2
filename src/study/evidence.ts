// Gathers the evidence a report needs from the command line: segments files read as they are, documents coded on the fly.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { Codebook } from '../codebook/types.js';
import { compareSegments } from '../aggregate/evidence.js';
import type { DocumentInfo, ModelRef, OrganizationInfo } from '../aggregate/types.js';
import { modelRefOf } from '../learn/model.js';
import { CodebookSet, type ModelSource } from '../engine/code-many.js';
import { readCsvFile, readDocuments } from '../io/read-documents.js';
import { isSegmentsFile, parseSegments, readSegmentsFile, segmentsKindOf } from '../io/read-segments.js';
import { decodeBytes } from '../io/decode.js';
import { QevalError } from '../model/errors.js';
import { UNIT_KINDS, type CodedSegment, type SourceDocument, type UnitKind } from '../model/types.js';

export interface EvidenceRequest {
  /** Documents (files, folders, globs) and/or segments files (.json, .ndjson, .jsonl, or CSV with the segment header). */
  inputs: readonly string[];
  cwd: string;
  codebooks: readonly Codebook[];
  /** Trained models, each used with the codebook it belongs to. */
  models?: readonly ModelSource[];
  attributes?: string;
  organizations?: string;
  unit?: UnitKind;
  encoding?: string;
  root?: string;
  /** Hears each document file that cannot be read; the others are still coded (see ReadOptions.onFailure). */
  onFailure?: (error: QevalError) => void;
  /** Source of the input named `-`: a document, or segments written by `qeval code` (JSON, NDJSON, CSV). */
  stdin?: () => Promise<Buffer>;
}

export interface GatheredEvidence {
  segments: CodedSegment[];
  documents: DocumentInfo[];
  /** The decoded documents that were coded here (none for segments files). */
  sources: SourceDocument[];
  organizations: OrganizationInfo[];
  /** The unit of the segments: the requested one, else the one segments files use, else the codebook's. */
  unit: UnitKind | null;
  /** Things the user should know that do not stop the run (stderr). */
  warnings: string[];
  /** The models documents were coded with here (none when the evidence is segments files only). */
  models: ModelRef[];
}

async function isFile(abs: string): Promise<boolean> {
  return (await stat(abs).catch(() => undefined))?.isFile() ?? false;
}

/** Splits inputs into segments files and document inputs. */
export async function partitionInputs(inputs: readonly string[], cwd: string): Promise<{ segments: string[]; documents: string[] }> {
  const segments: string[] = [];
  const documents: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if ((await isFile(abs)) && (await isSegmentsFile(abs))) segments.push(input);
    else documents.push(input);
  }
  return { segments, documents };
}

/** The rows of an organizations CSV: an `organization` (or `id`) column and any organization-level attributes. */
export async function readOrganizations(file: string, cwd: string, encoding?: string): Promise<OrganizationInfo[]> {
  const table = await readCsvFile(path.resolve(cwd, file), file, encoding);
  const idColumn = ['organization', 'id'].find((c) => table.header.includes(c));
  if (!idColumn) {
    throw new QevalError('ORGANIZATIONS_NO_ID_COLUMN', `the organizations CSV needs an "organization" column with the ids used in the documents' organization attribute (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  const seen = new Set<string>();
  return table.rows.map((row, i) => {
    const id = (row[idColumn] ?? '').trim();
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
  if (!table.header.includes('document')) {
    throw new QevalError('ATTRIBUTES_NO_DOCUMENT_COLUMN', `the attributes CSV needs a "document" column naming each document (columns found: ${table.header.join(', ')})`, { file, line: 1, column: 1 });
  }
  return table.rows.map((row) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (k !== 'document' && v.trim() !== '') attributes[k] = v.trim();
    return { id: (row.document ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, ''), attributes };
  });
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

function unitOfSegments(segments: readonly CodedSegment[]): UnitKind | null {
  const kinds = new Set(segments.map((s) => s.unit.split(':')[0]));
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return (UNIT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as UnitKind) : null;
}

/** Reads segments files, codes the other inputs, and joins documents with their attributes. */
export async function gatherEvidence(req: EvidenceRequest): Promise<GatheredEvidence> {
  if (req.inputs.length === 0) throw new QevalError('NO_INPUTS', 'give documents to code or a segments file written by `qeval code`');
  if (req.codebooks.length === 0) throw new QevalError('NO_CODEBOOK', 'no codebook: pass one with -c');
  const warnings: string[] = [];
  const parts = await partitionInputs(req.inputs, req.cwd);
  const segments: CodedSegment[] = [];
  const documents = new Map<string, DocumentInfo>();
  let sources: SourceDocument[] = [];
  let stdin: Buffer | undefined;
  if (parts.documents.includes('-')) {
    if (!req.stdin) throw new QevalError('NO_STDIN', 'reading from standard input ("-") is not available here');
    stdin = await req.stdin();
    if (stdin.length === 0) throw new QevalError('EMPTY_FILE', 'standard input is empty; pipe a document or segments into it', { file: '-' });
    const kind = segmentsKindOf(decodeBytes(stdin, '-').text);
    if (kind) {
      segments.push(...parseSegments(decodeBytes(stdin, '-').text, '-', kind));
      parts.documents = parts.documents.filter((i) => i !== '-');
      parts.segments.push('-');
    }
  }

  if (parts.documents.length > 0) {
    const piped = stdin;
    sources = await readDocuments(parts.documents, { onFailure: req.onFailure, exclude: req.organizations ? [req.organizations] : [], cwd: req.cwd, root: req.root, attributes: req.attributes, encoding: req.encoding, onWarning: (m) => warnings.push(m), stdin: piped ? async () => piped : undefined });
    const set = new CodebookSet(req.codebooks, req.models);
    for (const lang of set.uncoveredLanguages(sources)) warnings.push(`no codebook has language "${lang}"; those documents are coded with ${set.primary.spec.codebook}; give one with -c`);
    segments.push(...set.code(sources, { unit: req.unit }));
    for (const d of sources) documents.set(d.id, { id: d.id, attributes: d.attributes });
  }
  for (const file of parts.segments) {
    if (file === '-') continue;
    const read = await readSegmentsFile(path.resolve(req.cwd, file), file);
    segments.push(...read);
  }
  if (parts.segments.length > 0) {
    if (req.attributes) {
      for (const d of await documentsFromAttributes(req.attributes, req.cwd, req.encoding)) {
        const known = documents.get(d.id);
        documents.set(d.id, known ? { id: d.id, attributes: { ...known.attributes, ...d.attributes } } : d);
      }
    } else {
      warnings.push('segments files carry no document attributes; pass --attributes CSV to group them by organization');
    }
  }
  const unique = dedupeSegments(segments);
  if (unique.dropped > 0) {
    warnings.push(`dropped ${unique.dropped} duplicate segment(s) (same document, code, start, end and coder), e.g. from a segments file given twice or a document given both as text and as segments; each is counted once`);
  }
  const known = new Set(req.codebooks.flatMap((c) => c.codes.map((x) => x.id)));
  const unknown = [...new Set(unique.segments.map((s) => s.code).filter((c) => !known.has(c)))].sort();
  if (unknown.length > 0) warnings.push(`the codebook does not know these codes of the segments (they are counted but fall outside every section): ${unknown.join(', ')}`);
  const organizations = req.organizations ? await readOrganizations(req.organizations, req.cwd, req.encoding) : [];
  return {
    segments: unique.segments,
    documents: [...documents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    sources,
    organizations,
    unit: req.unit ?? (parts.documents.length === 0 ? unitOfSegments(unique.segments) : (req.codebooks[0]?.spec.unit ?? 'sentence')),
    warnings,
    models: parts.documents.length === 0 ? [] : (req.models ?? []).map((m) => modelRefOf(m.model, m.file)),
  };
}

/** The codebook whose labels a report in `lang` uses: the one in that language, else the first. */
export function codebookForLanguage(codebooks: readonly Codebook[], lang: string): Codebook {
  const found = codebooks.find((c) => c.spec.language === lang) ?? codebooks[0];
  if (!found) throw new QevalError('NO_CODEBOOK', 'no codebook: pass one with -c');
  return found;
}
