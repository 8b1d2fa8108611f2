// Codes a set of documents, each with the codebook of its language (codebooks share code ids) and, where given, its model.
import type { Codebook } from '../codebook/types.js';
import { normalizeLanguage } from '../lang/language.js';
import { ModelCoder, type InvertedWeights } from '../learn/model-coder.js';
import type { TrainedModel } from '../learn/model.js';
import { QevalError } from '../model/errors.js';
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { codingUnits, type CodeOptions } from './code.js';
import { sortSegments } from '../render/segments.js';
import { RuleCoder, type Coder } from './coder.js';
import { compileCodebook, type CompiledCodebook } from './compile.js';

/** The window a large document is coded in (UTF-16 code units, about 8 kB of English text): see CodebookSet.codeWindows. */
export const WINDOW_CHARS = 1 << 13;

/** A trained model and where it came from (for messages). */
export interface ModelSource {
  model: TrainedModel;
  file: string;
  /** Its weights already inverted by feature (a model read from the build's binary copy); else the coder inverts them. */
  inverted?: InvertedWeights;
}

/**
 * The coders of a study: for each codebook the rule coder, and the learned coder when a model
 * for that codebook is given. Throws QevalError MODEL_CODEBOOK_MISMATCH when a model belongs to
 * no given codebook (name, version and language must all match).
 */
export class CodebookSet {
  readonly compiled: CompiledCodebook[];
  /** Per codebook, its chain of coders: the rules, then the model when one is given. */
  private readonly chains = new Map<CompiledCodebook, Coder[]>();

  /** The first codebook is the default for documents whose language no codebook declares. */
  constructor(codebooks: readonly Codebook[], models: readonly ModelSource[] = []) {
    this.compiled = codebooks.map(compileCodebook);
    for (const c of this.compiled) this.chains.set(c, [new RuleCoder(c)]);
    for (const { model, file, inverted } of models) {
      const target = this.compiled.find((c) => c.codebook.spec.codebook === model.codebook.name && c.codebook.spec.language === model.codebook.language);
      const has = this.compiled.map((c) => `${c.codebook.spec.codebook}@${c.codebook.spec.version} (${c.codebook.spec.language})`).join(', ');
      if (!target || target.codebook.spec.version !== model.codebook.version) {
        throw new QevalError('MODEL_CODEBOOK_MISMATCH', `the model was trained for codebook ${model.codebook.name}@${model.codebook.version} (${model.codebook.language}), but the codebooks are ${has}; retrain it with \`qeval train\`, give the codebook it belongs to, or code with --no-model`, { file });
      }
      this.chains.get(target)!.push(new ModelCoder(target, model, file, inverted));
    }
  }

  get primary(): Codebook {
    return this.compiled[0]!.codebook;
  }

  forDocument(doc: SourceDocument): CompiledCodebook {
    const lang = languageOf(doc);
    return this.compiled.find((c) => c.codebook.spec.language === lang) ?? this.compiled[0]!;
  }

  /** Languages of documents that no codebook declares (they are coded with the first codebook). */
  uncoveredLanguages(docs: readonly SourceDocument[]): string[] {
    const known = new Set(this.compiled.map((c) => c.codebook.spec.language));
    return [...new Set(docs.map(languageOf).filter((l): l is string => l !== undefined && !known.has(l)))].sort();
  }

  /** Codes one document with its codebook's chain of coders: the rules, then its model when there is one. */
  codeOne(doc: SourceDocument, options: CodeOptions = {}): CodedSegment[] {
    let candidates: CodedSegment[] = [];
    for (const coder of this.chains.get(this.forDocument(doc))!) candidates = coder.code(doc, options, candidates);
    return candidates;
  }

  /**
   * Codes one document window by window: yields the segments of successive runs of whole units of
   * about `windowChars` UTF-16 code units each, sorted by position then code, so that memory holds one
   * window's tokens, features and segments instead of the whole document's. The segments, joined,
   * are exactly codeOne's sorted the same way (units, offsets, unit numbers and every feature come from
   * the whole document's segmentation). A document no longer than one window is one window.
   * `coded`, when given, hears after each window of a document of several windows how far coding has
   * gone: the offset (UTF-16 code units) where the window ends, and the text's length (for progress).
   */
  *codeWindows(doc: SourceDocument, options: CodeOptions = {}, windowChars = WINDOW_CHARS, coded?: (upTo: number, length: number) => void): Generator<CodedSegment[]> {
    const units = codingUnits(this.forDocument(doc), doc, options);
    const whole = units.length === 0 ? 0 : units[units.length - 1]!.end - units[0]!.start;
    if (whole <= windowChars) {
      yield sortSegments(this.codeOne(doc, options));
      return;
    }
    for (let i = 0; i < units.length; ) {
      let j = i + 1;
      while (j < units.length && units[j]!.start - units[i]!.start < windowChars) j++;
      const end = j < units.length ? units[j]!.start : Infinity;
      const segments = sortSegments(this.codeOne(doc, { ...options, range: [units[i]!.start, end] }));
      coded?.(Math.min(end, doc.text.length), doc.text.length);
      yield segments;
      i = j;
    }
  }

  /** Codes every document; `onProgress` hears after each one (for a progress display at the edge). */
  code(docs: readonly SourceDocument[], options: CodeOptions = {}, onProgress?: (done: number, total: number) => void): CodedSegment[] {
    return docs.flatMap((d, i) => {
      const segments = this.codeOne(d, options);
      onProgress?.(i + 1, docs.length);
      return segments;
    });
  }
}

/** A document's language attribute as a bare language code: "LT", "lt-LT", "lt_LT" and "Lithuanian" are "lt". */
export function languageOf(doc: SourceDocument): string | undefined {
  return normalizeLanguage(doc.attributes.language);
}
