// Codebook loading: valid books load; every broken book gets file:line:column errors with stable codes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebook } from '../../src/codebook/load.js';
import { QevalError } from '../../src/model/errors.js';

const head = 'codebook: t\nversion: 1.0.0\nlanguage: en\n';

function errorsOf(yaml: string): QevalError[] {
  try {
    parseCodebook(yaml, 'book.yaml');
  } catch (e) {
    if (e instanceof QevalError) return e.list();
    throw e;
  }
  throw new Error('expected the codebook to be rejected');
}

describe('parseCodebook', () => {
  it('loads the bundled codebook with its tree, quadrants and example places', () => {
    const book = parseCodebook(readFileSync('codebooks/swot.yaml', 'utf8'), 'codebooks/swot.yaml');
    expect(book.byId.get('strength.trust')?.quadrant).toBe('strength');
    expect(book.byId.get('networking.partner.police')?.parent).toBe('networking.partner');
    expect(book.byId.get('networking.partner.police')?.depth).toBe(2);
    expect(book.places.get('strength.trust:examples:0')?.line).toBeGreaterThan(1);
    for (const c of book.codes) {
      expect(c.examples.length, c.id).toBeGreaterThanOrEqual(3);
      expect(c.counter_examples.length, c.id).toBeGreaterThanOrEqual(2);
    }
  });

  const cases: { name: string; yaml: string; code: string; line: number; column: number; says: RegExp }[] = [
    {
      name: 'unknown key with a suggestion',
      yaml: `${head}codes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - anyy: [x]\n`,
      code: 'SCHEMA_UNKNOWN_KEY', line: 9, column: 9, says: /code "a", rule 1: unknown key "anyy"; did you mean "any"\?/,
    },
    {
      name: 'missing label',
      yaml: `${head}codes:\n  - id: a\n    definition: d\n`,
      code: 'SCHEMA_MISSING_KEY', line: 5, column: 5, says: /code "a": missing required key "label"/,
    },
    {
      name: 'bad id',
      yaml: `${head}codes:\n  - id: Strength Code\n    label: A\n    definition: d\n`,
      code: 'SCHEMA_PATTERN', line: 5, column: 9, says: /not a valid id/,
    },
    {
      name: 'duplicate id',
      yaml: `${head}codes:\n  - id: a\n    label: A\n    definition: d\n  - id: a\n    label: B\n    definition: d\n`,
      code: 'CODE_DUPLICATE', line: 8, column: 9, says: /code "a" is defined twice/,
    },
    {
      name: 'child id not under its parent',
      yaml: `${head}codes:\n  - id: a\n    label: A\n    definition: d\n    codes:\n      - id: b.c\n        label: C\n        definition: d\n`,
      code: 'CODE_ID_NOT_NESTED', line: 9, column: 13, says: /must start with "a\."/,
    },
    {
      name: 'unknown lexicon',
      yaml: `${head}lexicons:\n  positive: [good]\ncodes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - any: ["@postive"]\n`,
      code: 'RULE_BAD_TERM', line: 11, column: 15, says: /unknown lexicon "@postive"; did you mean "@positive"\?/,
    },
    {
      name: 'regex that RE2 rejects',
      yaml: `${head}codes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - regex: "(a)\\\\1"\n`,
      code: 'RULE_BAD_REGEX', line: 9, column: 16, says: /does not compile/,
    },
    {
      name: 'negation routed to a code that does not exist',
      yaml: `${head}codes:\n  - id: weakness\n    label: A\n    definition: d\n  - id: b\n    label: B\n    definition: d\n    rules:\n      - any: [x]\n        negated: weaknes\n`,
      code: 'RULE_UNKNOWN_ROUTE', line: 13, column: 18, says: /did you mean "weakness"\?/,
    },
    {
      name: 'a rule with two kinds',
      yaml: `${head}codes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - any: [x]\n        regex: y\n`,
      code: 'SCHEMA_ONE_OF', line: 9, column: 9, says: /needs exactly one of: any, all, near, regex/,
    },
    {
      name: 'YAML syntax error',
      yaml: `${head}codes:\n  - id: a\n   label: [\n`,
      code: 'YAML_SYNTAX', line: 6, column: 1, says: /YAML syntax error/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at its line and column`, () => {
      const [first] = errorsOf(c.yaml);
      expect(first?.code).toBe(c.code);
      expect(first?.place).toMatchObject({ file: 'book.yaml', line: c.line, column: c.column });
      expect(first?.message).toMatch(c.says);
    });
  }

  it('reports every problem, not only the first', () => {
    const errors = errorsOf(`${head}codes:\n  - id: a\n    labl: A\n    colour: "#000000"\n`);
    expect(errors.map((e) => e.code)).toEqual(expect.arrayContaining(['SCHEMA_UNKNOWN_KEY', 'SCHEMA_MISSING_KEY']));
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });

  it('says a code defined twice together with the schema\'s problems, not in a second round', () => {
    const errors = errorsOf(`${head}codes:\n  - id: a\n    label: A\n  - id: b\n    label: B\n    definition: d\n    codes:\n      - id: a\n        label: A again\n        definition: d\n`);
    expect(errors.map((e) => [e.place.line, e.code])).toEqual([[5, 'SCHEMA_MISSING_KEY'], [11, 'CODE_DUPLICATE']]);
    expect(errors[1]!.message).toBe('code "a" is defined twice; give each code its own id');
  });

  it('says how to write the groups of an all or near rule given bare terms, and how many it needs', () => {
    const rule = (r: string) => errorsOf(`${head}codes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - ${r}\n`).map((e) => `${e.place.line}:${e.place.column}: ${e.message}`);
    expect(rule('all: [police]')).toEqual([
      '9:14: code "a", rule 1: "all" needs at least 2 items, not 1',
      '9:15: code "a", rule 1: value "police" must be a list of terms or a lexicon (@name); each group of "all" is a list of terms in brackets, e.g. all: [[police], [other, terms]]',
    ]);
    expect(rule('near: [police, "@partners"]')).toEqual(['9:16: code "a", rule 1: value "police" must be a list of terms or a lexicon (@name); each group of "near" is a list of terms in brackets, e.g. near: [[police], [other, terms]]']);
    expect(rule('any: [""]')).toEqual(['9:15: code "a", rule 1: value must not be empty']);
  });
});

describe('score indices and flags in a codebook', () => {
  const codes = 'codes:\n  - id: a\n    label: A\n    definition: d\n  - id: b\n    label: B\n    definition: d\n';
  it('accepts indices and flags over known codes and indices', () => {
    const book = parseCodebook(`${head}${codes}indices:\n  - { id: r, label: R, of: count, weights: { a: 1 }, over: [a, b] }\nflags:\n  - { id: f, label: F, when: [{ index: r, max: 0.2 }, { density: b, min: 1 }] }\n`, 'book.yaml');
    expect(book.spec.indices?.[0]?.over).toEqual(['a', 'b']);
    expect(book.spec.flags?.[0]?.when).toHaveLength(2);
  });
  const bad: { name: string; yaml: string; code: string; line: number; says: RegExp }[] = [
    { name: 'an index weighing an unknown code', yaml: `indices:\n  - id: r\n    label: R\n    weights: { a: 1, c: 2 }\n`, code: 'SCORE_UNKNOWN_CODE', line: 14, says: /index "r", weights: names unknown code "c"/ },
    { name: 'a flag on an unknown index', yaml: `indices:\n  - { id: ratio, label: R, weights: { a: 1 } }\nflags:\n  - id: f\n    label: F\n    when:\n      - index: ration\n        max: 1\n`, code: 'SCORE_UNKNOWN_INDEX', line: 17, says: /flag "f": names unknown index "ration"; did you mean "ratio"\?/ },
    { name: 'a condition that can never hold', yaml: `flags:\n  - id: f\n    label: F\n    when:\n      - { code: a, min: 3, max: 1 }\n`, code: 'SCORE_EMPTY_RANGE', line: 15, says: /min 3 is above max 1/ },
    { name: 'an index with the id of a code (--sort and the columns could not tell them apart)', yaml: `indices:\n  - { id: b, label: B, of: count, weights: { a: 1, b: -1 } }\n`, code: 'SCORE_ID_IS_CODE', line: 12, says: /index "b" has the id of a code; .*give the index its own id \(e\.g\. "b-index"\)/ },
    { name: 'a count below 0', yaml: `flags:\n  - { id: f, label: F, when: [{ code: a, max: -1 }] }\n`, code: 'SCORE_NEVER_HOLDS', line: 12, says: /flag "f", condition 1: max -1 can never hold \(a count of segments is never below 0\)/ },
    { name: 'a share above 1', yaml: `indices:\n  - { id: r, label: R, of: count, weights: { a: 1 }, over: [a, b] }\nflags:\n  - { id: f, label: F, when: [{ index: r, min: 1.5 }] }\n`, code: 'SCORE_NEVER_HOLDS', line: 14, says: /min 1\.5 can never hold \(index "r" is from 0 to 1\)/ },
    { name: 'a condition every document meets', yaml: `flags:\n  - { id: f, label: F, when: [{ density: a, min: 0 }] }\n`, code: 'SCORE_ALWAYS_HOLDS', line: 12, says: /condition 1: always holds \(a density is never below 0\), so it tells nothing/ },
    { name: 'an index without weights', yaml: `indices:\n  - { id: r, label: R, weights: {} }\n`, code: 'SCHEMA_INVALID', line: 12, says: /^index "r": "weights" must not be empty: give at least one entry \(name: value\)$/ },
    { name: 'an index defined twice', yaml: `indices:\n  - { id: r, label: R, weights: { a: 1 } }\n  - { id: r, label: R2, weights: { b: 1 } }\n`, code: 'SCORE_DUPLICATE', line: 13, says: /index "r" is defined twice/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.code} at its line`, () => {
      const [first] = errorsOf(`${head}${codes}${c.yaml}`);
      expect(first?.code).toBe(c.code);
      expect(first?.place.line).toBe(c.line);
      expect(first?.message).toMatch(c.says);
    });
  }
  it('accepts "no evidence" (max 0), an index condition over its whole range (it asks for a value) and a net index\'s negative bound', () => {
    const book = parseCodebook(`${head}${codes}indices:\n  - { id: net, label: N, of: count, weights: { a: 1, b: -1 }, over: [a, b] }\nflags:\n  - { id: none, label: N, when: [{ code: a, min: 0, max: 0 }] }\n  - { id: any, label: A, when: [{ index: net, min: -1, max: 1 }] }\n  - { id: low, label: L, when: [{ index: net, max: -0.5 }] }\n`, 'book.yaml');
    expect(book.spec.flags).toHaveLength(3);
  });
  it('suggests the key a misspelling swaps the letters of ("mni" is "min", not "max", as far from it)', () => {
    const [e] = errorsOf(`${head}${codes}flags:\n  - { id: f, label: F, when: [{ code: a, mni: 1 }] }\n`);
    expect(e?.message).toMatch(/unknown key "mni"; did you mean "min"\?$/);
  });
  it('rejects a condition naming two things, or no bound, through the schema', () => {
    expect(errorsOf(`${head}${codes}flags:\n  - { id: f, label: F, when: [{ code: a, index: r, min: 1 }] }\n`)[0]?.place.line).toBe(12);
    expect(errorsOf(`${head}${codes}flags:\n  - { id: f, label: F, when: [{ code: a }] }\n`)[0]?.place.line).toBe(12);
  });
});
