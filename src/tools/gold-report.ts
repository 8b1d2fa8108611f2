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
import type { CodedSegment } from '../model/types.js';

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
  const coded = (models: ModelSource[]) => new CodebookSet([book], models).code(docs, { unit: 'sentence' });
  const models = modelFile ? [await loadModelFile(modelFile)] : await loadModels(process.cwd(), [book], undefined);
  const rules = compareWithGold(gold, coded([]), unitTexts, codes);
  const withModel = models.length > 0 ? coded(models) : null;
  const model = withModel ? compareWithGold(gold, withModel, unitTexts, codes) : null;
  const unaligned = rules.unmatched.map((u) => `unaligned: ${u.document}: ${u.text}\n`).join('');
  const title = `${path.relative(process.cwd(), goldFile)} with ${book.spec.codebook}@${book.spec.version} (${book.spec.language})\n`;
  const columns: [string, GoldComparison][] = model ? [['rules alone', rules], ['rules + model', model]] : [['rules alone', rules]];
  const byMethod = withModel ? `\n${precisionByMethod(gold, withModel)}` : '';
  return { rules, model, modelFile: models[0]?.file ?? null, text: `${title}${unaligned}${formatComparisons(columns)}${byMethod}` };
}

/**
 * Precision by method: of the segments coded by rule and model agreeing, by the model alone at
 * p >= 0.5 and below, the share whose top-level code the gold coding gives the sentence (segments of
 * sentences the gold set does not code are left out). Reports rank quotes on it (see compareQuotes).
 */
function precisionByMethod(gold: GoldStandard, segments: readonly CodedSegment[]): string {
  const wanted = new Map<string, Set<string>>();
  for (const [doc, units] of Object.entries(gold.documents)) for (const u of units) wanted.set(`${doc}\u0000${u.text.trim()}`, new Set(u.codes));
  const tally = new Map<string, { n: number; right: number }>();
  for (const s of segments) {
    const want = wanted.get(`${s.document}\u0000${s.text.trim()}`);
    if (!want) continue;
    const kind = s.method === 'model' ? `model alone, p ${(s.probability ?? 0) >= 0.5 ? '>=' : '<'} 0.5` : (s.method ?? 'manual');
    const t = tally.get(kind) ?? { n: 0, right: 0 };
    t.n++;
    if (want.has(s.code.split('.')[0]!)) t.right++;
    tally.set(kind, t);
  }
  const rows = [...tally].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, t]) => `  ${kind}: ${t.right} of ${t.n} right (${((100 * t.right) / t.n).toFixed(1)}%)`);
  return `precision by method (top-level code of each segment, rules + model):\n${rows.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [goldFile = 'test/gold/gold.yaml', codebookFile = 'codebooks/swot.yaml', modelFile] = process.argv.slice(2);
  process.stdout.write(`${(await goldReport(path.resolve(goldFile), path.resolve(codebookFile), modelFile && path.resolve(modelFile))).text}\n`);
}
