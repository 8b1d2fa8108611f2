// Renders Word files in worker threads (a piscina pool) while this thread goes on with the other formats; in this thread when the compiled worker is not there.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { QevalError, type Place } from '../model/errors.js';
import type { WordDoc } from '../report/word-doc.js';

const WORKER = new URL('./word-worker.js', import.meta.url);

/** A rendering that failed in a worker, as data: a QevalError keeps its code, place and status. */
export interface WordFailure {
  message: string;
  stack?: string;
  qeval?: { code: string; place: Place; status: 1 | 2 };
}

function fromFailure(f: WordFailure): Error {
  if (f.qeval) return new QevalError(f.qeval.code, f.message, f.qeval.place, f.qeval.status);
  const err = new Error(f.message);
  if (f.stack !== undefined) err.stack = f.stack;
  return err;
}

/** Renders in this thread (the Word library is loaded on first use). */
const renderHere = async (doc: WordDoc): Promise<Uint8Array> => (await import('../report/render-docx.js')).wordDocx(doc);

/** Documents a worker thread holds at once: the one it renders and the next, so that it goes on while this thread is busy. */
const AHEAD_PER_THREAD = 2;

/** A document waiting for a thread. */
interface Job {
  doc: WordDoc;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns documents made ready for Word (wordDoc) into .docx bytes: in a pool of worker threads that
 * start loading the Word library as soon as the renderer starts, so that the Word files of a run
 * are built while this thread aggregates and writes the other formats; once this thread is done
 * with those (finish), it renders the documents no worker has taken yet itself. The bytes are those
 * wordDocx makes in this thread (the same document gives the same bytes in any thread and in any
 * order), so a run's outputs do not depend on the threads' timing. Falls back to this thread when
 * the compiled worker is not there (under a TypeScript test runner) or when asked for no thread.
 * Call close() when done, also after a failure: the threads end then, and the process can exit.
 */
export class WordRenderer {
  /** Documents asked for that no thread has taken yet, in the order asked. */
  private readonly queue: Job[] = [];
  /** Documents handed to the worker threads and not done. */
  private inPool = 0;
  private closed = false;

  private constructor(
    private readonly pool: Piscina | null,
    private readonly ahead: number,
  ) {}

  /**
   * Starts worker threads for `documents` Word files to come: `threads` of them (default: one per
   * core but this thread's, at most `documents`), or none with `threads` 0 (the default on one
   * core: a thread would only add its own start to the run) or no documents. `worker` is the compiled worker module (default: word-worker.js beside this module;
   * tests name the build's). Resolves once the threads are started, not loaded. Each thread holds
   * two documents at most (the one it renders and the next), taken in the order asked for.
   */
  static async start(documents: number, options: { threads?: number; worker?: URL } = {}): Promise<WordRenderer> {
    const threads = options.threads ?? Math.min(availableParallelism() - 1, documents);
    const worker = options.worker ?? WORKER;
    if (threads < 1 || documents < 1 || !existsSync(fileURLToPath(worker))) return new WordRenderer(null, 0);
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: worker.href, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: AHEAD_PER_THREAD, idleTimeout: 60_000 });
    return new WordRenderer(pool, threads * AHEAD_PER_THREAD);
  }

  /** Whether documents are rendered in worker threads (false: in this thread). */
  get threaded(): boolean {
    return this.pool !== null;
  }

  /**
   * The document as .docx bytes, rendered by a worker thread (or by this thread, in finish; with no
   * worker threads, in this thread when it next waits).
   * Rejects with the error rendering it threw (a QevalError as it was, another error with its
   * message), or when the renderer was closed before it was done.
   */
  render(doc: WordDoc): Promise<Uint8Array> {
    const result = this.pool === null ? renderHere(doc) : new Promise<Uint8Array>((resolve, reject) => this.queue.push({ doc, resolve, reject }));
    // Handled here too: a run that fails elsewhere closes the renderer without awaiting every rendering.
    result.catch(() => undefined);
    this.feed();
    return result;
  }

  /** Hands waiting documents to the worker threads, as many as they hold. */
  private feed(): void {
    const pool = this.pool;
    if (pool === null || this.closed) return;
    while (this.inPool < this.ahead && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.inPool++;
      (pool.run(job.doc) as Promise<Uint8Array | { failure: WordFailure }>)
        .then((result) => (result instanceof Uint8Array ? job.resolve(result) : job.reject(fromFailure(result.failure))), job.reject)
        .finally(() => {
          this.inPool--;
          this.feed();
        });
    }
  }

  /**
   * Renders in this thread the documents no worker thread has taken yet, the last asked for first
   * (the workers take them from the front), until none is left, yielding to the event loop between
   * documents so that the workers are fed meanwhile; every document is rendered when it resolves.
   * Call it when this thread has nothing else to do.
   */
  async finish(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      const job = this.queue.pop() as Job;
      try {
        job.resolve(await renderHere(job.doc));
      } catch (e) {
        job.reject(e);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Ends the worker threads; renderings not done are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the Word renderer was closed before this document was rendered'));
    await this.pool?.destroy();
  }
}
