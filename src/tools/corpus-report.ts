// Prints the bundled models' cross-validation on the training corpus and the corpus coders' agreement (npm run gold, last part).
// Usage: node dist/tools/corpus-report.js
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadModelFile } from '../io/load-model.js';
import { renderCrossValidation } from '../render/cross-validation.js';

const MODELS = [['en', 'models/swot.en.json'], ['lt', 'models/swot.lt.json']] as const;

for (const [lang, file] of MODELS) {
  if (!existsSync(file)) continue;
  const { model } = await loadModelFile(file);
  const cv = model.crossValidation;
  if (cv) {
    process.stdout.write(`\n${file}: cross-validation on the training corpus (corpus/${lang}, adjudicated coding), top-level codes\n`);
    const top = (rows: typeof cv.model) => rows.filter((r) => !r.code.includes('.'));
    process.stdout.write(renderCrossValidation({ ...cv, model: top(cv.model), rules: top(cv.rules) }, 'table'));
  } else process.stdout.write(`\n${file}: trained without --cv, so it records no cross-validation figures\n`);
  const agreementFile = `corpus/coding/${lang}.agreement.json`;
  if (existsSync(agreementFile)) {
    const a = JSON.parse(await readFile(agreementFile, 'utf8')) as { units: number; disputed: number; topLevelMeanKappa: number; topLevelF1Coder2VsCoder1: number };
    process.stdout.write(`two independent coders on the same ${a.units} units: mean top-level kappa ${a.topLevelMeanKappa.toFixed(3)}, macro F1 of coder 2 against coder 1 ${(a.topLevelF1Coder2VsCoder1 * 100).toFixed(1)}% (${a.disputed} units adjudicated)\n`);
  }
}
