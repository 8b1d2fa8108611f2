// Scores the bundled codebooks on the hand-coded test sets, rules alone and rules + model side by side.
// Usage: node dist/tools/gold-report.js [gold.yaml] [codebook.yaml] [model.json]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCodebookFile } from '../io/load-codebook.js';
import { loadModelFile, loadModels } from '../io/load-model.js';
import { readDocuments } from '../io/read-documents.js';
import { CodebookSet, type ModelSource } from '../engine/code-many.js';
import { segmentText } from '../text/segment.js';
import { compareWithGold, formatComparisons, type GoldComparison, type GoldStandard } from '../eval/gold.js';

export interface GoldReport {
  rules: GoldComparison;
  /** Null when the codebook names no model and none is given. */
  model: GoldComparison | null;
  modelFile: string | null;
  text: string;
}

/**
 * Codes the gold set's documents with the codebook's rules alone and with rules + model (the
 * codebook's own `model:`, or `modelFile`), and compares both with the gold coding unit by unit.
 */
export async function goldReport(goldFile: string, codebookFile: string, modelFile?: string): Promise<GoldReport> {
  const gold = parse(await readFile(goldFile, 'utf8')) as GoldStandard;
  const book = await loadCodebookFile(codebookFile);
  const root = path.dirname(goldFile);
  const docs = await readDocuments(Object.keys(gold.documents), { cwd: root, root });
  const unitTexts = new Map<string, Set<string>>();
  for (const d of docs) {
    const units = segmentText(d.text, d.bodyStart, { language: d.attributes.language ?? book.spec.language, interviewerLabels: book.spec.speakers?.interviewer }).sentence;
    unitTexts.set(d.id, new Set(units.filter((u) => u.role !== 'interviewer').map((u) => d.text.slice(u.start, u.end))));
  }
  const codes = book.codes.filter((c) => c.depth === 0).map((c) => c.id);
  const score = (models: ModelSource[]) => compareWithGold(gold, new CodebookSet([book], models).code(docs, { unit: 'sentence' }), unitTexts, codes);
  const models = modelFile ? [await loadModelFile(modelFile)] : await loadModels(process.cwd(), [book], undefined);
  const rules = score([]);
  const model = models.length > 0 ? score(models) : null;
  const unaligned = rules.unmatched.map((u) => `unaligned: ${u.document}: ${u.text}\n`).join('');
  const title = `${path.relative(process.cwd(), goldFile)} with ${book.spec.codebook}@${book.spec.version} (${book.spec.language})\n`;
  const columns: [string, GoldComparison][] = model ? [['rules alone', rules], ['rules + model', model]] : [['rules alone', rules]];
  return { rules, model, modelFile: models[0]?.file ?? null, text: `${title}${unaligned}${formatComparisons(columns)}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [goldFile = 'test/gold/gold.yaml', codebookFile = 'codebooks/swot.yaml', modelFile] = process.argv.slice(2);
  process.stdout.write(`${(await goldReport(path.resolve(goldFile), path.resolve(codebookFile), modelFile && path.resolve(modelFile))).text}\n`);
}
