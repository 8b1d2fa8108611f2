// Worker thread of `qeval train --jobs N`: runs the parts of outer folds and of the final fit it is sent and returns their results.
import { parentPort, workerData } from 'node:worker_threads';
import { fitFinal, runFold, type TrainingExample, type TrainPlan } from '../learn/train.js';
import type { TaskResult, TrainTask, WireExample } from './train-workers.js';

const data = workerData as { examples: WireExample[]; plan: TrainPlan };
const examples: TrainingExample[] = data.examples.map((e) => ({
  document: e.document,
  unit: { kind: 'sentence', index: 0, start: 0, end: 0, role: 'respondent' },
  text: '',
  features: e.features,
  human: new Set(e.human),
  rules: new Set(),
}));

parentPort!.on('message', (task: TrainTask) => {
  if (task.fold >= 0) {
    const result = runFold(examples, data.plan, task.fold, task.codes);
    const message: TaskResult = { kind: 'fold', result };
    parentPort!.postMessage(message, result.probabilities.map((p) => p.buffer as ArrayBuffer));
    return;
  }
  const final = fitFinal(examples, data.plan, task.codes);
  const codes = task.codes.filter((code) => final.classifiers.has(code));
  const weights = codes.map((code) => final.classifiers.get(code)!.weights);
  const message: TaskResult = { kind: 'final', names: final.names, codes, weights, biases: codes.map((code) => final.classifiers.get(code)!.bias) };
  parentPort!.postMessage(message);
});
