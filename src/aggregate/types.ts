// The shapes aggregation produces: every renderer (terminal, Markdown, HTML, JSON, CSV, DOT) reads only these.
import type { Addressee, Codebook } from '../codebook/types.js';
import type { CodedSegment, Quadrant, UnitKind } from '../model/types.js';

/** A document as aggregation sees it: its id and attributes (front matter + attributes CSV). */
export interface DocumentInfo {
  id: string;
  attributes: Record<string, string>;
}

/** A row of the organizations CSV: organization-level attributes such as name, org_type, city, founded, services. */
export interface OrganizationInfo {
  id: string;
  attributes: Record<string, string>;
}

/** Everything aggregation needs. Pure data: no files, no process. */
export interface AggregateInput {
  /** The codebook whose tree gives quadrants, sub-themes and recommendation rules. */
  codebook: Codebook;
  segments: readonly CodedSegment[];
  /** Every document analysed, also those without segments (they still count in profiles). */
  documents: readonly DocumentInfo[];
  organizations?: readonly OrganizationInfo[];
  /** The unit the segments were coded in (for the method appendix). */
  unit?: UnitKind;
  /** Other codebooks that coded some documents (e.g. per language), listed in the method appendix. */
  codebooks?: readonly Codebook[];
  /** Study title, when aggregating a study. */
  title?: string;
  /** The trained models the segments were coded with (listed in the method appendix for the documents' languages). */
  models?: readonly ModelRef[];
}

export interface AggregateOptions {
  /** Quotes kept per cell, sub-theme or condition (default 3). */
  top?: number;
  /** The document attribute that groups documents into organizations (default `organization`). */
  by?: string;
  /** Which code ids play which role in the report sections (default: the roles the codebook declares, themesOf). */
  themes?: ThemeConfig;
}

/**
 * Which codes feed which report section, found through the codebook's `role:` keys (themesOf). A
 * role the codebook does not declare is '' and its section stays empty.
 */
export interface ThemeConfig {
  /** Parent of the partner-type codes (`networking.partner.police` ...). */
  partnerRoot: string;
  systematic: string;
  accidental: string;
  /** "We have no contact with ...": evidence that a partnership is missing. */
  absent: string;
  /**
   * Partner types whose absence is a gap. A partner type whose last id part is the organization's own
   * type (org_type `police` and `networking.partner.police`) is never that organization's partner:
   * not a gap, not in its partner list, not an edge of the network.
   */
  expectedPartners: string[];
  /** Parent of the attitude valence codes (stereotype, supportive) and of the holder codes. */
  attitudesRoot: string;
  /** Parent of the "whose attitude" codes. */
  holderRoot: string;
  /** The negative valence among the attitude codes (shown first). */
  stereotype: string;
  /** Parent of the service level codes, in level order. */
  servicesRoot: string;
  /** Parent of the barrier codes. */
  barriersRoot: string;
  /** Organization attribute that names the organization's own type (`police`, `municipality`, `ministry`, `ngo`, `international` ...). */
  orgTypeAttribute: string;
}

/** Why a quote ranks where it does; see quotes.ts for the ordering. */
export interface QuoteStrength {
  /** The highest model probability among the unit's segments for the code (null when no model coded it). */
  confidence: number | null;
  /** Whether a rule and the model agree on the unit (a `rule+model` segment). */
  agreement: boolean;
  /** Distinct matched terms (case-folded) of the code and its sub-codes in the unit. */
  terms: number;
  /** Distinct rules of the code and its sub-codes that fired on the unit. */
  rules: number;
}

/** One unit of text quoted as evidence, with everything needed to cite it. */
export interface Quote {
  document: string;
  /** 1-based line of the quote's start. */
  line: number;
  /** 1-based page of the quote's start, for paged sources (PDF). */
  page?: number;
  /** Start time of the cue or turn the quote starts in, for timed sources (subtitles). */
  time?: string;
  speaker: string | null;
  /** The `role` attribute of the document (respondent's role), if any. */
  role: string | null;
  /** The `gender` attribute of the document (the respondent's), when given: Lithuanian reports name a woman's role in its feminine form. */
  gender?: string;
  /** The `language` attribute of the document (the language the quote was spoken or written in), if any. */
  language: string | null;
  unit: string;
  /** Code-point offsets, as in segments. */
  start: number;
  end: number;
  /** The unit's words as a reader sees them: the text between start and end, Markdown links (`[text](url)`) as their text. */
  text: string;
  /** The codes this quote evidences (the ranked code or its sub-codes), in codebook order. */
  codes: string[];
  /** Set when the evidence came from a negated match re-routed from this code. */
  negatedFrom: string | null;
  matched: string[];
  /** Every segment behind the quote is low-confidence (only the model, probability below 0.5): marked in reports. */
  lowConfidence: boolean;
  strength: QuoteStrength;
}

/** Counts of one code with its sub-codes rolled up. */
export interface CodeCount {
  code: string;
  segments: number;
  documents: number;
}

export interface GroupKey {
  attribute: string;
  /** null: documents without the attribute. */
  value: string | null;
}

export interface SwotTheme {
  code: string;
  count: number;
  documents: number;
  quotes: Quote[];
}

export interface SwotCell {
  quadrant: Quadrant;
  /** The codes that carry this quadrant at the top of their branch, in codebook order. */
  codes: string[];
  count: number;
  documents: number;
  /** Strongest quotes of the whole quadrant, one per unit. */
  quotes: Quote[];
  /** Child codes with evidence, most frequent first (codebook order on ties), catch-all (`role: catch-all`) codes last. */
  themes: SwotTheme[];
}

export interface SwotGrid {
  group: GroupKey | null;
  /** Segments and documents in this grid's evidence (all codes). */
  segments: number;
  documents: number;
  quadrants: SwotCell[];
}

export interface SwotView {
  by: string | null;
  overall: SwotGrid;
  groups: SwotGrid[];
}

export type ContradictionKind = 'opposite-quadrants' | 'negation' | 'networking-character' | 'attitude-valence';

export interface ContradictionSide {
  code: string;
  count: number;
  quotes: Quote[];
}

/** Evidence pointing both ways on one topic, shown side by side. */
export interface Contradiction {
  kind: ContradictionKind;
  /** What the two sides disagree about: a sub-theme name, a partner or holder code, or a code id. */
  topic: string;
  sides: [ContradictionSide, ContradictionSide];
}

export type CollaborationCharacter = 'systematic' | 'accidental' | 'mixed' | 'absent' | 'unspecified';

export interface PartnerEvidence {
  code: string;
  /** Segments of this partner type. */
  count: number;
  documents: number;
  /** Units where the partner type co-occurs with confident systematic / accidental / absent collaboration. */
  systematic: number;
  accidental: number;
  absent: number;
  character: CollaborationCharacter;
  quotes: Quote[];
}

export interface CharacterEvidence {
  code: string;
  count: number;
  quotes: Quote[];
}

export interface NetworkingGap {
  code: string;
  /** `no-evidence`: never mentioned; `absence-only`: mentioned only as missing. */
  reason: 'no-evidence' | 'absence-only';
  quotes: Quote[];
}

export interface NetworkingSection {
  partners: PartnerEvidence[];
  systematic: CharacterEvidence;
  accidental: CharacterEvidence;
  absent: CharacterEvidence;
  gaps: NetworkingGap[];
  contradictions: Contradiction[];
}

export interface AttitudeValence {
  code: string;
  count: number;
  quotes: Quote[];
}

export interface HolderAttitudes {
  /** The holder code, or null when no holder is coded in the same unit. */
  holder: string | null;
  /** One entry per valence code (stereotype first), also when its count is 0. */
  valences: AttitudeValence[];
  total: number;
}

export interface AttitudesSection {
  /** Valence codes in display order (stereotype first). */
  valences: string[];
  holders: HolderAttitudes[];
  total: number;
  contradictions: Contradiction[];
}

export interface ServiceLevel {
  code: string;
  /** 1-based level, in codebook order. */
  level: number;
  count: number;
  documents: number;
  offered: boolean;
  quotes: Quote[];
}

export interface BarrierEvidence {
  code: string;
  count: number;
  documents: number;
  quotes: Quote[];
}

export interface ConditionResult {
  code: string;
  min: number | null;
  max: number | null;
  /** `presence`: needs evidence; `absence`: needs (almost) none; `range`: both bounds. */
  kind: 'presence' | 'absence' | 'range';
  /** Segments of the code (sub-codes included), low-confidence ones left out. */
  count: number;
  /** Low-confidence segments of the code, not counted. */
  uncertain: number;
  /** The code whose count this one must exceed, and that count. */
  above: { code: string; count: number } | null;
  holds: boolean;
  quotes: Quote[];
}

/** A profile item that decided a recommendation: `services` item `counselling` matched pattern `counsel*`. */
export interface ProfileReason {
  attribute: string;
  value: string;
  pattern: string;
}

export interface RecommendationResult {
  id: string;
  text: string;
  /** Who should act on it. */
  to: Addressee;
  triggered: boolean;
  conditions: ConditionResult[];
  /** Set when the organization's profile rules the recommendation out: `unless` matched, or `only` (the rule's `profile`) did not. */
  excluded: { kind: 'unless' | 'only'; reason: ProfileReason } | null;
  /** Triggered for more than half of the study's organizations: stated once in the summary, referred to in the report. */
  widespread: boolean;
}

export interface DocumentSummary {
  id: string;
  title: string | null;
  kind: string | null;
  role: string | null;
  /** The respondent's `gender` attribute, when given (see QuoteRef.gender). */
  gender?: string;
  date: string | null;
  language: string | null;
  segments: number;
}

export interface ValueCount {
  value: string;
  count: number;
}

export interface OrganizationProfile {
  /** Organization-level attributes (organizations CSV), in CSV column order. */
  attributes: [string, string][];
  documents: DocumentSummary[];
  /** Respondents' roles and how many documents each. */
  roles: ValueCount[];
  /** Document kinds (interview, document, survey ...) and how many. */
  kinds: ValueCount[];
  segments: number;
  units: number;
}

export interface CodebookRef {
  name: string;
  version: string;
  language: string;
}

/** A trained model that coded the documents, as the method appendix names it. */
export interface ModelRef {
  /** The model file as named on the command line, in the study or by the codebook. */
  file: string;
  codebook: string;
  version: string;
  language: string;
  /** SHA-256 of the training data and settings (`training.fingerprint`). */
  fingerprint: string;
  coder: string;
  units: number;
  /** Nested cross-validated top-level macro F1 (0-1), when the model records it (trained with --cv). */
  macroF1?: number;
}

export interface MethodInfo {
  codebooks: CodebookRef[];
  /** The models that coded documents of their language here; none for rules alone or segments read from files. */
  models: ModelRef[];
  unit: UnitKind | null;
  groupBy: string;
  documents: number;
  segments: number;
  units: number;
  /** Segment counts per coder string (`qeval swot@1.0.0`, a person ...). */
  coders: ValueCount[];
  /** Segment counts per coding method: `rule`, `model`, `rule+model`, or `manual` for segments without one. */
  methods: ValueCount[];
  /** Segments the model alone gave with low confidence (see isLowConfidence): quotes mark them, no key finding rests on them alone. */
  lowConfidence: number;
  /** Documents without the grouping attribute (summary only). */
  ungrouped: number;
  top: number;
  qevalVersion: string;
}

/** The areas of the key findings, in order. */
export type FindingArea = Quadrant | 'networking' | 'attitudes' | 'services' | 'barriers';

/** One statement (`single`), several statements from one source (`one-source`), or from several sources. */
export type EvidenceStrength = 'single' | 'one-source' | 'several-sources';

/** Which template states a finding (one per language in i18n.ts, `find.<key>.<strength>` or `find.<key>`). */
export type FindingKey =
  | 'swot.lead'
  | 'swot.next'
  | 'swot.contradicted'
  | 'swot.none'
  | 'swot.onlyOther'
  | 'net.accidental'
  | 'net.systematic'
  | 'net.mixedAccidental'
  | 'net.mixedSystematic'
  | 'net.mixedAbsent'
  | 'net.accidentalOrNone'
  | 'low.omitted'
  | 'net.absentOnly'
  | 'net.unspecified'
  | 'net.gap'
  | 'net.noAgreement'
  | 'net.none'
  | 'att.stereotypeHolder'
  | 'att.stereotype'
  | 'att.supportive'
  | 'att.contradiction'
  | 'att.none'
  | 'svc.offered'
  | 'svc.profileOnly'
  | 'svc.missing'
  | 'bar.lead'
  | 'bar.next'
  | 'bar.none';

/**
 * A key finding as facts: the template, the numbers it states, and the quotes behind it (empty only
 * for findings of absence). `params.code` / `params.other` are code ids; the renderer labels them.
 */
export interface Finding {
  area: FindingArea;
  key: FindingKey;
  strength: EvidenceStrength;
  /** Every segment behind it is low-confidence (model only, probability below 0.5). */
  lowConfidence: boolean;
  /** statements, documents, respondents (speakers), texts (documents with statements no speaker said), and per template: code, other, count, otherCount, total, level, item, systematic, accidental, absent. */
  params: Record<string, string | number>;
  quotes: Quote[];
}

export interface OrganizationReport {
  kind: 'organization-report';
  title: string | null;
  organization: string;
  name: string | null;
  profile: OrganizationProfile;
  /** Key findings per area, each with its evidence (findings.ts). */
  findings: Finding[];
  swot: SwotGrid;
  /** Opposite-quadrant and negation contradictions (networking and attitude ones sit in their sections). */
  contradictions: Contradiction[];
  networking: NetworkingSection;
  attitudes: AttitudesSection;
  services: ServiceLevel[];
  barriers: BarrierEvidence[];
  recommendations: RecommendationResult[];
  method: MethodInfo;
}

export interface MatrixCell {
  count: number;
  quote: Quote | null;
}

export interface MatrixRow {
  code: string;
  depth: number;
  total: number;
  cells: MatrixCell[];
}

export interface CodeMatrix {
  /** Organization ids, one per column. */
  columns: string[];
  rows: MatrixRow[];
}

export interface NetworkEdge {
  organization: string;
  partner: string;
  /** The strongest statement about the tie (the matrix cell's tooltip or note). */
  quote: Quote | null;
  /** Segments of the partner type in the organization's evidence. */
  weight: number;
  systematic: number;
  accidental: number;
  absent: number;
  character: CollaborationCharacter;
}

export interface CollaborationNetwork {
  organizations: string[];
  partners: string[];
  edges: NetworkEdge[];
}

export interface FrequencySeries {
  organization: string;
  /** Top-level codes in codebook order with rolled-up counts. */
  counts: CodeCount[];
}

export interface OrganizationOverview {
  id: string;
  name: string | null;
  /** The organization's own type (org_type), if known. */
  type: string | null;
  documents: number;
  segments: number;
  /** Quadrant counts in QUADRANTS order. */
  quadrants: number[];
  recommendations: string[];
  contradictions: number;
  gaps: string[];
}

export interface RecommendationOverview {
  id: string;
  text: string;
  to: Addressee;
  organizations: string[];
  /** Triggered for more than half of the organizations. */
  widespread: boolean;
}

export interface StudySummary {
  kind: 'study-summary';
  title: string | null;
  by: string;
  executive: ExecutiveSummary;
  organizations: OrganizationOverview[];
  /** Organizations listed in the organizations CSV with no document analysed: id and `name` attribute (null without one), by id. */
  missing: { id: string; name: string | null }[];
  swot: SwotGrid;
  matrix: CodeMatrix;
  frequencies: FrequencySeries[];
  network: CollaborationNetwork;
  recommendations: RecommendationOverview[];
  method: MethodInfo;
}

/** A sub-theme (or barrier) across organizations: how many have evidence, where it is strongest, its strongest quote. */
export interface ExecutiveTheme {
  area: Quadrant | 'barriers';
  code: string;
  /** Organizations with confident evidence (not only low-confidence segments). */
  organizations: number;
  segments: number;
  /** Up to two organizations where the code takes the largest share of their evidence. */
  leaders: string[];
  quote: Quote | null;
}

/** How the organizations describe their collaboration with one partner type. */
export interface PartnerPicture {
  code: string;
  /** Organizations per character of the tie (organizations that never mention the partner are in none). */
  counts: Record<CollaborationCharacter, number>;
  /** Organizations for which the partner type is a possible partner (not their own type). */
  organizations: number;
  /** Organizations with a networking gap for it. */
  gaps: number;
  /** The most confident statement about the partner type (quotes.ts order). */
  quote: Quote | null;
}

/** The facts of the one-page executive summary (executive.ts). */
export interface ExecutiveSummary {
  organizations: number;
  documents: number;
  segments: number;
  /** The leading sub-themes per quadrant, then the leading barrier. */
  themes: ExecutiveTheme[];
  partners: PartnerPicture[];
  /** Ids of the recommendations triggered for most organizations, most first. */
  recommendations: string[];
}

/** Everything `qeval report` renders. */
export interface StudyReports {
  summary: StudySummary;
  organizations: OrganizationReport[];
}
