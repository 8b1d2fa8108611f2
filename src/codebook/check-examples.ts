// Executable examples: every code's examples must be coded with it, its counter-examples must not.
import type { Codebook } from './types.js';
import { compileCodebook } from '../engine/compile.js';
import { codeDocument } from '../engine/code.js';
import { isWithin } from './tree.js';

export interface ExampleResult {
  code: string;
  kind: 'example' | 'counter_example';
  index: number;
  text: string;
  passed: boolean;
  /** Codes (with rules) the text received. */
  got: { code: string; rule: string | null; matched: string[] }[];
}

export interface ExampleReport {
  results: ExampleResult[];
  failures: ExampleResult[];
}

/** Codes each example as a one-paragraph document and checks it against its code. */
export function checkExamples(codebook: Codebook): ExampleReport {
  const compiled = compileCodebook(codebook);
  const results: ExampleResult[] = [];
  for (const code of codebook.codes) {
    const run = (kind: ExampleResult['kind'], list: string[]) =>
      list.forEach((text, index) => {
        const segments = codeDocument(compiled, { id: `${code.id}:${kind}:${index + 1}`, text, attributes: {}, encoding: 'utf-8', bodyStart: 0 }, { unit: 'paragraph', speakers: 'all' });
        const hits = segments.filter((s) => isWithin(s.code, code.id));
        results.push({
          code: code.id, kind, index, text,
          passed: kind === 'example' ? hits.length > 0 : hits.length === 0,
          got: segments.map((s) => ({ code: s.code, rule: s.rule, matched: s.matched })),
        });
      });
    run('example', code.examples);
    run('counter_example', code.counter_examples);
  }
  return { results, failures: results.filter((r) => !r.passed) };
}
