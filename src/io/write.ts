// Atomic writes: temp file + rename, so a failed or interrupted run leaves no partial output.
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
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
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (permission denied)', { file });
    if (code === 'ENOENT') throw new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (its folder cannot hold new files)', { file });
    throw e;
  }
}

/**
 * Checks before long work that `file` could be written: not a folder, and its nearest existing folder
 * writable. Throws QevalError OUTPUT_IS_DIRECTORY or OUTPUT_NOT_WRITABLE naming the file; the write
 * itself may still fail later (a disk fills up), and writeFileAtomic reports that.
 */
export async function checkWritable(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
  let dir = path.dirname(file);
  while (!(await exists(dir)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (permission denied)', { file });
  }
}

export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  path: string;
  data: string | Uint8Array;
}

/** The file operations a multi-file write uses (tests inject failures). */
export interface WriteOps {
  writeFile(file: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const fsOps: WriteOps = { writeFile: (f, d) => writeFile(f, d), rename };

const exists = (file: string) => stat(file).then(() => true, () => false);

/**
 * Writes every file to a temp name first; only when all are written does it put them in place,
 * moving each file it replaces aside until the last one is in. If anything fails, the files it
 * replaced are restored, the new ones, every temp file and the folders it created removed, and the
 * error is thrown: the folder is as it was. Returns the absolute paths written.
 */
export async function writeFilesAtomic(dir: string, files: readonly OutputFile[], ops: WriteOps = fsOps): Promise<string[]> {
  const staged: { temp: string; final: string; backup?: string; placed?: boolean }[] = [];
  const created: string[] = [];
  const cleanUp = async () => {
    // Undo in reverse: a placed file is removed, the file it replaced comes back.
    for (const s of [...staged].reverse()) {
      if (s.placed) await rm(s.final, { force: true, recursive: true });
      if (s.backup && (await exists(s.backup))) await rename(s.backup, s.final);
      await rm(s.temp, { force: true });
    }
    // Folders this write created go too, deepest first (rmdir only removes them when empty).
    for (const d of created.sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
  };
  try {
    for (const f of files) {
      const final = path.join(dir, ...f.path.split('/'));
      const first = await mkdir(path.dirname(final), { recursive: true });
      // mkdir names the first folder it created; every folder from there down to this file's is new.
      if (first) for (let d = path.dirname(final); d.length >= first.length; d = path.dirname(d)) created.push(d);
      const temp = tempName(final);
      staged.push({ temp, final });
      await ops.writeFile(temp, f.data);
    }
    for (const s of staged) {
      if (await exists(s.final)) {
        s.backup = `${s.temp}.old`;
        await ops.rename(s.final, s.backup);
      }
      await ops.rename(s.temp, s.final);
      s.placed = true;
    }
  } catch (e) {
    await cleanUp();
    throw e;
  }
  for (const s of staged) if (s.backup) await rm(s.backup, { force: true, recursive: true });
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
