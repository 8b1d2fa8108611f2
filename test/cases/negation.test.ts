// Shared failing-input case: "Not only the women trust us" is trust, not a barrier (negation.except).
import { describe, expect, it } from 'vitest';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';

describe('negation/not-only.txt with the bundled codebook', () => {
  it('codes "Not only ..." as what follows it, not as its negation', async () => {
    const codebook = compileCodebook(await loadCodebookFile('codebooks/swot.yaml'));
    const [doc] = await readDocuments(['test/cases/negation/not-only.txt'], { cwd: process.cwd() });
    const segments = codeDocument(codebook, doc!);
    const answers = [...new Set(segments.map((s) => s.text))];
    const codesOf = (text: string) => segments.filter((s) => s.text === text).map((s) => s.code);
    const first = 'Not only the women trust us, their families do too.';
    const second = 'Not only our team is professional, it is also stable.';

    expect(segments.every((s) => s.speaker === 'Respondent')).toBe(true);
    expect(answers.every((t) => t === first || t === second)).toBe(true);
    expect(codesOf(first)).toContain('strength.trust');
    expect(segments.find((s) => s.text === first && s.code === 'strength.trust')?.negated_from).toBeUndefined();
    for (const text of [first, second]) expect(codesOf(text).filter((c) => c === 'barriers' || c.startsWith('barriers.')), text).toEqual([]);
  });
});
