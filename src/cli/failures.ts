// Input files that could not be read among many: one stderr line each, a failures CSV beside the output, exit status 2.
import { agree, counted } from '../model/words.js';
import { rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { formatPlace, QevalError } from '../model/errors.js';
import { toCsv } from '../render/csv.js';
import { writeFileAtomic } from '../io/write.js';
import type { CliIO } from './io.js';

export const allowFailuresOption = () => new Option('--allow-failures', 'exit 0 even when some input files could not be read (each is still reported and listed)');

/** The name of the failures list written in an output folder. */
export const FAILURES_FILE = 'failures.csv';

/**
 * Collects the input files a command could not read. `onFailure` goes into ReadOptions: it prints
 * `qeval: <file>: <message>` at once, and the run goes on with the other files.
 */
export class ReadFailures {
  readonly list: QevalError[] = [];

  /** `reword`: how the command words a message (a study run names its keys, not flags). */
  constructor(
    private readonly io: CliIO,
    private readonly reword: (message: string) => string = (m) => m,
  ) {}

  /** Lists the failure (by document id) and prints it naming `file`, the path the user can open (ids may be relative to another folder). */
  readonly onFailure = (error: QevalError, file?: string): void => {
    // A failure whose error names no file is listed under the file that failed: the list's rows always say which.
    const message = this.reword(error.message);
    this.list.push(error.place.file === undefined && file !== undefined || message !== error.message ? new QevalError(error.code, message, { ...error.place, file: error.place.file ?? file }, error.status) : error);
    const where = formatPlace({ ...error.place, file: file ?? error.place.file });
    this.io.stderr.write(`qeval: ${where ? `${where}: ` : ''}${message}\n`);
  };

  /** The failures as CSV: file, line, code, message, in reading order (files are read sorted); with a UTF-8 BOM for `excel`, as the output beside it. */
  csv(excel = false): string {
    return toCsv(['file', 'line', 'code', 'message'], this.list.map((e) => [e.place.file ?? '', e.place.line ?? '', e.code, e.message]), excel);
  }

  /** The failures list as a file of a multi-file output (`failures.csv`), or none when every file was read. */
  outputFiles(): { path: string; data: string }[] {
    return this.list.length === 0 ? [] : [{ path: FAILURES_FILE, data: this.csv() }];
  }

  /**
   * Writes `<output>.failures.csv` beside a single output file (nothing for stdout), or removes a
   * stale one from an earlier run when every file was read this time. `excel`: the output is a CSV
   * made for Excel (--excel), so the list gets the same byte order mark (file names with "ų" intact).
   */
  async writeBeside(output: string | undefined, excel = false): Promise<void> {
    if (output === undefined || output === '-' || !isRegularOutput(path.resolve(this.io.cwd, output))) return;
    const file = `${path.resolve(this.io.cwd, output)}.failures.csv`;
    if (this.list.length === 0) await rm(file, { force: true });
    else await writeFileAtomic(file, this.csv(excel));
  }

  /** Removes a stale `failures.csv` from an output folder when every file was read this time. */
  async clearIn(dir: string): Promise<void> {
    if (this.list.length === 0) await rm(path.join(dir, FAILURES_FILE), { force: true });
  }

  /** The exit status: 2 when a file could not be read, unless `--allow-failures`; with a summary line on stderr. */
  status(allow: boolean | undefined): 0 | 2 {
    if (this.list.length === 0) return 0;
    this.io.stderr.write(`qeval: ${counted(this.list.length, 'input file')} could not be read and ${agree(this.list.length, 'was', 'were')} left out${allow ? '' : ' (exit status 2; --allow-failures makes it 0)'}\n`);
    return allow ? 0 : 2;
  }
}

/** True when `file` is a regular file (an output written by -o), not a device such as /dev/null, beside which nothing is written. */
export function isRegularOutput(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
