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
    stdout: { write: (c: string | Uint8Array) => (stdout += String(c)), isTTY: options.tty ?? false },
    stderr: { write: (c: string | Uint8Array) => (stderr += String(c)), isTTY: options.stderrTty ?? false },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd,
    env: options.env ?? {},
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}
