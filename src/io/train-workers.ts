// Runs training's outer cross-validation folds in worker threads (`qeval train --jobs N`); the result equals a serial run's, byte for byte.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompiledCodebook } from '../engine/compile.js';
import type { TrainedModel } from '../learn/model.js';
import { finishTraining, planTraining, trainModel, type FoldResult, type TrainingExample, type TrainOptions } from '../learn/train.js';

/** What a worker needs of an example: its document (for folds), features and human codes. */
export interface WireExample {
  document: string;
  features: string[];
  human: string[];
}

const WORKER = new URL('./train-worker.js', import.meta.url);

/**
 * Trains like `trainModel`, with the outer folds spread over `jobs` worker threads. Folds are pure and
 * their results are joined by fold number, so the model is the same whatever `jobs` is. Runs in this
 * thread when `jobs` is 1 or the compiled worker script is not there (e.g. under a TypeScript test
 * runner). Returns the model and how many workers ran (0: in this thread). Throws as `trainModel`;
 * a worker's failure rejects.
 */
export async function trainModelInWorkers(compiled: CompiledCodebook, examples: readonly TrainingExample[], options: TrainOptions, jobs: number): Promise<{ model: TrainedModel; workers: number }> {
  if (jobs <= 1 || !existsSync(fileURLToPath(WORKER))) return { model: trainModel(compiled, examples, options), workers: 0 };
  const plan = planTraining(compiled, examples, options);
  const folds = plan.parts.map((_, f) => f);
  const wire: WireExample[] = examples.map((e) => ({ document: e.document, features: e.features, human: [...e.human] }));
  const workers = Array.from({ length: Math.min(jobs, folds.length) }, () => new Worker(WORKER, { workerData: { examples: wire, plan } }));
  try {
    const results: FoldResult[] = [];
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const next = () => {
        const fold = folds.shift();
        if (fold === undefined) return resolve();
        worker.postMessage(fold);
      };
      worker.on('message', (r: FoldResult) => {
        results.push(r);
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`a training worker stopped with exit code ${code}`));
      });
      next();
    })));
    return { model: finishTraining(compiled, examples, options, plan, results), workers: workers.length };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

