// The rule-kind registry is the one list of kinds: the schema accepts exactly its kinds, and `codebook show` describes rules with it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { codebookSchema } from '../../src/codebook/schema.js';
import { RULE_KIND_NAMES, RULE_KINDS, ruleKind, ruleKindOf, type RuleKind } from '../../src/engine/rule-kinds.js';
import { QevalError } from '../../src/model/errors.js';
import { runCli } from '../report/harness.js';

/** One rule of each kind, as YAML under `rules:`. A new kind needs a sample here. */
const SAMPLES: Record<RuleKind, string> = {
  any: 'any: [alpha, beta]',
  all: 'all: [[alpha], "@greek"]',
  near: 'near: [[alpha], [beta]]\n        within: 3',
  regex: 'regex: "gam+a"\n        flags: m',
};

/** A valid value for each kind-only key (modifier). */
const MODIFIER_VALUES: Record<string, string> = { within: '3', flags: 'i' };

/** A codebook with one code per rule. */
const codebookYaml = (rules: string[]) =>
  `codebook: kinds\nversion: 1.0.0\nlanguage: en\nlexicons:\n  greek: [gamma, delta]\ncodes:\n${rules.map((r, i) => `  - id: c${i}\n    label: C${i}\n    definition: d\n    rules:\n      - ${r}\n`).join('')}`;

/** The problems parseCodebook reports for a codebook, as [error code, message]. */
function problems(yaml: string): [string, string][] {
  try {
    parseCodebook(yaml, 'kinds.yaml');
  } catch (e) {
    if (!(e instanceof QevalError)) throw e;
    return [e, ...e.others].map((x) => [x.code, x.message]);
  }
  return [];
}

/** The kinds a codebook schema accepts: the keys its rule's oneOf requires. */
function schemaKinds(schema: unknown): string[] {
  const rule = (schema as { definitions: { code: { properties: { rules: { items: { oneOf: { required: string[] }[] } } } } } }).definitions.code.properties.rules.items;
  return rule.oneOf.flatMap((branch) => branch.required);
}

/** Runs the CLI in-process with in-memory streams. */
const run = (argv: string[]) => runCli(argv, process.cwd());

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the rule-kind registry', () => {
  it('has a sample in this test for each kind', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...RULE_KIND_NAMES].sort());
    expect(RULE_KIND_NAMES).toEqual(Object.keys(RULE_KINDS));
  });

  it('names exactly the kinds the schema accepts, in src and in the shipped codebooks/codebook.schema.json', () => {
    expect(schemaKinds(codebookSchema)).toEqual(RULE_KIND_NAMES);
    expect(schemaKinds(JSON.parse(readFileSync('codebooks/codebook.schema.json', 'utf8')))).toEqual(RULE_KIND_NAMES);
    const properties = Object.keys((codebookSchema.definitions.code.properties as { rules: { items: { properties: object } } }).rules.items.properties);
    for (const kind of RULE_KIND_NAMES) {
      expect(Object.keys(RULE_KINDS[kind].schema)[0]).toBe(kind);
      for (const key of Object.keys(RULE_KINDS[kind].schema)) expect(properties).toContain(key);
      for (const key of Object.keys(RULE_KINDS[kind].modifiers)) expect(Object.keys(RULE_KINDS[kind].schema)).toContain(key);
    }
  });

  it('loads a rule of each kind as that kind, and rejects rules with no kind, two kinds or an unknown kind', () => {
    const book = parseCodebook(codebookYaml(Object.values(SAMPLES)), 'kinds.yaml');
    expect(book.codes.map((c) => ruleKindOf(c.rules[0]!))).toEqual(Object.keys(SAMPLES));
    const oneOf = ['SCHEMA_ONE_OF', `code "c0", rule 1: needs exactly one of: ${RULE_KIND_NAMES.join(', ')}`];
    expect(problems(codebookYaml(['id: nothing']))).toEqual([oneOf]);
    expect(problems(codebookYaml([`${SAMPLES.any}\n        ${SAMPLES.regex}`]))).toEqual([oneOf]);
    expect(problems(codebookYaml(['anyy: [alpha]']))[0]?.[0]).toBe('SCHEMA_UNKNOWN_KEY');
  });

  it('rejects a kind-only key on a rule of another kind with that kind\'s error', () => {
    for (const kind of RULE_KIND_NAMES) {
      for (const [key, modifier] of Object.entries(RULE_KINDS[kind].modifiers)) {
        expect(MODIFIER_VALUES[key], `a value for "${key}" in MODIFIER_VALUES`).toBeDefined();
        for (const other of RULE_KIND_NAMES.filter((k) => k !== kind)) {
          expect(problems(codebookYaml([`${SAMPLES[other]}\n        ${key}: ${MODIFIER_VALUES[key]}`]))).toEqual([[modifier.code, `code "c0", rule 1: ${modifier.message}`]]);
        }
      }
    }
  });
});

describe('qeval codebook show', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-kinds-'));
  const file = path.join(dir, 'kinds.yaml');
  const yaml = codebookYaml(Object.values(SAMPLES));
  writeFileSync(file, yaml);

  it('describes each rule with its kind\'s description', async () => {
    const r = await run(['codebook', 'show', file]);
    expect(r.status).toBe(0);
    const book = parseCodebook(yaml, file);
    for (const code of book.codes) {
      const rule = code.rules[0]!;
      expect(r.stdout).toContain(ruleKind(ruleKindOf(rule)).describe(rule));
    }
    expect(r.stdout).toContain('any: alpha, beta');
    expect(r.stdout).toContain('near: (alpha) within 3 words of (beta)');
    // --no-rules leaves the rules column out, the tree and examples kept.
    const bare = await run(['codebook', 'show', file, '--no-rules']);
    expect(bare.status).toBe(0);
    expect(bare.stdout).not.toContain('any: alpha, beta');
    expect(bare.stdout).toContain(book.codes[0]!.id);
  });

  it('takes the description from the registry entry of each kind', async () => {
    const spies = RULE_KIND_NAMES.map((kind) => vi.spyOn(RULE_KINDS[kind], 'describe').mockImplementation(() => `<${kind} described>`));
    const r = await run(['codebook', 'show', file]);
    expect(r.status).toBe(0);
    for (const kind of RULE_KIND_NAMES) expect(r.stdout).toContain(`<${kind} described>`);
    for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
  });
});
