// The rule kinds (any, all, near, regex) in one registry: each kind's schema, load check, compilation, matching and description.
import { RE2JS } from 're2js';
import type { RuleSpec, Terms } from '../codebook/types.js';
import type { Hit } from './code.js';
import type { CompiledRule } from './compile.js';
import { termsSchema } from './terms.js';

/** A path below a rule in the codebook data, e.g. `['near', 1, 0]`. */
export type RulePath = (string | number)[];

/** What a kind's load-time check can do; paths are below the rule, messages get the `code "x", rule n: ` prefix. */
export interface CheckContext {
  /** Reports each term of the list that cannot be matched (unknown lexicon, a bare `*` ...) at `[...at, index]`. */
  checkTerms(terms: Terms | undefined, at: RulePath): void;
  /** Reports a problem with error code `code` at `at`. */
  fail(code: string, message: string, at: RulePath): void;
}

/** What a kind's compilation can do. */
export interface CompileContext {
  /** The term ids of a list of terms: lexicons expanded, the rule's stemming applied (throws QevalError NO_STEMMER). */
  terms(list: Terms | undefined): Set<number>;
  /** Runs a regular expression over each unit's text for this rule; returns the pseudo-term id its matches carry. */
  scanUnits(regex: RE2JS): number;
}

/** A key only one kind accepts, with the error a rule of another kind gets for using it. */
export interface KindModifier {
  code: string;
  message: string;
}

/** One rule kind: everything qeval does differently for it. */
export interface RuleKindDef {
  /** JSON Schema properties the kind adds to a rule: its own key first, then its modifiers. */
  readonly schema: Readonly<Record<string, object>>;
  /** Keys of `schema` that only this kind accepts (`within` for near). */
  readonly modifiers: Readonly<Record<string, KindModifier>>;
  /** Load time, after the schema check: rewrites shorthands in place (a group written as "@name" becomes ["@name"]). */
  normalize?(rule: RuleSpec): void;
  /** Load time: reports what the schema cannot see (unknown lexicons, a regex that does not compile) through `ctx`. */
  check(rule: RuleSpec, ctx: CheckContext): void;
  /** The rule's term groups; the terms of the first group are the ones that make the rule a candidate in a unit. */
  compile(rule: RuleSpec, ctx: CompileContext): Set<number>[];
  /**
   * The ways a unit's hits satisfy the rule, in the order they count: each a list of hits whose first
   * is the one negation governs. `hitsOf` gives a group's hits in the unit, in text order.
   */
  match(rule: CompiledRule, hitsOf: (group: Set<number>) => Hit[]): Hit[][];
  /** What the rule matches in one line, without its modifiers shared by every kind (unless, stem, negated ...). */
  describe(rule: RuleSpec): string;
}

/** A group of terms in all/near: a list, or one lexicon reference such as "@positive". */
const groupSchema = {
  anyOf: [termsSchema, { type: 'string', pattern: '^@[A-Za-z0-9_-]+$' }],
} as const;

/** How many words apart a near rule's terms may be when neither the rule nor the codebook defaults say. */
export const DEFAULT_WITHIN = 8;

const list = (terms: string[]) => terms.join(', ');

/** Lists of groups: a group written as one lexicon reference becomes a one-item list. */
const asGroups = (groups: (Terms | string)[]): Terms[] => groups.map((g) => (typeof g === 'string' ? [g] : g));

/** Whether two hits share a word. */
function overlaps(a: Hit, b: Hit): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Words between two hits (0 when they touch or overlap). */
function wordGap(a: Hit, b: Hit): number {
  if (b.first > a.last) return b.first - a.last;
  if (a.first > b.last) return a.first - b.last;
  return 0;
}

function regexFlags(flags: string): number {
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  return f;
}

/** Each hit of the first group on its own satisfies the rule. */
const eachPrimaryHit = (rule: CompiledRule, hitsOf: (group: Set<number>) => Hit[]): Hit[][] =>
  hitsOf(rule.groups[0] as Set<number>).map((p) => [p]);

/**
 * The rule kinds, keyed by the rule key that selects them. A rule has exactly one of these keys;
 * adding a kind is adding an entry here (and its key to RuleSpec).
 */
export const RULE_KINDS = {
  any: {
    schema: {
      any: { ...termsSchema, description: 'Fires when any of the terms occurs in the unit.' },
    },
    modifiers: {},
    check: (rule, ctx) => ctx.checkTerms(rule.any, ['any']),
    compile: (rule, ctx) => [ctx.terms(rule.any)],
    match: eachPrimaryHit,
    describe: (rule) => `any: ${list(rule.any!)}`,
  },
  all: {
    schema: {
      all: { type: 'array', minItems: 2, items: groupSchema, description: 'Fires when every group has a term in the unit.' },
    },
    modifiers: {},
    normalize: (rule) => {
      rule.all = asGroups(rule.all!);
    },
    check: (rule, ctx) => rule.all?.forEach((g, i) => ctx.checkTerms(g, ['all', i])),
    compile: (rule, ctx) => rule.all!.map((g) => ctx.terms(g)),
    match: (rule, hitsOf) => {
      // Every group on words of its own: one word cannot be both the partner and the relation.
      const options: Hit[][] = [];
      const primary = hitsOf(rule.groups[0] as Set<number>);
      const rest = rule.groups.slice(1).map(hitsOf);
      if (rest.every((g) => g.length > 0)) {
        for (const p of primary) {
          const chosen: Hit[] = [p];
          for (const g of rest) {
            const h = g.find((x) => !chosen.some((y) => overlaps(x, y)));
            if (!h) break;
            chosen.push(h);
          }
          if (chosen.length === rule.groups.length) options.push(chosen);
        }
      }
      return options;
    },
    describe: (rule) => `all: ${rule.all!.map((g) => `(${list(g)})`).join(' + ')}`,
  },
  near: {
    schema: {
      near: { type: 'array', minItems: 2, maxItems: 2, items: groupSchema, description: 'A term of the first group within `within` words of a term of the second, in the same unit.' },
      within: { type: 'integer', minimum: 1, maximum: 50 },
    },
    modifiers: {
      within: { code: 'RULE_WITHIN_WITHOUT_NEAR', message: '"within" only applies to "near" rules; remove it or use near' },
    },
    normalize: (rule) => {
      rule.near = asGroups(rule.near!);
    },
    check: (rule, ctx) => rule.near?.forEach((g, i) => ctx.checkTerms(g, ['near', i])),
    compile: (rule, ctx) => rule.near!.map((g) => ctx.terms(g)),
    match: (rule, hitsOf) => {
      const options: Hit[][] = [];
      const primary = hitsOf(rule.groups[0] as Set<number>);
      const other = hitsOf(rule.groups[1] as Set<number>);
      for (const p of primary) {
        const partner = other.find((o) => !overlaps(o, p) && wordGap(p, o) <= rule.within);
        if (partner) options.push([p, partner]);
      }
      return options;
    },
    describe: (rule) => `near: (${list(rule.near![0] ?? [])}) within ${rule.within ?? DEFAULT_WITHIN} words of (${list(rule.near![1] ?? [])})`,
  },
  regex: {
    schema: {
      regex: { type: 'string', minLength: 1, description: 'An RE2 regular expression (linear time, no backreferences or lookaround).' },
      flags: { type: 'string', pattern: '^[imsu]*$', description: 'Regex flags: i, m, s, u.' },
    },
    modifiers: {
      flags: { code: 'RULE_FLAGS_WITHOUT_REGEX', message: '"flags" only applies to "regex" rules' },
    },
    check: (rule, ctx) => {
      try {
        RE2JS.compile(rule.regex!, 0);
      } catch (e) {
        ctx.fail('RULE_BAD_REGEX', `regular expression does not compile: ${(e as Error).message} (RE2 syntax: no backreferences or lookaround)`, ['regex']);
      }
    },
    compile: (rule, ctx) => [new Set([ctx.scanUnits(RE2JS.compile(rule.regex!, regexFlags(rule.flags ?? 'i')))])],
    match: eachPrimaryHit,
    describe: (rule) => `regex: /${rule.regex}/${rule.flags ?? 'i'}`,
  },
} as const satisfies Record<string, RuleKindDef>;

/** A rule kind's name: `any`, `all`, `near` or `regex`. */
export type RuleKind = keyof typeof RULE_KINDS;

/** The kind names in registry order (the order the schema and its messages list them). */
export const RULE_KIND_NAMES = Object.keys(RULE_KINDS) as RuleKind[];

/**
 * The kind of a rule: the first registry key the rule has (a rule that passed the schema check has
 * exactly one). Throws an Error when the rule has none, which the schema rules out.
 */
export function ruleKindOf(rule: RuleSpec): RuleKind {
  const kind = RULE_KIND_NAMES.find((k) => rule[k] !== undefined);
  if (kind === undefined) throw new Error(`a rule needs one of: ${RULE_KIND_NAMES.join(', ')}`);
  return kind;
}

/** The registry entry of a kind, seen through the shape every entry has. Never throws. */
export function ruleKind(kind: RuleKind): RuleKindDef {
  return RULE_KINDS[kind];
}
