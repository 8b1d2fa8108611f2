// Runs the streaming analysis over many files: in this thread, or in a piscina pool of worker threads, always yielding results in task order.
import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { MODEL_CACHE_DIR } from './model-cache.js';
import { ELD_CACHE_DIR } from './language-detector.js';
import { shareFiles, type SharedFile } from './shared-files.js';
import { FileAnalyzer, fromWireError, toWireError, type AnalysisPreload, type AnalysisSettings, type FileResult, type FileTask, type WireError } from './analysis.js';

const WORKER = new URL('./analysis-worker.js', import.meta.url);

/** What a worker thread of the pool starts with. */
export interface AnalysisWorkerData {
  settings: AnalysisSettings;
  /** The build's binary files (models, the language detector's database), shared by every thread (see shareFiles). */
  sharedFiles: SharedFile[];
}

/** A task as a worker thread gets it: with the port it tells a large file's coding so far on (see FileAnalyzer.analyze). */
export interface PoolTask extends FileTask {
  coded?: MessagePort;
}

/** Results waiting to be yielded per thread: bounds memory to a few files' results per thread. */
const WINDOW_PER_JOB = 4;
/** Tasks a worker holds at once: one coding, one read and ready, so it goes on while this thread is busy. */
const POOL_TASKS_PER_WORKER = 2;
/**
 * A worker thread's young generation (MB): a third of V8's default (48 MB on 64-bit), which it fills
 * with garbage while coding a large document. Measured on 20 MB of generated transcripts with 2 jobs,
 * it keeps 20-35 MB less resident at a cost in time smaller than the run-to-run noise.
 */
const WORKER_YOUNG_GENERATION_MB = 16;
/**
 * A file larger than this waits for a worker of its own (or this thread) rather than queue behind
 * another file in a busy worker, where this thread could not take it over: two large files at the
 * end of a run are then coded side by side, not one after the other.
 */
export const QUEUE_BEHIND_BYTES = 1024 * 1024;

/**
 * Whether a pool of `workers` worker threads holding `inPool` tasks takes a task of `size` bytes
 * now: when a worker is free, or as a worker's second task when the task is small (at most
 * QUEUE_BEHIND_BYTES; see POOL_TASKS_PER_WORKER). A large task otherwise waits for a free worker or
 * this thread. Pure.
 */
export function poolTakes(inPool: number, workers: number, size: number): boolean {
  return inPool < workers || (inPool < workers * POOL_TASKS_PER_WORKER && size <= QUEUE_BEHIND_BYTES);
}
/** Files one thread alone has started at once (see analyzeFiles): the next ones are read while one is coded. */
const SINGLE_THREAD_AHEAD = 4;
/** How far (bytes of input) the threads may run ahead of the file whose result is handed on next. */
const LOOKAHEAD_BYTES = 32 * 1024 * 1024;

/**
 * Analyses `tasks` and yields one FileResult per task, in task order, whatever `jobs` is: the
 * results of a file are the same in any thread, so the output is byte-identical for every N. Runs
 * in this thread when `jobs` is 1, when there is one task, or when the compiled worker is not there
 * (under a TypeScript test runner). Otherwise N jobs are this thread and N - 1 workers: the workers
 * hold two tasks each (a second one only when small, QUEUE_BEHIND_BYTES), and this thread codes the
 * next task whenever the result to hand on next is not ready, letting the event loop run between
 * windows so that a worker that finishes is given its next task at once; all run ahead of the
 * output by a few tasks and at most LOOKAHEAD_BYTES of input. With a cache (settings.cache), this
 * thread first serves the files the cache holds, in order, and starts the workers at the first file
 * it does not hold, so an unchanged re-run starts none.
 * A file that cannot be read is yielded with its `failure` (no documents); other errors are thrown,
 * the first in task order, and the pool is closed then.
 */
export async function* analyzeFiles(allTasks: readonly FileTask[], settings: AnalysisSettings, jobs: number, preloaded?: AnalysisPreload, coded?: (id: string, bytes: number) => void): AsyncGenerator<FileResult> {
  const parallel = jobs > 1 && allTasks.length > 1 && existsSync(fileURLToPath(WORKER));
  const analyzer = new FileAnalyzer(settings, preloaded);
  let tasks = allTasks;
  if (parallel && settings.cache) {
    // With a cache, this thread first serves the files found in it, in order, and starts the worker
    // threads only at the first file that is not: an unchanged re-run starts none.
    let missed = tasks.length;
    for await (const [index, hit] of inOrderAhead(tasks, (task) => analyzer.fromCache(task))) {
      if (!hit) {
        missed = index;
        break;
      }
      yield hit;
    }
    tasks = tasks.slice(missed);
  }
  if (!parallel || tasks.length <= 1) {
    // One thread: the next few small files are read (and looked up in the cache) while this one is
    // coded or written, so the thread does not wait for the disk between files.
    for await (const [, result] of inOrderAhead(tasks, (task) => analyzer.analyze(task, coded && ((bytes) => coded(task.id, bytes))))) yield result;
    return;
  }
  const { Piscina } = await import('piscina');
  // This thread is one of the N: it codes too, whenever the next result to hand on is not ready,
  // so N jobs cost N - 1 worker threads (each a whole JavaScript heap with its own copy of the models).
  const workers = Math.min(jobs, tasks.length) - 1;
  // The bundled models' weights and the language detector's database in memory all threads share: one copy, not one per thread.
  const data: AnalysisWorkerData = { settings, sharedFiles: shareFiles(MODEL_CACHE_DIR, ELD_CACHE_DIR) };
  const pool = new Piscina({ filename: WORKER.href, workerData: data, minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: POOL_TASKS_PER_WORKER, idleTimeout: 60_000, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  type Outcome = FileResult | { error: WireError };
  const pending: { task: FileTask; result: Promise<Outcome>; done: boolean }[] = [];
  let inPool = 0;
  let ahead = 0; // bytes of the tasks started and not yet handed on
  let next = 0;
  // This thread's tasks in flight: one; with a cache, a few small ones, so that files served from it
  // are read while another is handed on (coding several at once here would only delay the next result).
  const mine = new Set<Promise<unknown>>();
  let mineBytes = 0;
  const mineAtOnce = settings.cache ? SINGLE_THREAD_AHEAD : 1;
  const mayTake = (size: number) => mine.size === 0 || (mine.size < mineAtOnce && mineBytes + size <= QUEUE_BEHIND_BYTES);
  const start = (task: FileTask, result: Promise<Outcome>) => {
    const entry = { task, result, done: false };
    result.then(() => (entry.done = true), () => (entry.done = true));
    pending.push(entry);
    ahead += task.size ?? 0;
    next++;
  };
  // Threads run ahead of the output by a few tasks, and by at most LOOKAHEAD_BYTES of input beyond the first.
  const room = () => next < tasks.length && (pending.length === 0 || ahead + (tasks[next]!.size ?? 0) <= LOOKAHEAD_BYTES) && pending.length < (workers + 1) * WINDOW_PER_JOB;
  // Woken whenever a worker finishes a file, so that it gets the next one at once.
  let wake: () => void = () => undefined;
  const fillPool = () => {
    while (room() && poolTakes(inPool, workers, tasks[next]!.size ?? 0)) {
      inPool++;
      const task = tasks[next]!;
      // A large file's coding so far comes back on a channel of its own while the worker codes it.
      const channel = coded && (task.size ?? 0) > QUEUE_BEHIND_BYTES ? new MessageChannel() : undefined;
      channel?.port1.on('message', (bytes: number) => coded!(task.id, bytes));
      const sent: PoolTask = channel ? { ...task, coded: channel.port2 } : task;
      const result = (pool.run(sent, channel ? { transferList: [channel.port2] } : {}) as Promise<Outcome>).finally(() => {
        channel?.port1.close();
        inPool--;
        wake();
      });
      result.catch(() => undefined);
      start(tasks[next]!, result);
    }
  };
  try {
    for (;;) {
      fillPool();
      const head = pending[0];
      if (!head) break;
      while (!head.done && room() && mayTake(tasks[next]!.size ?? 0)) {
        const size = tasks[next]!.size ?? 0;
        const task = tasks[next]!;
        const result = analyzer.analyze(task, coded && ((bytes) => coded(task.id, bytes))).catch((e: unknown) => ({ error: toWireError(e) }));
        mineBytes += size;
        const settled = result.finally(() => {
          mine.delete(settled);
          mineBytes -= size;
        });
        mine.add(settled);
        start(tasks[next]!, result);
      }
      if (!head.done) {
        await Promise.race([head.result, ...mine, new Promise<void>((resolve) => (wake = resolve))]);
        continue;
      }
      pending.shift();
      ahead -= head.task.size ?? 0;
      const result = await head.result;
      if ('error' in result) throw fromWireError(result.error);
      yield result;
    }
  } finally {
    await Promise.allSettled([...mine]);
    await pool.destroy();
  }
}

/**
 * `work` on each task, in task order, the next few started while one is awaited (SINGLE_THREAD_AHEAD
 * at once, together at most QUEUE_BEHIND_BYTES beyond the first, so a large file runs alone): yields
 * each task's index and result in task order. The first error in task order is thrown; those of
 * tasks started ahead and not reached are dropped.
 */
async function* inOrderAhead<R>(tasks: readonly FileTask[], work: (task: FileTask) => Promise<R>): AsyncGenerator<[number, R]> {
  const pending: { index: number; size: number; result: Promise<R> }[] = [];
  let ahead = 0;
  for (let next = 0; next < tasks.length || pending.length > 0; ) {
    while (next < tasks.length && (pending.length === 0 || (pending.length < SINGLE_THREAD_AHEAD && ahead + (tasks[next]!.size ?? 0) <= QUEUE_BEHIND_BYTES))) {
      const size = tasks[next]!.size ?? 0;
      const result = work(tasks[next]!);
      result.catch(() => undefined);
      pending.push({ index: next++, size, result });
      ahead += size;
    }
    const head = pending.shift()!;
    ahead -= head.size;
    yield [head.index, await head.result];
  }
}
