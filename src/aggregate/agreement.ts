// Intercoder agreement of coded segments: reliability data per code (per unit or per character) and the report `qeval agree` renders.
import { Positions } from '../engine/positions.js';
import { languageOf } from '../engine/code-many.js';
import { agreementWith, cohenKappa, reliability, type ReliabilityUnit } from '../learn/agreement.js';
import type { CodeAgreement } from '../learn/model.js';
import { QevalError } from '../model/errors.js';
import type { SourceDocument, UnitKind } from '../model/types.js';
import { segmentSource } from '../text/segment.js';

/** One coded span of one coder, offsets in code points (end-exclusive) into the document's normalized text. */
export interface CodedSpan {
  document: string;
  code: string;
  start: number;
  end: number;
}

/** Everything one coder coded. */
export interface Coding {
  coder: string;
  spans: readonly CodedSpan[];
}

/** What is compared: units of the engine's segmentation, or single characters (code points). */
export type AgreementBasis = UnitKind | 'character';

export interface AgreementOptions {
  basis: AgreementBasis;
  /** Roll codes up to this many levels of their dotted id (1: top-level codes); default: codes as coded. */
  depth?: number;
  /** Compare interviewer turns too (default: respondents' text, plus whatever any coder coded). */
  allSpeakers?: boolean;
  /** Extra interviewer labels (as `qeval code --interviewer`). */
  interviewerLabels?: readonly string[];
  /** The reference coder: the others get precision, recall and F1 against it. */
  gold?: string;
  /**
   * A document in which a coder has no span counts as not coded by that coder (missing values, which
   * alpha allows) instead of coded with nothing; for coders who coded different samples of documents.
   */
  uncodedAsMissing?: boolean;
}

/** A coder's precision, recall, F1 and kappa against the gold coder. */
export interface GoldAgreement {
  coder: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** tp / (tp + fp); null when the coder never gave the code (undefined, not 0). */
  precision: number | null;
  /** tp / (tp + fn); null when the gold coder never gave it. */
  recall: number | null;
  /** 2tp / (2tp + fp + fn); null when neither gave it. */
  f1: number | null;
  kappa: number | null;
}

/** Agreement on one code (or on all codes together: code `overall`). */
export interface AgreementRow {
  code: string;
  /** Pairable units (or characters) compared. */
  units: number;
  /** Per coder (in report order), the units it gave the code (or, in a matrix, the value). */
  coded: number[];
  /** Mean pairwise percent agreement, 0-1. */
  agreement: number | null;
  /** Cohen's kappa; only with exactly two coders. */
  kappa: number | null;
  /** Krippendorff's alpha (nominal). */
  alpha: number | null;
  /** With a gold coder: each other coder against it. */
  gold: GoldAgreement[];
}

export interface AgreementReport {
  /** Units compared: sentence, paragraph, turn, character, or `matrix` for a reliability matrix. */
  basis: AgreementBasis | 'matrix';
  coders: string[];
  gold: string | null;
  /** Documents compared (0 for a matrix). */
  documents: number;
  /** Per code (sorted by id), then `overall`. */
  rows: AgreementRow[];
  /** What the user should know: coders without segments in a document, segments outside the documents given. */
  warnings: string[];
}

/** The id a code is counted under at `depth` levels (all levels without a depth). */
function rollUp(code: string, depth: number | undefined): string {
  return depth === undefined ? code : code.split('.').slice(0, depth).join('.');
}

const OVERALL = 'overall';

function toGold(a: Pick<CodeAgreement, 'tp' | 'fp' | 'fn' | 'tn'>, coder: string, kappa: number | null): GoldAgreement {
  const { tp, fp, fn, tn } = a;
  // Measures whose denominator is 0 are undefined (shown as —), not 0: a coder who never gave a code has no precision on it.
  const part = (x: number, n: number) => (n === 0 ? null : x / n);
  return { coder, tp, fp, fn, tn, precision: part(tp, tp + fp), recall: part(tp, tp + fn), f1: part(2 * tp, 2 * tp + fp + fn), kappa };
}

/**
 * One row of the report from reliability data; `positive` is the value that counts as coded (`1` for
 * binary code-by-unit data) or null for a nominal variable as a whole (a matrix's overall row, where
 * `coded` counts the values each coder gave and the gold measures pool every value, micro-averaged).
 */
function rowOf(code: string, units: readonly ReliabilityUnit[], coders: readonly string[], gold: number, positive: string | null, values: readonly string[]): AgreementRow {
  const r = reliability(units);
  const coded = coders.map((_, c) => units.reduce((n, u) => n + ((positive === null ? u.values[c] !== null : u.values[c] === positive) ? (u.weight ?? 1) : 0), 0));
  const goldRows: GoldAgreement[] = [];
  if (gold >= 0) {
    coders.forEach((name, c) => {
      if (c === gold) return;
      if (positive !== null) {
        goldRows.push(toGold(agreementWith(units, code, gold, c, positive), name, cohenKappa(units, gold, c)));
        return;
      }
      // Micro average over the values: pool each value's 2×2 table.
      const tables = values.map((v) => agreementWith(units, v, gold, c, v));
      const sum = (k: 'tp' | 'fp' | 'fn' | 'tn') => tables.reduce((n, t) => n + t[k], 0);
      goldRows.push(toGold({ tp: sum('tp'), fp: sum('fp'), fn: sum('fn'), tn: sum('tn') }, name, cohenKappa(units, gold, c)));
    });
  }
  return { code, units: r.units, coded, agreement: r.agreement, kappa: coders.length === 2 ? cohenKappa(units, 0, 1) : null, alpha: r.alpha, gold: goldRows };
}

function goldIndex(coders: readonly string[], gold: string | undefined, place: string): number {
  if (gold === undefined) return -1;
  const i = coders.indexOf(gold);
  if (i < 0) throw new QevalError('AGREE_UNKNOWN_GOLD', `--gold "${gold}" is not among the coders of ${place} (${coders.join(', ')})`);
  return i;
}

/** Regions (UTF-16, end-exclusive) of a document that are compared: respondents' units, or every unit. */
function comparedUnits(doc: SourceDocument, kind: UnitKind, options: AgreementOptions): { start: number; end: number; interviewer: boolean }[] {
  const units = segmentSource(doc, { language: languageOf(doc), interviewerLabels: options.interviewerLabels })[kind];
  return units.map((u) => ({ start: u.start, end: u.end, interviewer: u.role === 'interviewer' && !options.allSpeakers }));
}

/**
 * Intercoder agreement per code and overall between two or more codings of the same documents.
 *
 * Per unit (`basis` sentence, paragraph or turn, cut by the engine's segmentation): a coder gives a unit a
 * code when one of its spans of that code overlaps the unit. The units compared are respondents' units
 * (interviewer units only where some coder coded them; all units with `allSpeakers`). Per character: every
 * code point of those units and of any coded span is a unit (runs with equal values are weighted, not
 * repeated). Each code is a binary variable (coded / not coded) over the units; the `overall` row pools
 * every unit × code decision. Every coder is taken to have coded every document given (a document in
 * which a coder has no span is a warning), unless `uncodedAsMissing`: then such a document's units are
 * missing values for that coder. Spans of other documents are left out with a warning.
 *
 * Measures: percent agreement, Cohen's kappa (two coders), Krippendorff's alpha (nominal), and with
 * `gold` each other coder's precision, recall, F1 and kappa against the gold coder (see learn/agreement.ts).
 * Throws QevalError AGREE_ONE_CODER with fewer than two coders, AGREE_UNKNOWN_GOLD for an unknown gold
 * coder, AGREE_SPAN_OUT_OF_RANGE for a span beyond its document's end.
 */
export function agreementOfCodings(documents: readonly SourceDocument[], codings: readonly Coding[], options: AgreementOptions): AgreementReport {
  const coders = codings.map((c) => c.coder);
  if (coders.length < 2) throw new QevalError('AGREE_ONE_CODER', `agreement needs at least two coders; found ${coders.length === 0 ? 'none' : `only "${coders[0]}"`} (a coder is a segment's "coder" field, or the file name when it is empty)`);
  const gold = goldIndex(coders, options.gold, 'the codings');
  const warnings: string[] = [];
  const docIds = new Set(documents.map((d) => d.id));
  const outside = new Map<string, number>();
  const codes = new Set<string>();
  // Per document, per code, per coder: spans in code points.
  const byDoc = new Map<string, Map<string, CodedSpan[][]>>();
  codings.forEach((coding, c) => {
    for (const span of coding.spans) {
      if (!docIds.has(span.document)) {
        outside.set(coding.coder, (outside.get(coding.coder) ?? 0) + 1);
        continue;
      }
      const code = rollUp(span.code, options.depth);
      codes.add(code);
      let perCode = byDoc.get(span.document);
      if (!perCode) byDoc.set(span.document, (perCode = new Map()));
      let perCoder = perCode.get(code);
      if (!perCoder) perCode.set(code, (perCoder = coders.map(() => [])));
      perCoder[c]!.push(span);
    }
  });
  for (const [coder, n] of outside) warnings.push(`${n} segment${n === 1 ? '' : 's'} of coder "${coder}" belong${n === 1 ? 's' : ''} to documents not given; they are left out`);
  const sortedCodes = [...codes].sort();
  const data = new Map<string, ReliabilityUnit[]>(sortedCodes.map((c) => [c, []]));
  const uncoded = coders.map(() => [] as string[]);
  for (const doc of documents) {
    const perCode = byDoc.get(doc.id) ?? new Map<string, CodedSpan[][]>();
    codings.forEach((_, c) => {
      if (![...perCode.values()].some((perCoder) => perCoder[c]!.length > 0)) uncoded[c]!.push(doc.id);
    });
    const positions = new Positions(doc.text);
    const length = positions.codePoint(doc.text.length);
    for (const perCoder of perCode.values()) {
      for (const span of perCoder.flat()) {
        if (span.end > length) throw new QevalError('AGREE_SPAN_OUT_OF_RANGE', `a "${span.code}" span ${span.start}-${span.end} lies beyond the end of document "${doc.id}" (${length} code points); was the document changed after coding?`);
      }
    }
    const missing = coders.map((_, c) => options.uncodedAsMissing === true && uncoded[c]!.at(-1) === doc.id);
    const kind: UnitKind = options.basis === 'character' ? 'paragraph' : options.basis;
    const units = comparedUnits(doc, kind, options).map((u) => ({ start: positions.codePoint(u.start), end: positions.codePoint(u.end), interviewer: u.interviewer }));
    for (const code of sortedCodes) {
      const perCoder = perCode.get(code) ?? coders.map(() => []);
      const list = data.get(code)!;
      const from = list.length;
      if (options.basis === 'character') characterUnits(units, perCoder, list);
      else wholeUnits(units, perCoder, list);
      if (missing.some(Boolean)) for (let i = from; i < list.length; i++) list[i] = { ...list[i]!, values: list[i]!.values.map((v, c) => (missing[c] ? null : v)) };
    }
  }
  uncoded.forEach((ids, c) => {
    if (ids.length === 0) return;
    const which = ids.length === 1 ? `document "${ids[0]}"` : `${ids.length} of the ${documents.length} documents (${ids.slice(0, 3).map((d) => `"${d}"`).join(', ')}${ids.length > 3 ? ' ...' : ''})`;
    warnings.push(options.uncodedAsMissing
      ? `coder "${coders[c]}" has no segment in ${which}: taken as not coded by ${coders[c]} (missing)`
      : `coder "${coders[c]}" has no segment in ${which}: counted as coding nothing there (leave out documents the coder did not code, or give --uncoded missing)`);
  });
  const rows = sortedCodes.map((code) => rowOf(code, data.get(code)!, coders, gold, '1', []));
  rows.push(rowOf(OVERALL, sortedCodes.flatMap((c) => data.get(c)!), coders, gold, '1', []));
  return { basis: options.basis, coders, gold: options.gold ?? null, documents: documents.length, rows, warnings };
}

const overlaps = (s: { start: number; end: number }, u: { start: number; end: number }) => s.start < u.end && s.end > u.start;

/** One reliability unit per compared unit: '1' where the coder's spans overlap it, else '0'. */
function wholeUnits(units: readonly { start: number; end: number; interviewer: boolean }[], perCoder: readonly CodedSpan[][], out: ReliabilityUnit[]): void {
  for (const u of units) {
    const values = perCoder.map((spans) => (spans.some((s) => overlaps(s, u)) ? '1' : '0'));
    if (u.interviewer && values.every((v) => v === '0')) continue;
    out.push({ values });
  }
}

/** Runs of code points with the same values, over the compared units and every coded span. */
function characterUnits(units: readonly { start: number; end: number; interviewer: boolean }[], perCoder: readonly CodedSpan[][], out: ReliabilityUnit[]): void {
  // Sweep: +1/-1 events for the compared regions and for each coder's spans.
  const events: [position: number, who: number, delta: number][] = [];
  for (const u of units) if (!u.interviewer && u.end > u.start) events.push([u.start, -1, 1], [u.end, -1, -1]);
  perCoder.forEach((spans, c) => {
    for (const s of spans) if (s.end > s.start) events.push([s.start, c, 1], [s.end, c, -1]);
  });
  events.sort((a, b) => a[0] - b[0]);
  const depth = perCoder.map(() => 0);
  let region = 0;
  for (let i = 0; i < events.length;) {
    const at = events[i]![0];
    for (; i < events.length && events[i]![0] === at; i++) {
      const [, who, delta] = events[i]!;
      if (who < 0) region += delta;
      else depth[who]! += delta;
    }
    const next = i < events.length ? events[i]![0] : at;
    if (next > at && (region > 0 || depth.some((d) => d > 0))) out.push({ values: depth.map((d) => (d > 0 ? '1' : '0')), weight: next - at });
  }
}

/** A reliability matrix as read: coders (rows) and their values per unit (columns), null for missing. */
export interface ReliabilityMatrix {
  coders: string[];
  units: string[];
  /** values[coder][unit] */
  values: (string | null)[][];
}

/**
 * Agreement on a reliability matrix (rows coders, columns units, nominal values): the `overall` row is
 * the variable as a whole (alpha and kappa over all values; with a gold coder, precision = recall = F1 =
 * the share of units coded as the gold coder did, pooled over values); one row per value treats that value
 * as a binary code (the unit has it or not), so a reader sees which categories coders confuse.
 */
export function agreementOfMatrix(matrix: ReliabilityMatrix, gold?: string): AgreementReport {
  if (matrix.coders.length < 2) throw new QevalError('AGREE_ONE_CODER', `agreement needs at least two coders (rows); the matrix has ${matrix.coders.length}`);
  const g = goldIndex(matrix.coders, gold, 'the matrix');
  const units: ReliabilityUnit[] = matrix.units.map((_, u) => ({ values: matrix.values.map((row) => row[u] ?? null) }));
  const values = [...new Set(units.flatMap((u) => u.values.filter((v): v is string => v !== null)))].sort(compareValues);
  const rows = values.map((v) => rowOf(v, units.map((u) => ({ values: u.values.map((x) => (x === null ? null : x === v ? '1' : '0')) })), matrix.coders, g, '1', []));
  rows.push(rowOf(OVERALL, units, matrix.coders, g, null, values));
  return { basis: 'matrix', coders: matrix.coders, gold: gold ?? null, documents: 0, rows, warnings: [] };
}

/** Numbers in numeric order, then other values alphabetically. */
function compareValues(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const nx = a.trim() !== '' && Number.isFinite(x);
  const ny = b.trim() !== '' && Number.isFinite(y);
  if (nx && ny) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  if (nx !== ny) return nx ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
