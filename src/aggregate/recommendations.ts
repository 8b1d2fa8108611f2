// Recommendations: the codebook's rules (conditions over rolled-up counts) evaluated against one scope's evidence.
import type { ConditionSpec, RecommendationSpec } from '../codebook/types.js';
import type { Evidence } from './evidence.js';
import { quotesFor } from './quotes.js';
import type { ConditionResult, RecommendationResult } from './types.js';

export function conditionKind(condition: ConditionSpec): ConditionResult['kind'] {
  const min = condition.min ?? 0;
  if (condition.max !== undefined && min > 0) return 'range';
  if (condition.max !== undefined) return 'absence';
  return 'presence';
}

/** Evaluates one condition; a condition without min or max means "at least one". */
export function evaluateCondition(ev: Evidence, condition: ConditionSpec, top: number): ConditionResult {
  const count = ev.count(condition.code);
  const min = condition.min ?? (condition.max === undefined ? 1 : 0);
  const max = condition.max ?? Number.POSITIVE_INFINITY;
  return {
    code: condition.code,
    min: condition.min ?? null,
    max: condition.max ?? null,
    kind: conditionKind(condition),
    count,
    holds: count >= min && count <= max,
    // The evidence behind the count: for an absence condition these are the few units that exist (if any).
    quotes: count > 0 ? quotesFor(ev, condition.code, top) : [],
  };
}

/** Every rule in codebook order, triggered or not (renderers show the triggered ones; JSON keeps all). */
export function evaluateRecommendations(ev: Evidence, rules: readonly RecommendationSpec[], top: number): RecommendationResult[] {
  return rules.map((rule) => {
    const conditions = rule.when.map((c) => evaluateCondition(ev, c, top));
    return { id: rule.id, text: rule.text, triggered: conditions.every((c) => c.holds), conditions };
  });
}
