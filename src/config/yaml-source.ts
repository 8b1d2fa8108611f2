// YAML files checked against a JSON Schema, with every problem mapped back to file:line:column.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { QevalError, type Place } from '../model/errors.js';
import { closest } from '../codebook/suggest.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say where any value in it is. */
export class YamlSource {
  readonly file: string;
  readonly data: unknown;
  private readonly text: string;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  constructor(text: string, file: string) {
    this.file = file;
    this.text = text;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const errors = this.doc.errors.map((e) => {
      const pos = this.lines.linePos(e.pos[0]);
      const message = e.message.split('\n')[0] ?? e.message;
      return new QevalError('YAML_SYNTAX', `YAML syntax error: ${message.replace(/ at line \d+, column \d+.*$/, '')}`, { file, line: pos.line, column: pos.col });
    });
    if (errors.length > 0) throw QevalError.all(errors);
    this.data = yamlToJs(this.doc, this.lines, file);
  }

  /** The place of the value at `path`, or of its key when `key` is set; falls back to the nearest parent. */
  placeOf(path: YamlPath, key = false): Place {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      let node: unknown;
      if (key && n === path.length && n > 0) {
        const parent = this.doc.getIn(sub.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
          node = pair?.key;
        }
      } else {
        node = n === 0 ? this.doc.contents : this.doc.getIn(sub, true);
      }
      const range = (node as Node | undefined)?.range;
      if (range) {
        const pos = this.lines.linePos(range[0]);
        return { file: this.file, line: pos.line, column: pos.col };
      }
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** The place of the key `name` inside the map at `path`. */
  placeOfKey(path: YamlPath, name: string): Place {
    return this.placeOf([...path, name], true);
  }

  /** The value at `path` as written in the file (`.nan`, `-.inf`, `1e999`), when it is a plain one-line scalar. */
  sourceOf(path: YamlPath): string | undefined {
    const node = this.doc.getIn(path, true);
    if (!isScalar(node) || !node.range) return undefined;
    const written = this.text.slice(node.range[0], node.range[1]).trim();
    return written !== '' && !/[\r\n]/.test(written) ? written : undefined;
  }
}

/** How many aliases (`*name`) a YAML file may expand; more is how an "alias bomb" makes a small file huge. */
export const MAX_YAML_ALIASES = 100;

/**
 * A parsed YAML document's value. Throws QevalError YAML_ALIASES, naming the file and the first
 * alias, when expanding its aliases would exceed MAX_YAML_ALIASES (a "billion laughs" file).
 * `lineOffset` is added to lines (front matter starts below its `---`).
 */
export function yamlToJs(doc: Document, lines: LineCounter, file: string, lineOffset = 0): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    let at: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        at = node.range?.[0];
        return visit.BREAK;
      },
    });
    const pos = at === undefined ? { line: 1, col: 1 } : lines.linePos(at);
    throw new QevalError('YAML_ALIASES', `the YAML expands its aliases (*name) too many times (more than ${MAX_YAML_ALIASES}), as an "alias bomb" does; write the values out instead of repeating aliases`, { file, line: pos.line + lineOffset, column: pos.col });
  }
}

/** Validation stops once this many problems are found, and at most this many are reported. */
export const MAX_ERRORS = 50;
// Long top-level lists (codes, recommendations) are validated this many items at a time.
const CHUNK = 16;

/**
 * At most MAX_ERRORS of `errors`, sorted by place, and when there were more (or `truncated` says
 * the search stopped early) a last TOO_MANY_ERRORS one saying so: a huge broken file gives a
 * readable list in bounded time.
 */
export function boundedErrors(errors: QevalError[], file: string, truncated = false): QevalError {
  const sorted = [...errors].sort((a, b) => (a.place.line ?? 0) - (b.place.line ?? 0) || (a.place.column ?? 0) - (b.place.column ?? 0));
  if (sorted.length <= MAX_ERRORS && !truncated) return QevalError.all(sorted);
  return QevalError.all([...sorted.slice(0, MAX_ERRORS), new QevalError('TOO_MANY_ERRORS', `more problems not listed (checking stops after ${MAX_ERRORS}); fix these first and check again`, { file })]);
}

// strictNumbers: a `number` or `integer` must be finite; YAML's .nan, .inf and -.inf (and 1e999) are not.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, strictNumbers: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a schema once and caches it. */
export function schemaValidator(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Describes where in the document a path is, for messages (e.g. `code "strength.trust", rule 2`). */
export type PathDescriber = (path: YamlPath) => string;

/**
 * Where `path` is, down to its last key: what `describe` says about it, followed by the keys below
 * the part it describes (`index "net-swot", weights: strength`, `flag "no-police", when[0]`).
 */
export function describeFully(path: YamlPath, describe: PathDescriber): string {
  const context = describe(path);
  let n = path.length;
  while (n > 0 && describe(path.slice(0, n - 1)) === context) n--;
  let rest = '';
  for (const part of path.slice(n)) rest += typeof part === 'number' ? `[${part}]` : `${rest ? ': ' : ''}${part}`;
  return context && rest ? `${context}, ${rest}` : context || rest;
}

/** Validates `source.data` against `schema`; throws one QevalError carrying every problem. */
export function validateAgainstSchema(source: YamlSource, schema: object, describe: PathDescriber = () => ''): void {
  const validate = schemaValidator(schema);
  const { errors: found, stopped } = collectErrors(validate, source.data);
  if (found.length === 0) return;
  const selected = selectErrors(found);
  const errors = selected.slice(0, MAX_ERRORS).map((e) => toQevalError(source, e, describe));
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = e.format();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  throw boundedErrors(unique, source.file, stopped || selected.length > MAX_ERRORS);
}

/**
 * The schema's errors for `data`, validating long top-level lists a chunk at a time and stopping
 * once more than MAX_ERRORS are found (ajv with allErrors would otherwise list every one of them).
 */
function collectErrors(validate: ValidateFunction, data: unknown): { errors: ErrorObject[]; stopped: boolean } {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { errors: validate(data) ? [] : [...(validate.errors ?? [])], stopped: false };
  const record = data as Record<string, unknown>;
  const long = Object.keys(record).filter((k) => Array.isArray(record[k]) && (record[k] as unknown[]).length > CHUNK);
  const base: Record<string, unknown> = { ...record };
  for (const k of long) base[k] = (record[k] as unknown[]).slice(0, CHUNK);
  const errors = validate(base) ? [] : [...(validate.errors ?? [])];
  let stopped = false;
  for (const k of long) {
    const list = record[k] as unknown[];
    const prefix = `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}/`;
    for (let offset = CHUNK; offset < list.length; offset += CHUNK) {
      // ajv reports a problem in several ways (oneOf noise is dropped later): keep some room.
      if (errors.length > 2 * MAX_ERRORS) {
        stopped = true;
        break;
      }
      if (validate({ ...base, [k]: list.slice(offset, offset + CHUNK) })) continue;
      for (const e of validate.errors ?? []) {
        if (!e.instancePath.startsWith(prefix)) continue;
        const rest = e.instancePath.slice(prefix.length);
        const slash = rest.indexOf('/');
        const index = Number(slash < 0 ? rest : rest.slice(0, slash)) + offset;
        errors.push({ ...e, instancePath: `${prefix}${index}${slash < 0 ? '' : rest.slice(slash)}` });
      }
    }
  }
  return { errors, stopped };
}

function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(t) ? Number(t) : t;
  });
}

/** Drops the noise ajv produces around oneOf/anyOf so each real problem is said once. */
function selectErrors(errors: ErrorObject[]): ErrorObject[] {
  // A non-finite number (.nan, .inf) is said once, as that, whatever else its value breaks (maximum ...).
  const nonFinite = new Map<string, ErrorObject>();
  for (const e of errors) if (isNonFiniteNumber(e) && !nonFinite.has(e.instancePath)) nonFinite.set(e.instancePath, e);
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  // A misspelt rule kind ("anyy") also fails oneOf; the unknown-key message is the helpful one.
  const unknownKeyPaths = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  // "lable" instead of "label" gives both an unknown key and a missing key; the first says it all.
  const suggested = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => {
    const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
    return `${e.instancePath}\u0000${closest(String((e.params as { additionalProperty: string }).additionalProperty), allowed)}`;
  }));
  return errors.filter((e) => {
    const bad = nonFinite.get(e.instancePath);
    if (bad) return e === bad;
    // "maxx" for "max" in a condition that needs min or max: the unknown key says it all.
    if (e.keyword === 'anyOf' && requiredKeys(e.schema)?.some((k) => suggested.has(`${e.instancePath}\u0000${k}`))) return false;
    if (e.keyword === 'required' && suggested.has(`${e.instancePath}\u0000${(e.params as { missingProperty: string }).missingProperty}`)) return false;
    if (e.keyword === 'oneOf' && unknownKeyPaths.has(e.instancePath)) return false;
    if (e.schemaPath.includes('/oneOf/') && oneOfPaths.has(e.instancePath)) return false;
    if (e.schemaPath.includes('/anyOf/') && anyOfPaths.has(e.instancePath)) return false;
    if (e.keyword === 'if') return false;
    return true;
  });
}

function toQevalError(source: YamlSource, e: ErrorObject, describe: PathDescriber): QevalError {
  const path = parsePointer(e.instancePath);
  const context = describe(path);
  const prefix = context ? `${context}: ` : '';
  const last = path[path.length - 1];
  const name = typeof last === 'string' ? `"${last}"` : 'value';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
      const guess = closest(extra, allowed);
      const hint = guess ? `; did you mean "${guess}"?` : `; allowed keys: ${allowed.join(', ')}`;
      return new QevalError('SCHEMA_UNKNOWN_KEY', `${prefix}unknown key "${extra}"${hint}`, source.placeOfKey(path, extra));
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return new QevalError('SCHEMA_MISSING_KEY', `${prefix}missing required key "${missing}"`, source.placeOf(path));
    }
    case 'oneOf': {
      const keys = requiredKeys(e.schema);
      const where = describeFully(path, describe);
      if (keys) return new QevalError('SCHEMA_ONE_OF', `${where ? `${where}: ` : ''}${titled(e.parentSchema)}needs exactly one of: ${keys.join(', ')}`, source.placeOf(path));
      return new QevalError('SCHEMA_ONE_OF', `${prefix}${name} must be exactly one of: ${describeBranches(e.schema).join('; ')}`, source.placeOf(path));
    }
    case 'anyOf': {
      const keys = requiredKeys(e.schema);
      const where = describeFully(path, describe);
      if (keys) return new QevalError('SCHEMA_ANY_OF', `${where ? `${where}: ` : ''}${titled(e.parentSchema)}needs ${keys.length === 2 ? `${keys[0]}, ${keys[1]} or both` : `at least one of: ${keys.join(', ')}`}`, source.placeOf(path));
      const shown = typeof e.data === 'string' || typeof e.data === 'number' ? ` ${JSON.stringify(e.data)}` : '';
      return new QevalError('SCHEMA_INVALID', `${prefix}${name}${shown} must be ${describeBranches(e.schema).join(' or ')}${groupHint(path, e.data)}`, source.placeOf(path));
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return new QevalError('SCHEMA_ENUM', `${prefix}${name} must be one of ${allowed.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`, source.placeOf(path));
    }
    case 'minItems':
    case 'maxItems': {
      const limit = (e.params as { limit: number }).limit;
      const have = Array.isArray(e.data) ? `, not ${e.data.length}` : '';
      return new QevalError('SCHEMA_INVALID', `${prefix}${name} needs ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}${have}`, source.placeOf(path));
    }
    case 'uniqueItems': {
      // ajv counts items from 0; messages count them from 1, as the paths they name do (sources[2]).
      const { i, j } = e.params as { i: number; j: number };
      const items = Array.isArray(e.data) ? e.data : [];
      const value = items[i];
      return new QevalError('SCHEMA_INVALID', `${prefix}${name} lists ${typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : 'the same item'} twice (items ${Math.min(i, j) + 1} and ${Math.max(i, j) + 1}); give each once`, source.placeOf([...path, Math.max(i, j)]));
    }
    case 'minProperties': {
      const limit = (e.params as { limit: number }).limit;
      return new QevalError('SCHEMA_INVALID', `${prefix}${name} ${limit === 1 ? 'must not be empty: give at least one entry (name: value)' : `needs at least ${limit} entries`}`, source.placeOf(path));
    }
    case 'minLength': {
      const limit = (e.params as { limit: number }).limit;
      return new QevalError('SCHEMA_INVALID', `${prefix}${name} ${limit === 1 ? 'must not be empty' : `needs at least ${limit} characters`}`, source.placeOf(path));
    }
    case 'pattern':
      return new QevalError('SCHEMA_PATTERN', `${prefix}${name} ${JSON.stringify(e.data)} ${patternHint(last, (e.params as { pattern: string }).pattern)}`, source.placeOf(path));
    case 'type': {
      if (isNonFiniteNumber(e)) {
        const where = describeFully(path, describe);
        const written = source.sourceOf(path) ?? String(e.data);
        return new QevalError('SCHEMA_NOT_FINITE', `${where ? `${where}: ` : ''}${written} is not a finite number`, source.placeOf(path));
      }
      return new QevalError('SCHEMA_TYPE', `${prefix}${name} must be ${types((e.params as { type: string | string[] }).type)}`, source.placeOf(path));
    }
    default:
      return new QevalError('SCHEMA_INVALID', `${prefix}${name} ${e.message ?? 'is invalid'}`, source.placeOf(path));
  }
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

/** `a string or a number` for a type keyword's value. */
function types(type: string | string[]): string {
  return (Array.isArray(type) ? type : [type]).map(article).join(' or ');
}

/** True for a type error on a number that is NaN or infinite, where the schema wants a number or integer. */
function isNonFiniteNumber(e: ErrorObject): boolean {
  if (e.keyword !== 'type' || typeof e.data !== 'number' || Number.isFinite(e.data)) return false;
  const wanted = (e.params as { type: string | string[] }).type;
  return (Array.isArray(wanted) ? wanted : [wanted]).some((t) => t === 'number' || t === 'integer');
}

/** The keys of an anyOf/oneOf whose branches each only require one key (`[{required: [min]}, {required: [max]}]`), else undefined. */
function requiredKeys(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema) || schema.length === 0) return undefined;
  const keys: string[] = [];
  for (const branch of schema as Record<string, unknown>[]) {
    const required = branch.required;
    if (Object.keys(branch).length !== 1 || !Array.isArray(required) || required.length !== 1) return undefined;
    keys.push(String(required[0]));
  }
  return keys;
}

/** `a condition ` when the schema of the object has the title "condition", else ''. */
function titled(schema: unknown): string {
  const title = (schema as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' && title !== '' ? `a ${title} ` : '';
}

/** What each branch of an anyOf/oneOf accepts, in words. */
function describeBranches(schema: unknown): string[] {
  return (schema as { enum?: unknown[]; const?: unknown; type?: string | string[]; required?: string[]; description?: string; pattern?: string; items?: { type?: string } }[]).map((s) => {
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(', ');
    if ('const' in s) return JSON.stringify(s.const);
    // A codebook rule's group: a list of terms, or a lexicon named with @.
    if (s.type === 'string' && s.pattern === LEXICON_REFERENCE) return 'a lexicon (@name)';
    if (s.type === 'array' && s.items?.type === 'string') return 'a list of terms';
    if (s.type) return types(s.type);
    if (s.required) return `a map with ${s.required.map((k) => `"${k}"`).join(', ')}`;
    return s.description ?? 'another form (see the schema)';
  });
}

/** The schema's pattern of a lexicon reference in a rule's groups (`@partners`). */
const LEXICON_REFERENCE = '^@[A-Za-z0-9_-]+$';

/**
 * A hint for a bare term where a rule wants groups (`all: [police, trust]`, `near: [police, trust]`):
 * each group is a list in brackets. '' for any other value.
 */
function groupHint(path: readonly (string | number)[], data: unknown): string {
  const key = path[path.length - 2];
  if (typeof data !== 'string' || data.startsWith('@') || typeof path[path.length - 1] !== 'number' || (key !== 'all' && key !== 'near')) return '';
  return `; each group of "${key}" is a list of terms in brackets, e.g. ${key}: [[${data}], [other, terms]]`;
}

function patternHint(key: unknown, pattern: string): string {
  if (key === 'id') return 'is not a valid id: use lowercase letters, digits, _ and -, with dots between levels (e.g. "strength.trust")';
  return `must match ${pattern}`;
}
