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

/**
 * Turns documents made ready for Word (wordDoc) into .docx bytes: in a pool of worker threads that
 * start loading the Word library as soon as the renderer starts, so that the Word files of a run
 * are built while this thread aggregates and writes the other formats. The bytes are those
 * wordDocx makes in this thread (the same document gives the same bytes in any thread and in any
 * order), so a run's outputs do not depend on the threads' timing. Falls back to this thread when
 * the compiled worker is not there (under a TypeScript test runner) or when asked for no thread.
 * Call close() when done, also after a failure: the threads end then, and the process can exit.
 */
export class WordRenderer {
  private constructor(private readonly pool: Piscina | null) {}

  /**
   * Starts worker threads for `documents` Word files to come: `threads` of them (default: one per
   * core but this thread's, at least one, at most `documents`), or none with `threads` 0 or no
   * documents. `worker` is the compiled worker module (default: word-worker.js beside this module;
   * tests name the build's). Resolves once the threads are started, not loaded. Each thread is
   * handed its documents as soon as they are asked for and renders them one after the other: it
   * never waits for this thread, which may be busy.
   */
  static async start(documents: number, options: { threads?: number; worker?: URL } = {}): Promise<WordRenderer> {
    const threads = options.threads ?? Math.max(1, Math.min(availableParallelism() - 1, documents));
    const worker = options.worker ?? WORKER;
    if (threads < 1 || documents < 1 || !existsSync(fileURLToPath(worker))) return new WordRenderer(null);
    const { Piscina } = await import('piscina');
    return new WordRenderer(new Piscina({ filename: worker.href, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: documents, idleTimeout: 60_000 }));
  }

  /** Whether documents are rendered in worker threads (false: in this thread). */
  get threaded(): boolean {
    return this.pool !== null;
  }

  /**
   * The document as .docx bytes. Rejects with the error rendering it threw (a QevalError as it
   * was, another error with its message), or when the renderer was closed before it was done.
   */
  render(doc: WordDoc): Promise<Uint8Array> {
    const result = this.pool === null ? import('../report/render-docx.js').then((m) => m.wordDocx(doc)) : this.inPool(this.pool, doc);
    // Handled here too: a run that fails elsewhere closes the renderer without awaiting every rendering.
    result.catch(() => undefined);
    return result;
  }

  private async inPool(pool: Piscina, doc: WordDoc): Promise<Uint8Array> {
    const result = (await pool.run(doc)) as Uint8Array | { failure: WordFailure };
    if (result instanceof Uint8Array) return result;
    throw fromFailure(result.failure);
  }

  /** Ends the worker threads (renderings not done are rejected). */
  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
