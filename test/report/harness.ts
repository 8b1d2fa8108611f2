// Runs qeval's real CLI layer (main) in memory, with the streams, folder and environment a test chooses.
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (c: string | Uint8Array) => (stdout += String(c)), isTTY: options.tty ?? false },
    stderr: { write: (c: string | Uint8Array) => (stderr += String(c)) },
    stdin: process.stdin,
    cwd,
    env: options.env ?? {},
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}
