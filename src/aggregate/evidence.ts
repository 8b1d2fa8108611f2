// An index over coded segments that every reducer shares: code order, roll-up, units and documents.
import type { Codebook, CodeRole } from '../codebook/types.js';
import { ancestry, isWithin } from '../codebook/tree.js';
import type { CodedSegment } from '../model/types.js';
import type { DocumentInfo, ThemeConfig } from './types.js';

/** The section roles of the bundled SWOT codebook (what themesOf finds in it), for tests and programs without a codebook at hand. */
export const DEFAULT_THEMES: ThemeConfig = {
  partnerRoot: 'networking.partner',
  systematic: 'networking.systematic',
  accidental: 'networking.accidental',
  absent: 'networking.absent',
  expectedPartners: ['networking.partner.police', 'networking.partner.municipality'],
  attitudesRoot: 'attitudes',
  holderRoot: 'attitudes.holder',
  stereotype: 'attitudes.stereotype',
  servicesRoot: 'services',
  barriersRoot: 'barriers',
  orgTypeAttribute: 'org_type',
};

/**
 * The section roles a codebook declares (`role:` on its codes). A role no code declares becomes ''
 * (an id no segment carries), so its section is empty and says so instead of reading other codes.
 */
export function themesOf(codebook: Codebook): ThemeConfig {
  const one = (role: CodeRole) => codebook.codes.find((c) => c.role === role)?.id ?? '';
  return {
    partnerRoot: one('partners'),
    systematic: one('systematic'),
    accidental: one('accidental'),
    absent: one('absent'),
    expectedPartners: codebook.codes.filter((c) => c.role === 'expected-partner').map((c) => c.id),
    attitudesRoot: one('attitudes'),
    holderRoot: one('holders'),
    stereotype: one('stereotype'),
    servicesRoot: one('services'),
    barriersRoot: one('barriers'),
    orgTypeAttribute: 'org_type',
  };
}

/** Codes with the `catch-all` role ("Other opportunities"): listed, never leading a quadrant. */
export function catchAllCodes(codebook: Codebook): Set<string> {
  return new Set(codebook.codes.filter((c) => c.role === 'catch-all').map((c) => c.id));
}

export const DEFAULT_TOP = 3;

/** Below this model probability, a segment no rule confirms is low-confidence evidence. */
export const LOW_CONFIDENCE = 0.5;

/**
 * A segment only the model found (method `model`) with a probability below LOW_CONFIDENCE. Reports mark
 * quotes and findings that rest only on such segments, and recommendation rules do not count them.
 */
export function isLowConfidence(segment: Pick<CodedSegment, 'method' | 'probability'>): boolean {
  return segment.method === 'model' && typeof segment.probability === 'number' && segment.probability < LOW_CONFIDENCE;
}

/** Plain code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Is `partner` (a partner-type code) the organization's own type? Its last id part equals the
 * organization's org_type: police -> `networking.partner.police`, municipality -> `.municipality`,
 * ministry -> `.ministry` (not ngo or international: "other NGOs" are an NGO's partners). A police unit that talks
 * about "the police" talks about itself, so that partner type is neither its partner nor its gap.
 */
export function isOwnType(partner: string, organizationType: string | null | undefined): boolean {
  const type = organizationType?.trim().toLowerCase() ?? '';
  const kind = partner.slice(partner.lastIndexOf('.') + 1).toLowerCase();
  // "Other NGOs" and international partners are real partners of an NGO or an international office.
  return type !== '' && kind === type && !NOT_SELF.has(kind);
}

const NOT_SELF = new Set(['ngo', 'international']);

/** Key of a unit: document id and unit string. */
export function unitKey(segment: Pick<CodedSegment, 'document' | 'unit'>): string {
  return `${segment.document}\u0000${segment.unit}`;
}

/** Segments of one scope (all, or one organization) with the indexes the reducers need. */
export class Evidence {
  readonly codebook: Codebook;
  /** Sorted by document, start, code. */
  readonly segments: readonly CodedSegment[];
  readonly documents: ReadonlyMap<string, DocumentInfo>;
  /** Codes present on each unit. */
  readonly unitCodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Codes present on each unit through confident segments (not isLowConfidence). */
  readonly confidentUnitCodes: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly order: Map<string, number>;

  constructor(codebook: Codebook, segments: readonly CodedSegment[], documents: ReadonlyMap<string, DocumentInfo>) {
    this.codebook = codebook;
    this.order = new Map(codebook.codes.map((c, i) => [c.id, i]));
    this.segments = [...segments].sort(compareSegments);
    this.documents = documents;
    const unitCodes = new Map<string, Set<string>>();
    const confident = new Map<string, Set<string>>();
    for (const s of this.segments) {
      const key = unitKey(s);
      let set = unitCodes.get(key);
      if (!set) unitCodes.set(key, (set = new Set()));
      set.add(s.code);
      if (isLowConfidence(s)) continue;
      let sure = confident.get(key);
      if (!sure) confident.set(key, (sure = new Set()));
      sure.add(s.code);
    }
    this.unitCodes = unitCodes;
    this.confidentUnitCodes = confident;
  }

  /** The same codebook and documents, fewer segments. */
  subset(keep: (segment: CodedSegment) => boolean): Evidence {
    return new Evidence(this.codebook, this.segments.filter(keep), this.documents);
  }

  private rolledUp: Map<string, CodedSegment[]> | undefined;

  /** Segments by every code they count for (their own and its ancestors), in segment order; built on first use. */
  private byCode(): Map<string, CodedSegment[]> {
    if (this.rolledUp) return this.rolledUp;
    const index = new Map<string, CodedSegment[]>();
    for (const s of this.segments) {
      for (const id of ancestry(s.code)) {
        const list = index.get(id);
        if (list) list.push(s);
        else index.set(id, [s]);
      }
    }
    return (this.rolledUp = index);
  }

  /** Segments whose code is `code` or one of its sub-codes, in segment order (a new array the caller may change). */
  within(code: string): CodedSegment[] {
    return [...(this.byCode().get(code) ?? [])];
  }

  /** Segment count of `code` with sub-codes rolled up. */
  count(code: string): number {
    return this.byCode().get(code)?.length ?? 0;
  }

  /** Distinct documents with evidence for `code` (or its sub-codes). */
  documentCount(code: string): number {
    return new Set(this.within(code).map((s) => s.document)).size;
  }

  /** Rolled-up counts for every code present (and its ancestors). */
  countAll(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.segments) {
      for (const id of ancestry(s.code)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  /** Codebook position of a code; unknown codes sort after known ones, by id. */
  position(code: string): number {
    return this.order.get(code) ?? Number.MAX_SAFE_INTEGER;
  }

  compareCodes = (a: string, b: string): number => this.position(a) - this.position(b) || compareStrings(a, b);

  children(code: string): string[] {
    return [...(this.codebook.byId.get(code)?.children ?? [])];
  }

  has(code: string): boolean {
    return this.codebook.byId.has(code);
  }

  /** Distinct units coded in this scope. */
  get unitCount(): number {
    return this.unitCodes.size;
  }

  /** Does this unit carry a code within `ancestor`? */
  unitHas(key: string, ancestor: string): boolean {
    const codes = this.unitCodes.get(key);
    if (!codes) return false;
    for (const c of codes) if (isWithin(c, ancestor)) return true;
    return false;
  }

  /** Does this unit carry a code within `ancestor` through a confident segment? */
  unitHasConfident(key: string, ancestor: string): boolean {
    const codes = this.confidentUnitCodes.get(key);
    if (!codes) return false;
    for (const c of codes) if (isWithin(c, ancestor)) return true;
    return false;
  }

  /** Units (keys, in segment order) that carry a code within `ancestor`. */
  unitsWith(ancestor: string): string[] {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const s of this.byCode().get(ancestor) ?? []) {
      const key = unitKey(s);
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
    return keys;
  }

  attribute(document: string, name: string): string | null {
    const value = this.documents.get(document)?.attributes[name];
    return value === undefined || value === '' ? null : value;
  }
}

/** `{ gender }` when the document has a `gender` attribute, else nothing (a field only where given, so outputs without it are unchanged). */
export function genderOf(ev: Evidence, document: string): { gender?: string } {
  const gender = ev.attribute(document, 'gender');
  return gender === null ? {} : { gender };
}

export function compareSegments(a: CodedSegment, b: CodedSegment): number {
  return compareStrings(a.document, b.document) || a.start - b.start || a.end - b.end || compareStrings(a.code, b.code) || compareStrings(a.rule ?? '', b.rule ?? '') || compareStrings(a.coder, b.coder);
}

/** Documents by id, adding bare entries for documents that only appear in segments. */
export function documentIndex(documents: readonly DocumentInfo[], segments: readonly CodedSegment[]): Map<string, DocumentInfo> {
  const index = new Map<string, DocumentInfo>();
  for (const d of documents) index.set(d.id, d);
  for (const s of segments) if (!index.has(s.document)) index.set(s.document, { id: s.document, attributes: {} });
  return index;
}
