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
    const lang = languageOf(doc);
    return this.compiled.find((c) => c.codebook.spec.language === lang) ?? this.compiled[0]!;
  }

  /** Languages of documents that no codebook declares (they are coded with the first codebook). */
  uncoveredLanguages(docs: readonly SourceDocument[]): string[] {
    const known = new Set(this.compiled.map((c) => c.codebook.spec.language));
    return [...new Set(docs.map(languageOf).filter((l): l is string => l !== undefined && !known.has(l)))].sort();
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

/** A document's language attribute as a bare language code: "LT", "lt-LT" and "lt_LT" are "lt". */
export function languageOf(doc: SourceDocument): string | undefined {
  const raw = doc.attributes.language?.trim();
  return raw ? raw.toLowerCase().split(/[-_]/)[0] : undefined;
}
