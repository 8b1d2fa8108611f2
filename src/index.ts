// The library API: load codebooks and documents, code them, and aggregate the segments.
export { parseCodebook } from './codebook/load.js';
export { checkExamples, type ExampleReport, type ExampleResult } from './codebook/check-examples.js';
export { codebookSchema } from './codebook/schema.js';
export type { Codebook, CodebookSpec, CodeInfo, CodeSpec, RuleSpec } from './codebook/types.js';
export { compileCodebook, type CompiledCodebook } from './engine/compile.js';
export { codeDocument, type CodeOptions } from './engine/code.js';
export { CodebookSet } from './engine/code-many.js';
export { segmentText, type Segmentation } from './text/segment.js';
export { decodeBytes } from './io/decode.js';
export { loadCodebookFile } from './io/load-codebook.js';
export { readDocuments, type ReadOptions } from './io/read-documents.js';
export { readSegmentsFile } from './io/read-segments.js';
export { segmentFormatters, sortSegments } from './render/segments.js';
export { getStemmer, stemLanguages } from './lang/stemmers.js';
export { compareWithGold, type GoldComparison } from './eval/gold.js';
export { QevalError } from './model/errors.js';
export type { CodedSegment, SourceDocument, Unit, UnitKind, Quadrant } from './model/types.js';
export { QEVAL_VERSION } from './version.js';
