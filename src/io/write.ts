// Atomic writes: temp file + rename, so a failed or interrupted run leaves no partial output.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QevalError } from '../model/errors.js';

let counter = 0;
const tempName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = tempName(file);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTDIR') throw new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
    if (code === 'EACCES' || code === 'EPERM') throw new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (permission denied)', { file });
    throw e;
  }
}

export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  path: string;
  data: string | Uint8Array;
}

/** Writes every file to a temp name first and renames them only when all writes succeeded. */
export async function writeFilesAtomic(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  const staged: { temp: string; final: string }[] = [];
  try {
    for (const f of files) {
      const final = path.join(dir, ...f.path.split('/'));
      await mkdir(path.dirname(final), { recursive: true });
      const temp = tempName(final);
      staged.push({ temp, final });
      await writeFile(temp, f.data);
    }
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw e;
  }
  for (const s of staged) await rename(s.temp, s.final);
  return staged.map((s) => s.final);
}

/** An output written piece by piece; `commit` makes it appear whole, `abort` leaves nothing. */
export interface OutputSink {
  write(chunk: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

interface Writable {
  write(chunk: string): unknown;
  once?: (event: string, cb: () => void) => unknown;
  removeListener?: (event: string, cb: () => void) => unknown;
}

/**
 * Waits for a stream's `drain` when its buffer is full, so a fast producer never piles output up
 * in memory; a stream that closes or fails meanwhile (a reader gone: `qeval code ... | head`) ends the wait.
 */
async function writeWithBackpressure(stream: Writable, chunk: string): Promise<void> {
  if (chunk === '') return;
  const ok = stream.write(chunk);
  if (ok !== false || typeof stream.once !== 'function') return;
  await new Promise<void>((resolve) => {
    const events = ['drain', 'close', 'error'];
    const done = () => {
      for (const event of events) stream.removeListener?.(event, done);
      resolve();
    };
    for (const event of events) stream.once!(event, done);
  });
}

/** A sink on a stream that stays open (standard output): pieces go out as they come, and are dropped once the reader is gone. */
export function streamSink(stream: { write(chunk: string): unknown }): OutputSink {
  const s = stream as Writable & { destroyed?: boolean; writableEnded?: boolean };
  return {
    write: async (chunk) => {
      if (s.destroyed || s.writableEnded) return;
      await writeWithBackpressure(s, chunk);
    },
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/**
 * A sink on a file, written atomically: pieces go to a temp file beside it, renamed over `file` on
 * commit; abort (or a failure) removes the temp file. Throws QevalError OUTPUT_IS_DIRECTORY or
 * OUTPUT_NOT_WRITABLE as writeFileAtomic does.
 */
export async function atomicFileSink(file: string): Promise<OutputSink> {
  const { createWriteStream } = await import('node:fs');
  await mkdir(path.dirname(file), { recursive: true });
  const temp = tempName(file);
  const stream = createWriteStream(temp);
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (e) => { failure = e; });
  const fail = async (e: NodeJS.ErrnoException) => {
    stream.destroy();
    await rm(temp, { force: true });
    const code = e.code;
    if (code === 'EISDIR' || code === 'ENOTDIR') throw new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
    if (code === 'EACCES' || code === 'EPERM') throw new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (permission denied)', { file });
    throw e;
  };
  return {
    async write(chunk) {
      if (failure) await fail(failure);
      await writeWithBackpressure(stream, chunk);
    },
    async commit() {
      await new Promise<void>((resolve) => stream.end(resolve));
      if (failure) await fail(failure);
      await rename(temp, file).catch(fail);
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}
