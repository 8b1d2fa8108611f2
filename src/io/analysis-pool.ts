// Runs the streaming analysis over many files: in this thread, or in a piscina pool of worker threads, always yielding results in task order.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FileAnalyzer, fromWireError, toWireError, type AnalysisPreload, type AnalysisSettings, type FileResult, type FileTask, type WireError } from './analysis.js';

const WORKER = new URL('./analysis-worker.js', import.meta.url);

/** Results waiting to be yielded per worker thread: bounds memory to a few files' results per thread. */
const WINDOW_PER_JOB = 4;

/**
 * Analyses `tasks` and yields one FileResult per task, in task order, whatever `jobs` is: the
 * results of a file are the same in any thread, so the output is byte-identical for every N. Runs
 * in this thread when `jobs` is 1, when there is one task, or when the compiled worker is not there
 * (under a TypeScript test runner). A file that cannot be read is yielded with its `failure` (no documents); other errors
 * are thrown, the first in task order, and the pool is closed then.
 */
export async function* analyzeFiles(tasks: readonly FileTask[], settings: AnalysisSettings, jobs: number, preloaded?: AnalysisPreload): AsyncGenerator<FileResult> {
  if (jobs <= 1 || tasks.length <= 1 || !existsSync(fileURLToPath(WORKER))) {
    const analyzer = new FileAnalyzer(settings, preloaded);
    for (const task of tasks) yield await analyzer.analyze(task);
    return;
  }
  const { Piscina } = await import('piscina');
  // This thread is one of the N: it codes too, between handing results on, so N jobs cost N - 1
  // worker threads (each a whole JavaScript heap with its own copy of the models).
  const workers = Math.min(jobs, tasks.length) - 1;
  // Each worker holds a few tasks, so it goes on while this thread is busy coding a long file.
  const pool = new Piscina({ filename: WORKER.href, workerData: settings, minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: WINDOW_PER_JOB, idleTimeout: 60_000 });
  const analyzer = new FileAnalyzer(settings, preloaded);
  const here = (task: FileTask): Promise<FileResult | { error: WireError }> => analyzer.analyze(task).catch((e: unknown) => ({ error: toWireError(e) }));
  const pending: Promise<FileResult | { error: WireError }>[] = [];
  let inPool = 0;
  let next = 0;
  const fill = () => {
    while (next < tasks.length && inPool < workers * WINDOW_PER_JOB) {
      inPool++;
      const p = (pool.run(tasks[next++]) as Promise<FileResult | { error: WireError }>).finally(() => inPool--);
      p.catch(() => undefined);
      pending.push(p);
    }
    // Then the next task for this thread, while the results waiting stay few.
    if (next < tasks.length && pending.length < (workers + 1) * WINDOW_PER_JOB) pending.push(here(tasks[next++]!));
  };
  try {
    fill();
    while (pending.length > 0) {
      const result = await pending.shift()!;
      if ('error' in result) throw fromWireError(result.error);
      fill();
      yield result;
    }
  } finally {
    await pool.destroy();
  }
}
