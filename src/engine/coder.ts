// The Coder interface: each way of coding (rules, a trained model, any later one) is one entry in a document's chain of coders.
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { codeDocument, type CodeOptions } from './code.js';
import type { CompiledCodebook } from './compile.js';

/**
 * A coder takes a document and the candidate segments of the coders before it in the chain, and
 * returns the candidates after it, each with its evidence (`rule` and `matched` for rules;
 * `probability` and `features` for a model; `method` says which). The rule coder starts from
 * nothing; the learned coder reads the rules' hits as features and decides among them. A new way of
 * coding is one more class implementing this and one more entry in `CodebookSet`'s chain.
 */
export interface Coder {
  /** Short name for messages: `rules`, `model`. */
  readonly name: string;
  code(doc: SourceDocument, options: CodeOptions, earlier: readonly CodedSegment[]): CodedSegment[];
}

/** The codebook's rules: every rule that fires gives a segment with `method: rule`. Ignores `earlier`. */
export class RuleCoder implements Coder {
  readonly name = 'rules';
  constructor(readonly compiled: CompiledCodebook) {}

  code(doc: SourceDocument, options: CodeOptions): CodedSegment[] {
    const segments = codeDocument(this.compiled, doc, options);
    // Set on the fresh segments rather than spread into copies: V8 gives each copy with a new key a
    // hidden class of its own (one per segment), which costs memory and slows every later read.
    for (const s of segments) s.method = 'rule';
    return segments;
  }
}
