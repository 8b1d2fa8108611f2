// Numbers in a codebook must be finite (no YAML .nan or .inf), and a flag condition without a bound
// or with a misspelt key gets one clear line at its place, not ajv's "must be valid or valid".
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCodebook } from '../../src/codebook/load.js';
import { thrown } from '../thrown.js';
import { runCli } from '../report/harness.js';

const head = 'codebook: t\nversion: 1.0.0\nlanguage: en\n';
// Lines 4-10; what a test appends starts on line 11.
const codes = 'codes:\n  - id: a\n    label: A\n    definition: d\n  - id: b\n    label: B\n    definition: d\n';

/** Every line the codebook is refused with, as the CLI prints them (without "qeval: "). */
function linesOf(yaml: string): string[] {
  return thrown(() => parseCodebook(yaml, 'book.yaml')).list().map((e) => e.format());
}

describe('numbers in a codebook must be finite', () => {
  for (const written of ['.nan', '.NaN', '.inf', '-.inf', '+.Inf', '1e999']) {
    it(`refuses an index weight of ${written} with one line at the value`, () => {
      expect(linesOf(`${head}${codes}indices:\n  - id: r\n    label: R\n    weights: { a: 1, b: ${written} }\n`)).toEqual([
        `book.yaml:14:25: index "r", weights: b: ${written} is not a finite number`,
      ]);
    });
  }
  it('refuses a non-finite weight written in block style, at the value', () => {
    expect(linesOf(`${head}${codes}indices:\n  - id: r\n    label: R\n    weights:\n      a: 1\n      b: .nan\n`)).toEqual([
      'book.yaml:16:10: index "r", weights: b: .nan is not a finite number',
    ]);
  });
  it('refuses non-finite min and max thresholds of flag conditions, naming the condition', () => {
    expect(linesOf(`${head}${codes}indices:\n  - { id: r, label: R, weights: { a: 1 } }\nflags:\n  - id: f\n    label: F\n    when:\n      - { code: a, min: -.inf }\n      - index: r\n        max: .nan\n`)).toEqual([
      'book.yaml:17:25: flag "f", when[0]: min: -.inf is not a finite number',
      'book.yaml:19:14: flag "f", when[1]: max: .nan is not a finite number',
    ]);
  });
  it('refuses non-finite numbers everywhere else in a codebook too: rule, defaults, negation and recommendation numbers', () => {
    const yaml = `${head}defaults: { within: .inf }\nnegation: { window: -.inf }\ncodes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - near: [[x], [y]]\n        within: .nan\nrecommendations:\n  - id: x\n    when: [{ code: a, max: .inf }]\n    text: T\n`;
    expect(linesOf(yaml)).toEqual([
      'book.yaml:4:21: defaults: within: .inf is not a finite number',
      'book.yaml:5:21: negation: window: -.inf is not a finite number',
      'book.yaml:12:17: code "a", rule 1, within: .nan is not a finite number',
      'book.yaml:15:28: recommendation "x", when[0]: max: .inf is not a finite number',
    ]);
  });
  it('still says what type a value must have when it is not a number at all', () => {
    expect(linesOf(`codebook: t\nversion: []\nlanguage: en\n${codes}`)).toEqual(['book.yaml:2:10: "version" must be a string or a number']);
    expect(linesOf(`codebook: t\nversion: .nan\nlanguage: en\n${codes}`)).toEqual(['book.yaml:2:10: version: .nan is not a finite number']);
  });
  it('makes qeval score refuse a copy of swot.yaml with a .nan weight: one line, status 2, no output', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-finite-'));
    try {
      const lines = readFileSync('codebooks/swot.yaml', 'utf8').split('\n');
      const at = lines.findIndex((l, i) => l.trim() === 'weights: { networking: 1 }' && lines[i - 3]?.includes('id: networking-density'));
      expect(at).toBeGreaterThan(0);
      lines[at] = lines[at]!.replace('networking: 1', 'networking: .nan');
      writeFileSync(path.join(dir, 'book.yaml'), lines.join('\n'));
      writeFileSync(path.join(dir, 'a.txt'), 'We work with the police every week.\n');
      const r = await runCli(['score', '-c', 'book.yaml', 'a.txt'], dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`qeval: book.yaml:${at + 1}:${lines[at]!.indexOf('.nan') + 1}: index "networking-density", weights: networking: .nan is not a finite number\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flag conditions without a bound or with a misspelt key', () => {
  const flag = (when: string) => `${head}${codes}flags:\n  - id: no-police\n    label: No police\n    when:\n${when}`;
  it('says a condition needs min, max or both, at the condition (flow style)', () => {
    expect(linesOf(flag('      - { code: a }\n'))).toEqual(['book.yaml:15:9: flag "no-police", when[0]: a condition needs min, max or both']);
  });
  it('says a condition needs min, max or both, at the condition (block style, second condition)', () => {
    expect(linesOf(flag('      - code: a\n        max: 0\n      - density: b\n')))
      .toEqual(['book.yaml:17:9: flag "no-police", when[1]: a condition needs min, max or both']);
  });
  it('gives only the unknown-key line for a misspelt bound ("maxx")', () => {
    expect(linesOf(flag('      - { code: a, maxx: 0 }\n'))).toEqual(['book.yaml:15:20: flag "no-police": unknown key "maxx"; did you mean "max"?']);
  });
  it('says a condition needs exactly one of code, density and index, at the condition', () => {
    expect(linesOf(flag('      - { min: 1 }\n'))).toEqual(['book.yaml:15:9: flag "no-police", when[0]: a condition needs exactly one of: code, density, index']);
    expect(linesOf(flag('      - { code: a, density: b, max: 1 }\n'))).toEqual(['book.yaml:15:9: flag "no-police", when[0]: a condition needs exactly one of: code, density, index']);
  });
  it('never renders an anyOf or oneOf as "must be valid"', () => {
    const all = [flag('      - { code: a }\n'), flag('      - { code: a, maxx: 0 }\n'), flag('      - {}\n')].flatMap(linesOf);
    for (const line of all) expect(line).not.toMatch(/valid or valid|must be valid/);
  });
});
