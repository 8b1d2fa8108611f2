// Tiny builders for aggregate tests: segments in a unit, and an Evidence over the fixture codebook.
import { Evidence, documentIndex } from '../../src/aggregate/evidence.js';
import type { DocumentInfo } from '../../src/aggregate/types.js';
import type { CodedSegment } from '../../src/model/types.js';
import { fixtureCodebook } from '../report/fixtures/study.js';

export function seg(document: string, unit: number, code: string, matched: string[] = [], extra: Partial<CodedSegment> = {}): CodedSegment {
  return {
    document,
    code,
    start: unit * 10,
    end: unit * 10 + 5,
    line: unit,
    unit: `sentence:${unit}`,
    speaker: 'R',
    text: `text ${document} ${unit}`,
    coder: 'qeval test@1',
    rule: `${code}#1`,
    matched,
    ...extra,
  };
}

export function evidence(segments: CodedSegment[], documents: DocumentInfo[] = []): Evidence {
  return new Evidence(fixtureCodebook('en'), segments, documentIndex(documents, segments));
}
