// Recommendations: the codebook's rules (conditions over rolled-up counts and the organization's profile) evaluated against one scope.
import type { ConditionSpec, ProfileMatch, RecommendationSpec } from '../codebook/types.js';
import { isLowConfidence, type Evidence } from './evidence.js';
import { quotesFor } from './quotes.js';
import type { ConditionResult, ProfileReason, RecommendationResult } from './types.js';

export function conditionKind(condition: ConditionSpec): ConditionResult['kind'] {
  const min = condition.min ?? 0;
  if (condition.max !== undefined && min > 0) return 'range';
  if (condition.max !== undefined) return 'absence';
  return 'presence';
}

/**
 * Evaluates one condition; a condition without min or max means "at least one". Counts leave out
 * low-confidence segments (isLowConfidence): a recommendation never rests on what only a hesitant
 * model saw. `uncertain` says how many were left out.
 */
export function evaluateCondition(all: Evidence, condition: ConditionSpec, top: number, confident: Evidence = confidentOnly(all)): ConditionResult {
  const ev = confident;
  const count = ev.count(condition.code);
  const min = condition.min ?? (condition.max === undefined ? 1 : 0);
  const max = condition.max ?? Number.POSITIVE_INFINITY;
  const above = condition.above === undefined ? null : { code: condition.above, count: ev.count(condition.above) };
  return {
    code: condition.code,
    min: condition.min ?? null,
    max: condition.max ?? null,
    kind: conditionKind(condition),
    count,
    above,
    uncertain: all.count(condition.code) - count,
    holds: count >= min && count <= max && (above === null || count > above.count),
    // The evidence behind the count: for an absence condition these are the few units that exist (if any).
    quotes: count > 0 ? quotesFor(ev, condition.code, top) : [],
  };
}

/** The same scope without its low-confidence segments. */
export function confidentOnly(ev: Evidence): Evidence {
  return ev.subset((s) => !isLowConfidence(s));
}

/** The items of a profile value: `counselling; shelter` -> [counselling, shelter] (`;` or `,` separated, trimmed). */
export function profileItems(value: string): string[] {
  return value
    .split(/[;,]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A pattern with `*` wildcards, case-insensitive, against a whole item. */
function patternMatches(pattern: string, item: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'iu');
  return re.test(item);
}

/** The first (attribute, item, pattern) of `match` the profile satisfies, in the rule's order; null when none does. */
export function matchProfile(profile: Readonly<Record<string, string>>, match: ProfileMatch): ProfileReason | null {
  for (const [attribute, patterns] of Object.entries(match)) {
    for (const item of profileItems(profile[attribute] ?? '')) {
      const pattern = patterns.find((p) => patternMatches(p, item));
      if (pattern !== undefined) return { attribute, value: item, pattern };
    }
  }
  return null;
}

/**
 * Why the profile rules a recommendation out, or null. `unless_profile`: any listed attribute matching
 * excludes it (a ministry is not told to fund itself; an organization that lists counselling is not
 * told it has none). `profile`: every listed attribute must match (supervision of staff is for service
 * providers); the first that does not is the reason, with `value` the profile's value ('' when unset).
 */
export function profileExclusion(profile: Readonly<Record<string, string>>, rule: RecommendationSpec): { kind: 'unless' | 'only'; reason: ProfileReason } | null {
  if (rule.unless_profile) {
    const hit = matchProfile(profile, rule.unless_profile);
    if (hit) return { kind: 'unless', reason: hit };
  }
  for (const [attribute, patterns] of Object.entries(rule.profile ?? {})) {
    if (!matchProfile(profile, { [attribute]: patterns })) return { kind: 'only', reason: { attribute, value: profile[attribute] ?? '', pattern: patterns.join(', ') } };
  }
  return null;
}

/**
 * Every rule in codebook order, triggered or not (renderers show the triggered ones; JSON keeps all).
 * `profile` is the organization's attributes (organizations CSV, plus `org_type` from its documents):
 * a rule the profile rules out is not triggered whatever the evidence, and says why.
 */
export function evaluateRecommendations(ev: Evidence, rules: readonly RecommendationSpec[], top: number, profile: Readonly<Record<string, string>> = {}): RecommendationResult[] {
  const confident = confidentOnly(ev);
  return rules.map((rule) => {
    const conditions = rule.when.map((c) => evaluateCondition(ev, c, top, confident));
    const excluded = profileExclusion(profile, rule);
    return {
      id: rule.id,
      text: rule.text,
      to: rule.to ?? 'organization',
      triggered: excluded === null && conditions.every((c) => c.holds),
      conditions,
      excluded,
      widespread: false,
    };
  });
}
