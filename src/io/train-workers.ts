// Runs training's outer cross-validation folds and final fit in worker threads (`qeval train --jobs N`); the result equals a serial run's, byte for byte.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompiledCodebook } from '../engine/compile.js';
import type { TrainedModel } from '../learn/model.js';
import { codeParts, finishTraining, planTraining, runFold, type FinalFit, type FoldResult, type TrainingExample, type TrainOptions } from '../learn/train.js';

/** What a worker needs of an example: its document (for folds), features and human codes. */
export interface WireExample {
  document: string;
  features: string[];
  human: string[];
}

/** One piece of work: an outer fold (`fold` ≥ 0) or the final fit (`fold` −1), for some of the codes. */
export interface TrainTask {
  fold: number;
  codes: string[];
}

/** A worker's answer: a fold's result, or part of the final fit (weights as plain arrays per code). */
export type TaskResult = { kind: 'fold'; result: FoldResult } | { kind: 'final'; names: string[]; codes: string[]; weights: Float64Array[]; biases: number[] };

const WORKER = new URL('./train-worker.js', import.meta.url);

/**
 * Trains like `trainModel`, with the outer folds and the final fit spread over `jobs` worker threads,
 * each split by code into parts so the threads stay busy. Every code's fit in a fold is pure and
 * results are joined by fold and code, so the model is the same whatever `jobs` is. Runs in this
 * thread when `jobs` is 1 or the compiled worker script is not there (e.g. under a TypeScript test
 * runner). Returns the model, how many workers ran (0: in this thread) and the outer folds' results
 * (parts by code, in no fixed order: see vetoComparison). Throws as `trainModel`;
 * a worker's failure rejects.
 */
export async function trainModelInWorkers(compiled: CompiledCodebook, examples: readonly TrainingExample[], options: TrainOptions, jobs: number): Promise<{ model: TrainedModel; workers: number; folds: FoldResult[] }> {
  const plan = planTraining(compiled, examples, options);
  if (jobs <= 1 || !existsSync(fileURLToPath(WORKER))) {
    const folds = plan.parts.map((_, f) => runFold(examples, plan, f));
    return { model: finishTraining(compiled, examples, options, plan, folds), workers: 0, folds };
  }
  const parts = codeParts(plan, 4);
  // Largest first (the final fit uses every example), so no thread is left with a long last task.
  const tasks: TrainTask[] = [-1, ...plan.parts.map((_, f) => f)].flatMap((fold) => parts.map((codes) => ({ fold, codes })));
  const wire: WireExample[] = examples.map((e) => ({ document: e.document, features: e.features, human: [...e.human] }));
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Worker(WORKER, { workerData: { examples: wire, plan } }));
  try {
    const results: FoldResult[] = [];
    const finals: FinalFit[] = [];
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const next = () => {
        const task = tasks.shift();
        if (task === undefined) return resolve();
        worker.postMessage(task);
      };
      worker.on('message', (r: TaskResult) => {
        if (r.kind === 'fold') results.push(r.result);
        else finals.push({ names: r.names, classifiers: new Map(r.codes.map((code, i) => [code, { weights: r.weights[i]!, bias: r.biases[i]! }])) });
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`a training worker stopped with exit code ${code}`));
      });
      next();
    })));
    return { model: finishTraining(compiled, examples, options, plan, results, finals), workers: workers.length, folds: results };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
