// The codebook as written in YAML (after validation), before it is compiled for matching.
import type { Quadrant, UnitKind } from '../model/types.js';
import type { Place } from '../model/errors.js';

/** A list of terms: words or phrases with `*` wildcards, `~word` for stemmed, `@name` for a lexicon. */
export type Terms = string[];

/** What to do with a match that a negation cue governs. */
export type NegationPolicy = 'skip' | 'ignore' | 'require' | string;

/** Which turns a rule codes: respondents (the default), interviewers, everyone, or named speakers. */
export type SpeakerFilter = 'respondents' | 'interviewers' | 'all' | string[];

export interface RuleSpec {
  id?: string;
  any?: Terms;
  all?: Terms[];
  near?: Terms[];
  within?: number;
  regex?: string;
  flags?: string;
  unless?: Terms;
  stem?: boolean;
  negated?: NegationPolicy;
  speakers?: SpeakerFilter;
}

export interface CodeSpec {
  id: string;
  label: string;
  definition: string;
  use_when?: string;
  not_when?: string;
  quadrant?: Quadrant;
  color?: string;
  /** What the code stands for in the report sections (see CODE_ROLES). */
  role?: CodeRole;
  examples?: string[];
  counter_examples?: string[];
  rules?: RuleSpec[];
  codes?: CodeSpec[];
}

/**
 * Roles a code can play in the reports, so that sections find their codes without knowing ids:
 * `partners` is the parent of the partner-type codes, `expected-partner` a partner type whose absence
 * is a networking gap, `systematic` / `accidental` / `absent` the character of a collaboration,
 * `attitudes` the parent of the attitude codes, `holders` the parent of the "whose attitude" codes,
 * `stereotype` the negative attitude, `services` the parent of the service levels (in level order),
 * `barriers` the parent of the barriers to entry, `catch-all` an "other ..." sub-theme that never
 * leads a quadrant. Every role but `expected-partner` and `catch-all` belongs to one code at most.
 */
export const CODE_ROLES = ['partners', 'expected-partner', 'systematic', 'accidental', 'absent', 'attitudes', 'holders', 'stereotype', 'services', 'barriers', 'catch-all'] as const;
export type CodeRole = (typeof CODE_ROLES)[number];
/** Roles several codes may share. */
export const SHARED_ROLES: readonly CodeRole[] = ['expected-partner', 'catch-all'];

/** A condition over coded evidence: the count of segments of `code` (and its sub-codes). */
export interface ConditionSpec {
  code: string;
  min?: number;
  max?: number;
  /** ...and more segments than this code has ("accidental outweighs systematic"). */
  above?: string;
}

/** Who is to act on a recommendation. */
export const ADDRESSEES = ['organization', 'municipality', 'ministry', 'police', 'partners', 'funders'] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/** Organization attribute -> patterns (case-insensitive, `*` wildcard); a pattern matches one `;`- or `,`-separated item of the value. */
export type ProfileMatch = Record<string, string[]>;

export interface RecommendationSpec {
  id: string;
  /** All conditions must hold. */
  when: ConditionSpec[];
  /** Who should act (default `organization`). */
  to?: Addressee;
  /** The rule applies only to organizations whose profile matches every attribute listed here. */
  profile?: ProfileMatch;
  /** The rule never applies to an organization whose profile matches any attribute listed here. */
  unless_profile?: ProfileMatch;
  text: string;
}

/**
 * A score index: Σ weight·value(code) over `weights`, divided by Σ value(code) over `over` when
 * given (no value when that sum is 0). value is the code's segment count (sub-codes included) or
 * its density per 1,000 words (`of`, default density).
 */
export interface IndexSpec {
  id: string;
  label: string;
  definition?: string;
  of?: 'count' | 'density';
  weights: Record<string, number>;
  over?: string[];
}

/** One condition of a flag: exactly one of `code` (count), `density` (per 1,000 words) or `index`, with `min` and/or `max` (inclusive). */
export interface FlagCondition {
  code?: string;
  density?: string;
  index?: string;
  min?: number;
  max?: number;
}

/** A flag `qeval score` raises when all its conditions hold. */
export interface FlagSpec {
  id: string;
  label: string;
  when: FlagCondition[];
  /** Raised only on a row of at least this many words: a short note holds too little evidence either way. */
  min_words?: number;
}

export interface CodebookSpec {
  codebook: string;
  version: string;
  title?: string;
  description?: string;
  language: string;
  unit?: UnitKind;
  defaults?: { stem?: boolean; negated?: NegationPolicy; speakers?: SpeakerFilter; within?: number };
  speakers?: { interviewer?: string[] };
  /** `except`: phrases that start with a cue but are not negation ("not only", "no doubt"). */
  negation?: { cues?: Terms; window?: number; breaks?: Terms; except?: Terms };
  lexicons?: Record<string, Terms>;
  codes: CodeSpec[];
  recommendations?: RecommendationSpec[];
  /** Indices and flags of `qeval score`. */
  indices?: IndexSpec[];
  flags?: FlagSpec[];
  /** A model trained for this codebook (`qeval train`), relative to the codebook file; used unless `--no-model`. */
  model?: string;
}

/** A code with its place in the tree, as the rest of qeval sees it. */
export interface CodeInfo {
  id: string;
  label: string;
  definition: string;
  use_when?: string;
  not_when?: string;
  color?: string;
  role?: CodeRole;
  /** Own quadrant or the nearest ancestor's. */
  quadrant?: Quadrant;
  parent?: string;
  depth: number;
  children: string[];
  examples: string[];
  counter_examples: string[];
  rules: RuleSpec[];
}

/** A loaded, validated codebook. */
export interface Codebook {
  spec: CodebookSpec;
  /** Where it was loaded from (for messages), if from a file. */
  file?: string;
  /** All codes in document (pre-)order. */
  codes: CodeInfo[];
  byId: Map<string, CodeInfo>;
  /** Where things are in the file: `<code id>`, `<code id>:examples:<i>`, `<code id>:counter_examples:<i>`, `index:<id>`, `flag:<id>`. */
  places: Map<string, Place>;
}
