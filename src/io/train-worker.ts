// Worker thread of `qeval train --jobs N`: runs the outer cross-validation folds it is sent and returns their results.
import { parentPort, workerData } from 'node:worker_threads';
import { runFold, type TrainingExample, type TrainPlan } from '../learn/train.js';
import type { WireExample } from './train-workers.js';

const data = workerData as { examples: WireExample[]; plan: TrainPlan };
const examples: TrainingExample[] = data.examples.map((e) => ({
  document: e.document,
  unit: { kind: 'sentence', index: 0, start: 0, end: 0, role: 'respondent' },
  text: '',
  features: e.features,
  human: new Set(e.human),
  rules: new Set(),
}));

parentPort!.on('message', (fold: number) => {
  const result = runFold(examples, data.plan, fold);
  parentPort!.postMessage(result, result.probabilities.map((p) => p.buffer as ArrayBuffer));
});
