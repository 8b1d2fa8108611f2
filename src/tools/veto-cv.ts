// Measures whether the model should drop rule hits (npm run veto-cv): nested cross-validation on a training corpus, the learned
// coder's decisions against letting the model add codes but never remove a rule's, top-level codes.
// Usage: node dist/tools/veto-cv.js <coding.csv> <corpus folder> <root> <codebook.yaml> [jobs]
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CodebookSet } from '../engine/code-many.js';
import { loadCodebookFile } from '../io/load-codebook.js';
import { readHumanCoding } from '../io/read-coding.js';
import { readDocuments } from '../io/read-documents.js';
import { trainModelInWorkers } from '../io/train-workers.js';
import { DEFAULT_FAMILIES } from '../learn/features.js';
import { trainingExamples, vetoComparison, type CombinationFigures } from '../learn/train.js';

const [coding, corpus, root, codebookFile, jobsArg] = process.argv.slice(2);
if (!coding || !corpus || !root || !codebookFile) {
  process.stderr.write('usage: node dist/tools/veto-cv.js <coding.csv> <corpus folder> <root> <codebook.yaml> [jobs]\n');
  process.exit(2);
}
const cwd = process.cwd();
const book = await loadCodebookFile(path.resolve(cwd, codebookFile), codebookFile);
const compiled = new CodebookSet([book]).compiled[0]!;
const docs = await readDocuments([corpus], { cwd, root });
const human = await readHumanCoding(path.resolve(cwd, coding), coding, docs, new Set(book.codes.map((c) => c.id)));
const unit = book.spec.unit ?? 'sentence';
const { examples } = trainingExamples(compiled, docs, human.codes, [...DEFAULT_FAMILIES], unit);
// The same settings as the bundled models' training (corpus/README.md), with --cv.
const { folds } = await trainModelInWorkers(compiled, examples, { unit, families: [...DEFAULT_FAMILIES], coder: human.coder, crossValidate: true }, Number(jobsArg ?? availableParallelism()));
const figures = vetoComparison(compiled, examples, folds);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, f: CombinationFigures) => `${name.padEnd(44)} ${pct(f.macroF1).padStart(7)} ${f.macroKappa.toFixed(3).padStart(7)} ${pct(f.microPrecision).padStart(8)} ${pct(f.microRecall).padStart(8)}\n`;
process.stdout.write(`${codebookFile}: ${examples.length} units of ${new Set(examples.map((e) => e.document)).size} documents, ${folds.length} fold parts; top-level codes\n`);
process.stdout.write(`${'combination'.padEnd(44)} ${'macroF1'.padStart(7)} ${'kappa'.padStart(7)} ${'microP'.padStart(8)} ${'microR'.padStart(8)}\n`);
process.stdout.write(line('model decides (rule hits it rejects dropped)', figures.model));
process.stdout.write(line('model adds, never removes a rule hit', figures.union));
process.stdout.write(line('rules alone', figures.rules));
for (const code of Object.keys(figures.model.f1)) process.stdout.write(`  ${code.padEnd(14)} F1 model ${pct(figures.model.f1[code]!)}  never-remove ${pct(figures.union.f1[code]!)}\n`);
