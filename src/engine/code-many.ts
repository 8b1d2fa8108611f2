// Codes a set of documents, each with the codebook of its language (codebooks share code ids).
import type { Codebook } from '../codebook/types.js';
import type { CodedSegment, SourceDocument } from '../model/types.js';
import { codeDocument, type CodeOptions } from './code.js';
import { compileCodebook, type CompiledCodebook } from './compile.js';

export class CodebookSet {
  readonly compiled: CompiledCodebook[];

  /** The first codebook is the default for documents whose language no codebook declares. */
  constructor(codebooks: readonly Codebook[]) {
    this.compiled = codebooks.map(compileCodebook);
  }

  get primary(): Codebook {
    return this.compiled[0]!.codebook;
  }

  forDocument(doc: SourceDocument): CompiledCodebook {
    const lang = doc.attributes.language;
    return this.compiled.find((c) => c.codebook.spec.language === lang) ?? this.compiled[0]!;
  }

  /** Codes every document; `onProgress` hears after each one (for a progress display at the edge). */
  code(docs: readonly SourceDocument[], options: CodeOptions = {}, onProgress?: (done: number, total: number) => void): CodedSegment[] {
    return docs.flatMap((d, i) => {
      const segments = codeDocument(this.forDocument(d), d, options);
      onProgress?.(i + 1, docs.length);
      return segments;
    });
  }
}
