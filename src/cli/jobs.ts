// The warning for --jobs above the machine's cores: more threads do not code faster, and each costs memory.
import { availableParallelism } from 'node:os';
import type { CliIO } from './io.js';

/** Warns once on stderr when `--jobs` asks for more threads than the machine has cores; nothing otherwise. */
export function warnJobs(io: CliIO, jobs: number | undefined, cores = availableParallelism()): void {
  if (jobs === undefined || jobs <= cores) return;
  io.stderr.write(`qeval: warning: --jobs ${jobs} is more than this machine's ${cores} core${cores === 1 ? '' : 's'}: the extra threads do not make it faster, and each one holds its own codebooks, model vocabularies and the document it codes (only the models' weights are shared), so memory grows with every thread; use --jobs ${cores} or fewer\n`);
}
