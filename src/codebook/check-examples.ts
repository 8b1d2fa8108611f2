// Executable examples: every code's examples must be coded with it, its counter-examples must not.
import type { Codebook } from './types.js';
import { compileCodebook } from '../engine/compile.js';
import { codeDocument } from '../engine/code.js';
import { CodebookSet, type ModelSource } from '../engine/code-many.js';
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { isWithin } from './tree.js';

export interface ExampleResult {
  code: string;
  kind: 'example' | 'counter_example';
  index: number;
  text: string;
  passed: boolean;
  /** Codes the text received, with the rule that gave each (null: the model alone) and the model's probability when a model coded. */
  got: { code: string; rule: string | null; matched: string[]; probability?: number }[];
}

export interface ExampleReport {
  results: ExampleResult[];
  failures: ExampleResult[];
}

/**
 * Codes each example and counter-example as a document of its own and checks it against its code.
 * Rules alone (no `models`): the text is one paragraph unit that anyone may have said. With the
 * codebook's model (`models`, as loadModels gives them): the text is coded as `qeval code` codes a
 * respondent's words, in the model's unit (any unit of the text given the code counts), so that an
 * example a rule codes but the model turns down fails. Throws QevalError MODEL_CODEBOOK_MISMATCH as
 * CodebookSet does.
 */
export function checkExamples(codebook: Codebook, models: readonly ModelSource[] = []): ExampleReport {
  const compiled = compileCodebook(codebook);
  const set = models.length > 0 ? new CodebookSet([codebook], models) : undefined;
  const unit = models[0]?.model.unit;
  const codeText = (doc: SourceDocument): CodedSegment[] => (set ? set.codeOne(doc, { unit }) : codeDocument(compiled, doc, { unit: 'paragraph', speakers: 'all' }));
  const results: ExampleResult[] = [];
  for (const code of codebook.codes) {
    const run = (kind: ExampleResult['kind'], list: string[]) =>
      list.forEach((text, index) => {
        const segments = codeText({ id: `${code.id}:${kind}:${index + 1}`, text, attributes: { language: codebook.spec.language }, encoding: 'utf-8', bodyStart: 0 });
        const hits = segments.filter((s) => isWithin(s.code, code.id));
        results.push({
          code: code.id, kind, index, text,
          passed: kind === 'example' ? hits.length > 0 : hits.length === 0,
          got: segments.map((s) => ({ code: s.code, rule: s.rule, matched: s.matched, ...(s.probability === undefined ? {} : { probability: s.probability }) })),
        });
      });
    run('example', code.examples);
    run('counter_example', code.counter_examples);
  }
  return { results, failures: results.filter((r) => !r.passed) };
}
