// Worker thread of `code`/`score --jobs N` (a piscina task module): analyses the files it is given with the settings it started with.
import { workerData } from 'node:worker_threads';
import { FileAnalyzer, toWireError, type AnalysisSettings, type FileResult, type FileTask, type WireError } from './analysis.js';

const analyzer = new FileAnalyzer(workerData as AnalysisSettings);

/** Failures come back as data (WireError), so their code and place survive the thread boundary. */
export default async function analyzeTask(task: FileTask): Promise<FileResult | { error: WireError }> {
  try {
    return await analyzer.analyze(task);
  } catch (e) {
    return { error: toWireError(e) };
  }
}
