// Runs qeval's real CLI layer (main) in memory, with the streams, folder and environment a test chooses.
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** stdout is a terminal. */
  tty?: boolean;
  /** stderr is a terminal (progress bars). */
  stderrTty?: boolean;
  env?: Record<string, string>;
  /** What standard input holds (default: nothing). */
  stdin?: string | Uint8Array;
}

export async function runCli(argv: string[], cwd: string, options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (c: string | Uint8Array) => (stdout += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: options.tty ?? false },
    stderr: { write: (c: string | Uint8Array) => (stderr += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: options.stderrTty ?? false },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd,
    env: options.env ?? {},
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

/**
 * runCli, less the warnings that a file's language was detected or could not be told (short fixtures
 * carry no language attribute; those warnings are tested in test/io/language.test.ts).
 */
export async function runCliWithoutLanguageNotes(argv: string[], cwd: string, options: RunOptions = {}): Promise<RunResult> {
  const r = await runCli(argv, cwd, options);
  return { ...r, stderr: r.stderr.replace(/^qeval: warning: no language attribute.*\n/gm, '') };
}
