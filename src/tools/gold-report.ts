// Prints precision, recall and F1 per top-level code of the bundled codebook against the gold set.
// Usage: node dist/tools/gold-report.js [gold.yaml] [codebook.yaml]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCodebookFile } from '../io/load-codebook.js';
import { readDocuments } from '../io/read-documents.js';
import { compileCodebook } from '../engine/compile.js';
import { codeDocument } from '../engine/code.js';
import { segmentText } from '../text/segment.js';
import { compareWithGold, formatComparison, type GoldStandard } from '../eval/gold.js';

export async function goldReport(goldFile: string, codebookFile: string): Promise<string> {
  const gold = parse(await readFile(goldFile, 'utf8')) as GoldStandard;
  const book = await loadCodebookFile(codebookFile);
  const compiled = compileCodebook(book);
  const root = path.dirname(goldFile);
  const docs = await readDocuments(Object.keys(gold.documents), { cwd: root, root });
  const unitTexts = new Map<string, Set<string>>();
  const segments = docs.flatMap((d) => {
    const units = segmentText(d.text, d.bodyStart, { language: d.attributes.language ?? book.spec.language, interviewerLabels: book.spec.speakers?.interviewer }).sentence;
    unitTexts.set(d.id, new Set(units.filter((u) => u.role !== 'interviewer').map((u) => d.text.slice(u.start, u.end))));
    return codeDocument(compiled, d, { unit: 'sentence' });
  });
  const codes = book.codes.filter((c) => c.depth === 0).map((c) => c.id);
  const result = compareWithGold(gold, segments, unitTexts, codes);
  const unaligned = result.unmatched.map((u) => `unaligned: ${u.document}: ${u.text}\n`).join('');
  return `${unaligned}${formatComparison(result)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [goldFile = 'test/gold/gold.yaml', codebookFile = 'codebooks/swot.yaml'] = process.argv.slice(2);
  process.stdout.write(await goldReport(path.resolve(goldFile), path.resolve(codebookFile)));
}
