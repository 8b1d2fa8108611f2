// Worker thread of `code`/`score --jobs N` (a piscina task module): analyses the files it is given with the settings it started with.
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { FileAnalyzer, isSpilled, toWireError, type FileResult, type WireError } from './analysis.js';
import type { MessagePort } from 'node:worker_threads';
import type { AnalysisWorkerData, PoolTask } from './analysis-pool.js';
import { adoptSharedFiles } from './shared-files.js';

const data = workerData as AnalysisWorkerData;
adoptSharedFiles(data.sharedFiles);
const analyzer = new FileAnalyzer(data.settings);
// Pieces served from the cache are strings; each is encoded into an ArrayBuffer of its own (Buffer.from would share a pool), so it can be moved.
const encoder = new TextEncoder();

/**
 * Failures come back as data (WireError), so their code and place survive the thread boundary. The
 * formatted segments come back as UTF-8 bytes, each piece in a buffer of its own that is moved to
 * the main thread instead of copied (a 10 MB transcript's CSV is some 50 MB), and that thread writes
 * them as they are.
 */
export default async function analyzeTask(sent: PoolTask): Promise<FileResult | { error: WireError } | ReturnType<typeof move>> {
  const { coded: port, ...task } = sent;
  let result: FileResult;
  try {
    result = await analyzer.analyze(task, port && progressTo(port));
  } catch (e) {
    return { error: toWireError(e) };
  } finally {
    port?.close();
  }
  // Each buffer once: the pieces served from the cache are views of one buffer per file.
  const buffers = new Set<ArrayBuffer>();
  for (const doc of result.documents) {
    if (!doc.body) continue;
    doc.body = doc.body.map((piece) => {
      if (isSpilled(piece)) return piece;
      const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
      buffers.add(bytes.buffer as ArrayBuffer);
      return bytes;
    });
  }
  return buffers.size === 0 ? result : move({ [transferableSymbol]: [...buffers], [valueSymbol]: result } as never);
}

/** Bytes of coding between two messages of a large file's progress: a few a second at the speed of one thread. */
const PROGRESS_STEP_BYTES = 128 * 1024;

/** A file's coding so far, told on `port` each time it has gone PROGRESS_STEP_BYTES further. */
function progressTo(port: MessagePort): (bytes: number) => void {
  let told = 0;
  return (bytes) => {
    if (bytes - told < PROGRESS_STEP_BYTES) return;
    told = bytes;
    port.postMessage(bytes);
  };
}
