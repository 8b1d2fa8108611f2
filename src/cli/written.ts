// What report and run say on stderr about the files they wrote: a summary and the main report to open, every file with --verbose.
import path from 'node:path';
import type { CliIO } from './io.js';

/**
 * Writes `<what>wrote N files to DIR` and `open first: DIR/<main report>` on stderr (nothing with
 * `quiet`); with `verbose`, every file written before them. `mainReport` is relative to `dir`.
 */
export function writeWritten(io: CliIO, dir: string, written: readonly string[], mainReport: string | null, flags: { verbose?: boolean; quiet?: boolean }, what: string): void {
  const shown = (file: string) => path.relative(io.cwd, file) || file;
  if (flags.verbose) for (const file of written) io.stderr.write(`${shown(file)}\n`);
  if (flags.quiet) return;
  io.stderr.write(`${what}wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${path.relative(io.cwd, dir) || '.'}\n`);
  if (mainReport !== null) io.stderr.write(`open first: ${shown(path.join(dir, mainReport))}\n`);
}
