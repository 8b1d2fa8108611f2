// Loads a codebook: YAML text -> schema check -> semantic checks -> Codebook. Pure; see io/ for files.
import { isQevalError, QevalError, type Place } from '../model/errors.js';
import { boundedErrors, YamlSource, validateAgainstSchema, type YamlPath } from '../config/yaml-source.js';
import { codebookSchema } from './schema.js';
import { closest } from './suggest.js';
import { RULE_KINDS, ruleKind, ruleKindOf, type RulePath } from '../engine/rule-kinds.js';
import { termWords } from '../engine/terms.js';
import { SHARED_ROLES, type CodeInfo, type Codebook, type CodebookSpec, type CodeSpec, type RuleSpec } from './types.js';

/**
 * Parses and validates codebook YAML: the schema (with codes defined twice), then what it cannot see (ids, lexicons, routes,
 * each rule as its kind checks it). Returns the Codebook with all/near groups normalized to lists.
 * Throws a QevalError carrying every problem found, sorted by place in the file.
 */
/**
 * CODE_DUPLICATE for each code whose id a code before it has, read from the YAML as it is (any
 * shape: entries without a string id are passed over), at the second one's id.
 */
function duplicateCodeIds(source: YamlSource): QevalError[] {
  const seen = new Set<string>();
  const errors: QevalError[] = [];
  const walk = (list: unknown, path: YamlPath) => {
    if (!Array.isArray(list)) return;
    list.forEach((code: unknown, i) => {
      if (code === null || typeof code !== 'object') return;
      const { id, codes } = code as { id?: unknown; codes?: unknown };
      if (typeof id === 'string') {
        if (seen.has(id)) errors.push(new QevalError('CODE_DUPLICATE', `code "${id}" is defined twice; give each code its own id`, source.placeOf([...path, i, 'id'])));
        seen.add(id);
      }
      walk(codes, [...path, i, 'codes']);
    });
  };
  walk((source.data as { codes?: unknown } | null)?.codes, ['codes']);
  return errors;
}

export function parseCodebook(text: string, file = '<codebook>'): Codebook {
  const source = new YamlSource(text, file);
  const describe = (path: YamlPath) => describePath(source.data, path);
  // Not a map at all (a CSV, a list, a word): not a codebook, said as such rather than as a schema detail.
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    throw new QevalError('CODEBOOK_NOT_A_MAP', 'not a codebook: a codebook is a YAML map with "codebook", "version", "language" and "codes" (see codebooks/swot.yaml)', { file, line: 1, column: 1 });
  }
  try {
    validateAgainstSchema(source, codebookSchema, describe);
  } catch (e) {
    // Codes defined twice are said with the schema's problems, not in a second round after they are fixed.
    if (!isQevalError(e) || e.list().some((x) => x.code === 'TOO_MANY_ERRORS')) throw e;
    const twice = duplicateCodeIds(source);
    throw twice.length === 0 ? e : boundedErrors([...e.list(), ...twice], file);
  }
  const spec = source.data as CodebookSpec;
  normalizeGroups(spec.codes);
  spec.version = String(spec.version);
  const codes: CodeInfo[] = [];
  const paths = new Map<string, YamlPath>();
  const errors: QevalError[] = [];
  const walk = (list: CodeSpec[], parent: CodeInfo | undefined, path: YamlPath) => {
    list.forEach((code, i) => {
      const here = [...path, i];
      if (paths.has(code.id)) {
        errors.push(new QevalError('CODE_DUPLICATE', `code "${code.id}" is defined twice; give each code its own id`, source.placeOf([...here, 'id'])));
        return;
      }
      if (parent && !code.id.startsWith(`${parent.id}.`)) {
        errors.push(new QevalError('CODE_ID_NOT_NESTED', `code "${code.id}" sits under "${parent.id}"; its id must start with "${parent.id}." (e.g. "${parent.id}.${code.id.split('.').pop()}")`, source.placeOf([...here, 'id'])));
      }
      if (!parent && code.id.includes('.')) {
        errors.push(new QevalError('CODE_ID_NOT_NESTED', `top-level code "${code.id}" has a dotted id; move it under its parent or drop the dots`, source.placeOf([...here, 'id'])));
      }
      const info: CodeInfo = {
        id: code.id,
        label: code.label,
        definition: code.definition,
        use_when: code.use_when,
        not_when: code.not_when,
        color: code.color,
        role: code.role,
        quadrant: code.quadrant ?? parent?.quadrant,
        parent: parent?.id,
        depth: parent ? parent.depth + 1 : 0,
        children: [],
        examples: code.examples ?? [],
        counter_examples: code.counter_examples ?? [],
        rules: code.rules ?? [],
      };
      paths.set(code.id, here);
      codes.push(info);
      parent?.children.push(code.id);
      if (code.codes) walk(code.codes, info, [...here, 'codes']);
    });
  };
  walk(spec.codes, undefined, ['codes']);

  const byId = new Map(codes.map((c) => [c.id, c]));
  const lexicons = spec.lexicons ?? {};
  const checkTerms = (terms: string[] | undefined, path: YamlPath, who: string) => {
    terms?.forEach((term, i) => {
      const problem = termProblem(term, lexicons);
      if (problem) errors.push(new QevalError('RULE_BAD_TERM', `${who}: ${problem}`, source.placeOf([...path, i])));
    });
  };
  const checkRoute = (target: string | undefined, path: YamlPath, who: string) => {
    if (target === undefined || target === 'skip' || target === 'ignore' || target === 'require' || byId.has(target)) return;
    const guess = closest(target, byId.keys());
    errors.push(new QevalError('RULE_UNKNOWN_ROUTE', `${who}: "negated: ${target}" names no code; use skip, ignore, require or a code id${guess ? ` (did you mean "${guess}"?)` : ''}`, source.placeOf(path)));
  };
  for (const [name, terms] of Object.entries(lexicons)) {
    terms.forEach((term, i) => {
      if (term.startsWith('@')) errors.push(new QevalError('LEXICON_NESTED', `lexicon "${name}": "${term}" refers to another lexicon; lexicons hold words and phrases only`, source.placeOf(['lexicons', name, i])));
      else checkTerms([term], ['lexicons', name, i], `lexicon "${name}"`);
    });
  }
  checkTerms(spec.negation?.cues, ['negation', 'cues'], 'negation cues');
  checkTerms(spec.negation?.breaks, ['negation', 'breaks'], 'negation breaks');
  checkRoute(spec.defaults?.negated, ['defaults', 'negated'], 'defaults');
  for (const code of codes) {
    const path = paths.get(code.id) ?? [];
    code.rules.forEach((rule: RuleSpec, r) => {
      const rp = [...path, 'rules', r];
      const who = `code "${code.id}", rule ${r + 1}`;
      const fail = (errorCode: string, message: string, at: RulePath) => errors.push(new QevalError(errorCode, `${who}: ${message}`, source.placeOf([...rp, ...at])));
      const kind = ruleKindOf(rule);
      ruleKind(kind).check(rule, { checkTerms: (terms, at) => checkTerms(terms, [...rp, ...at], who), fail });
      checkTerms(rule.unless, [...rp, 'unless'], who);
      checkRoute(rule.negated, [...rp, 'negated'], who);
      if (rule.negated === code.id) errors.push(new QevalError('RULE_ROUTE_SELF', `${who}: a negated match cannot be re-routed to the rule's own code; use skip or another code`, source.placeOf([...rp, 'negated'])));
      // A key only another kind accepts ("within" on an any rule).
      for (const [other, def] of Object.entries(RULE_KINDS)) {
        if (other === kind) continue;
        for (const [key, modifier] of Object.entries(def.modifiers)) {
          if ((rule as Record<string, unknown>)[key] !== undefined) fail(modifier.code, modifier.message, [key]);
        }
      }
    });
  }
  const roleHolders = new Map<string, string>();
  for (const code of codes) {
    if (code.role === undefined || SHARED_ROLES.includes(code.role)) continue;
    const other = roleHolders.get(code.role);
    if (other !== undefined) errors.push(new QevalError('CODE_ROLE_DUPLICATE', `code "${code.id}": role "${code.role}" already belongs to "${other}"; only one code may play it`, source.placeOf([...(paths.get(code.id) ?? []), 'role'])));
    else roleHolders.set(code.role, code.id);
  }
  (spec.recommendations ?? []).forEach((rec, i) => {
    rec.when.forEach((cond, j) => {
      if (!byId.has(cond.code)) {
        const guess = closest(cond.code, byId.keys());
        errors.push(new QevalError('RECOMMENDATION_UNKNOWN_CODE', `recommendation "${rec.id}": condition names unknown code "${cond.code}"${guess ? `; did you mean "${guess}"?` : ''}`, source.placeOf(['recommendations', i, 'when', j, 'code'])));
      }
      if (cond.above !== undefined && !byId.has(cond.above)) {
        const guess = closest(cond.above, byId.keys());
        errors.push(new QevalError('RECOMMENDATION_UNKNOWN_CODE', `recommendation "${rec.id}": "above" names unknown code "${cond.above}"${guess ? `; did you mean "${guess}"?` : ''}`, source.placeOf(['recommendations', i, 'when', j, 'above'])));
      }
      if (cond.min !== undefined && cond.max !== undefined && cond.min > cond.max) {
        errors.push(new QevalError('RECOMMENDATION_EMPTY_RANGE', `recommendation "${rec.id}": min ${cond.min} is above max ${cond.max}, so it can never hold`, source.placeOf(['recommendations', i, 'when', j])));
      }
    });
  });
  errors.push(...scoreProblems(spec, byId, source));
  if (errors.length > 0) {
    throw boundedErrors(errors, file);
  }
  const places = new Map<string, Place>();
  for (const code of codes) {
    const path = paths.get(code.id) ?? [];
    places.set(code.id, source.placeOf([...path, 'id']));
    code.examples.forEach((_, i) => places.set(`${code.id}:examples:${i}`, source.placeOf([...path, 'examples', i])));
    code.counter_examples.forEach((_, i) => places.set(`${code.id}:counter_examples:${i}`, source.placeOf([...path, 'counter_examples', i])));
  }
  (spec.indices ?? []).forEach((ix, i) => places.set(`index:${ix.id}`, source.placeOf(['indices', i, 'id'])));
  (spec.flags ?? []).forEach((f, i) => places.set(`flag:${f.id}`, source.placeOf(['flags', i, 'id'])));
  return { spec, file, codes, byId, places };
}

/** What the schema cannot see in `indices` and `flags`: unknown codes and indices, duplicate ids, ranges that can never hold. */
function scoreProblems(spec: CodebookSpec, byId: Map<string, CodeInfo>, source: YamlSource): QevalError[] {
  const errors: QevalError[] = [];
  const unknownCode = (code: string, who: string, path: YamlPath) => {
    if (byId.has(code)) return;
    const guess = closest(code, byId.keys());
    errors.push(new QevalError('SCORE_UNKNOWN_CODE', `${who}: names unknown code "${code}"${guess ? `; did you mean "${guess}"?` : ''}`, source.placeOf(path)));
  };
  const seen = (kind: 'index' | 'flag') => {
    const ids = new Set<string>();
    return (id: string, path: YamlPath) => {
      if (ids.has(id)) errors.push(new QevalError('SCORE_DUPLICATE', `${kind} "${id}" is defined twice; give each ${kind} its own id`, source.placeOf(path)));
      ids.add(id);
    };
  };
  const index = seen('index');
  const indices = spec.indices ?? [];
  indices.forEach((ix, i) => {
    index(ix.id, ['indices', i, 'id']);
    // `--sort <id>` and the merge of score tables take an id for an index or a code's density: never both.
    if (byId.has(ix.id)) errors.push(new QevalError('SCORE_ID_IS_CODE', `index "${ix.id}" has the id of a code; --sort and the score columns would not tell them apart: give the index its own id (e.g. "${ix.id}-index")`, source.placeOf(['indices', i, 'id'])));
    for (const code of Object.keys(ix.weights)) unknownCode(code, `index "${ix.id}", weights`, ['indices', i, 'weights', code]);
    (ix.over ?? []).forEach((code, j) => unknownCode(code, `index "${ix.id}", over`, ['indices', i, 'over', j]));
  });
  const flag = seen('flag');
  (spec.flags ?? []).forEach((f, i) => {
    flag(f.id, ['flags', i, 'id']);
    f.when.forEach((cond, j) => {
      const at: YamlPath = ['flags', i, 'when', j];
      if (cond.code !== undefined) unknownCode(cond.code, `flag "${f.id}"`, [...at, 'code']);
      if (cond.density !== undefined) unknownCode(cond.density, `flag "${f.id}"`, [...at, 'density']);
      if (cond.index !== undefined && !indices.some((ix) => ix.id === cond.index)) {
        const guess = closest(cond.index, indices.map((ix) => ix.id));
        errors.push(new QevalError('SCORE_UNKNOWN_INDEX', `flag "${f.id}": names unknown index "${cond.index}"${guess ? `; did you mean "${guess}"?` : '; declare it under "indices"'}`, source.placeOf([...at, 'index'])));
      }
      if (cond.min !== undefined && cond.max !== undefined && cond.min > cond.max) {
        errors.push(new QevalError('SCORE_EMPTY_RANGE', `flag "${f.id}": min ${cond.min} is above max ${cond.max}, so it can never hold`, source.placeOf(at)));
        return;
      }
      // What the measure can be: counts and densities are never negative; an index as its weights allow.
      const target = cond.index !== undefined ? indices.find((ix) => ix.id === cond.index) : undefined;
      if (cond.index !== undefined && !target) return;
      const [lo, hi] = target ? indexRange(target) : [0, Infinity];
      const what = cond.code !== undefined ? `a count of segments is never below 0` : cond.density !== undefined ? 'a density is never below 0' : `index "${cond.index}" ${rangeWords(lo, hi)}`;
      if ((cond.min !== undefined && cond.min > hi) || (cond.max !== undefined && cond.max < lo)) {
        errors.push(new QevalError('SCORE_NEVER_HOLDS', `flag "${f.id}", condition ${j + 1}: ${cond.min !== undefined && cond.min > hi ? `min ${cond.min}` : `max ${cond.max}`} can never hold (${what})`, source.placeOf(at)));
      } else if (!target && (cond.min === undefined || cond.min <= lo) && (cond.max === undefined || cond.max >= hi)) {
        // (An index condition over the whole range still asks that the index has a value: its divisor is not 0.)
        errors.push(new QevalError('SCORE_ALWAYS_HOLDS', `flag "${f.id}", condition ${j + 1}: always holds (${what}), so it tells nothing; give a bound that can fail (e.g. min 1, or max 0 for "no evidence")`, source.placeOf(at)));
      }
    });
  });
  return errors;
}

/**
 * The values an index can take, [lo, hi] (±Infinity when unbounded), from its weights alone, every
 * count or density being 0 or more: with `over` holding every weighted code, a weighted mean of the
 * weights (and of 0 for codes of `over` without a weight); without `over`, from 0 to +Infinity (or
 * -Infinity) when all weights have one sign; unbounded otherwise (a weighted code not in `over`).
 */
function indexRange(ix: NonNullable<CodebookSpec['indices']>[number]): [number, number] {
  const weights = Object.entries(ix.weights);
  if (ix.over) {
    const over = new Set(ix.over);
    if (!weights.every(([code]) => over.has(code))) return [-Infinity, Infinity];
    const values = [...weights.map(([, w]) => w), ...(ix.over.some((c) => !(c in ix.weights)) ? [0] : [])];
    return [Math.min(...values), Math.max(...values)];
  }
  if (weights.every(([, w]) => w >= 0)) return [0, Infinity];
  if (weights.every(([, w]) => w <= 0)) return [-Infinity, 0];
  return [-Infinity, Infinity];
}

/** `is never below 0`, `is from -1 to 1` ... for an index's range. */
function rangeWords(lo: number, hi: number): string {
  if (lo === -Infinity) return `is never above ${hi}`;
  if (hi === Infinity) return `is never below ${lo}`;
  return `is from ${lo} to ${hi}`;
}

/** Why a term cannot be matched, or undefined when it is fine. */
function termProblem(term: string, lexicons: Record<string, string[]>): string | undefined {
  if (term.startsWith('@')) {
    const name = term.slice(1);
    if (lexicons[name]) return undefined;
    const guess = closest(name, Object.keys(lexicons));
    return `unknown lexicon "${term}"${guess ? `; did you mean "@${guess}"?` : '; declare it under "lexicons"'}`;
  }
  const body = term.startsWith('~') ? term.slice(1) : term;
  const words = termWords(body);
  if (words.length === 0) return `term "${term}" has no letters or digits to match`;
  for (const w of words) {
    if (w.replace(/\*/g, '') === '') return `term "${term}" has a word that is only "*"; a wildcard needs some letters beside it`;
    if (/\*[^*]*\*/.test(w) && !w.startsWith('*')) return `term "${term}": use at most one "*" inside a word (or one at each end)`;
  }
  return undefined;
}

/** `code "strength.trust", rule 2` for a path into the codebook data. */
function describePath(data: unknown, path: YamlPath): string {
  let node: unknown = data;
  let code: string | undefined;
  let rule: number | undefined;
  let rec: string | undefined;
  let score: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    node = (node as Record<string | number, unknown> | undefined)?.[key];
    if (path[i - 1] === 'codes' && typeof key === 'number') {
      const id = (node as { id?: unknown } | undefined)?.id;
      code = typeof id === 'string' ? id : `#${key + 1}`;
      rule = undefined;
    }
    if (path[i - 1] === 'rules' && typeof key === 'number') rule = key + 1;
    if ((path[i - 1] === 'indices' || path[i - 1] === 'flags') && typeof key === 'number') {
      const id = (node as { id?: unknown } | undefined)?.id;
      score = `${path[i - 1] === 'indices' ? 'index' : 'flag'} ${typeof id === 'string' ? `"${id}"` : `#${key + 1}`}`;
    }
    if (path[i - 1] === 'recommendations' && typeof key === 'number') {
      const id = (node as { id?: unknown } | undefined)?.id;
      rec = typeof id === 'string' ? id : `#${key + 1}`;
    }
  }
  if (rec) return `recommendation "${rec}"`;
  if (score) return score;
  if (code) return `code "${code}"${rule ? `, rule ${rule}` : ''}`;
  return '';
}

/** Each rule's kind rewrites its shorthands: a group written as one lexicon reference ("@positive") becomes a one-item list. */
function normalizeGroups(codes: CodeSpec[]): void {
  for (const code of codes) {
    for (const rule of code.rules ?? []) ruleKind(ruleKindOf(rule)).normalize?.(rule);
    if (code.codes) normalizeGroups(code.codes);
  }
}
