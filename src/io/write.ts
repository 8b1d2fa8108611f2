// Atomic writes: temp file + rename, so a failed or interrupted run leaves no partial output.
import { constants, existsSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, type Stats } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream';
import { QevalError } from '../model/errors.js';

let counter = 0;
const tempName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);

/**
 * The files read as inputs (documents, attributes and organizations CSVs, codebooks, models,
 * segments and study files), by real path: an output never replaces one of them.
 */
const inputFiles = new Set<string>();

/** The real path of `file` (symbolic links resolved), or its absolute path when it does not exist. */
function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * Where a path really leads, whether or not it exists yet: symbolic links resolved in every part
 * that exists, a last part that is a dangling link followed to its target (at most 40 links), the
 * parts that do not exist kept as given. Two paths that lead to the same place give the same
 * string. Throws nothing.
 */
export function realPlace(file: string, links = 0): string {
  const abs = path.resolve(file);
  try {
    return realpathSync.native(abs);
  } catch {
    // Not there (yet): a dangling link is followed, else the parent is resolved and the name kept.
  }
  if (links < 40) {
    try {
      return realPlace(path.resolve(path.dirname(abs), readlinkSync(abs)), links + 1);
    } catch {
      // Not a link.
    }
  }
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(realPlace(parent, links), path.basename(abs));
}

/**
 * Notes that `file` is read as an input of the run: writeFileAtomic, atomicFileSink and
 * writeFilesAtomic then refuse to write over it (OUTPUT_IS_INPUT). `real` when the real path is already known.
 */
export function noteInputFile(file: string, real?: string): void {
  inputFiles.add(real ?? realPath(file));
}

/** Takes back noteInputFile for a file found but not read (a CSV in an input folder that is no survey: an earlier output may be replaced). */
export function passOverInputFile(file: string): void {
  inputFiles.delete(realPath(file));
}

/** Forgets the inputs noted (a command starts: in one process, another command's inputs are not this one's). */
export function forgetInputFiles(): void {
  inputFiles.clear();
}

/** Throws QevalError OUTPUT_IS_INPUT when `file` is one of the inputs noted (noteInputFile), compared by real path. */
export function refuseInputAsOutput(file: string): void {
  if (inputFiles.size > 0 && inputFiles.has(realPath(file))) {
    throw new QevalError('OUTPUT_IS_INPUT', 'is one of the inputs; writing there would destroy it: give -o another file', { file });
  }
}

/**
 * Undo steps of writes under way (remove a temp file, put back a file moved aside), run by
 * abandonPendingWrites when the process is stopped by a signal: an interrupted run leaves no temp file.
 */
const pending = new Set<() => void>();

function whilePending<T>(undo: () => void, work: () => Promise<T>): Promise<T> {
  pending.add(undo);
  return work().finally(() => pending.delete(undo));
}

/** Registers `undo` (synchronous) to run if the process is stopped while a write is under way; returns the call that unregisters it. */
export function onAbandon(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/**
 * Undoes every write under way, synchronously (temp files removed, replaced files put back). For
 * the process's SIGINT/SIGTERM handler (bin/qeval.js), which exits right after.
 */
export function abandonPendingWrites(): void {
  for (const undo of [...pending].reverse()) {
    try {
      undo();
    } catch {
      // Best effort: the process is ending.
    }
  }
  pending.clear();
}

const removeSync = (file: string) => rmSync(file, { force: true, recursive: true });

/**
 * Creates folder `dir` (absolute) and its missing parents, one at a time: Node's recursive mkdir
 * retries forever where a folder cannot be made (under /proc). Returns the folders it created, the
 * outermost first. Throws QevalError FOLDER_NOT_CREATED (`cannot create the folder (ENOENT)`) or
 * OUTPUT_NOT_A_FOLDER (a file is in the way, `hint` says what to give instead), naming the folder
 * given or the file in its way.
 */
export async function makeFolder(dir: string, hint = 'give a folder'): Promise<string[]> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let info: Stats | undefined;
    try {
      info = await stat(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') continue; // a file further up; found on the way
      if (code !== 'ENOENT') throw new QevalError('FOLDER_NOT_CREATED', `cannot create the folder (${code ?? (e as Error).message})`, { file: dir });
    }
    if (info) {
      if (!info.isDirectory()) throw new QevalError('OUTPUT_NOT_A_FOLDER', `is a file, not a folder; ${hint}`, { file: d });
      break;
    }
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
      created.push(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await stat(d).then((i) => i.isDirectory(), () => false))) continue;
      throw new QevalError('FOLDER_NOT_CREATED', `cannot create the folder (${code ?? (e as Error).message})`, { file: dir });
    }
  }
  return created;
}

/** A failed write of `file` (through its temp file) as a QevalError naming `file`, never the temp file. */
function writeError(e: unknown, file: string): Error {
  if (e instanceof QevalError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (permission denied)', { file });
  if (code === 'ENOENT') return new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (its folder cannot hold new files: ENOENT)', { file });
  if (code === 'ENOSPC' || code === 'EDQUOT') return new QevalError('OUTPUT_NOT_WRITABLE', `cannot write here (the disk is full: ${code})`, { file });
  if (typeof code === 'string') return new QevalError('OUTPUT_NOT_WRITABLE', `cannot write here (${code})`, { file });
  return e as Error;
}

/** Error codes of the output side (the CLI names their files relative to the working folder, as the user typed them). */
export const OUTPUT_ERROR_CODES: ReadonlySet<string> = new Set(['FOLDER_NOT_CREATED', 'OUTPUT_NOT_A_FOLDER', 'OUTPUT_IS_DIRECTORY', 'OUTPUT_NOT_WRITABLE', 'CACHE_NOT_WRITABLE', 'OUTPUT_IS_INPUT']);

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  refuseInputAsOutput(file);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
  if (info && !info.isFile()) {
    // A device or pipe (-o /dev/null, a FIFO) is written to, never replaced by a renamed file.
    await writeFile(file, data).catch((e: unknown) => {
      throw writeError(e, file);
    });
    return;
  }
  await makeFolder(path.dirname(file), 'give -o a file in a folder');
  const temp = tempName(file);
  await whilePending(() => removeSync(temp), async () => {
    try {
      await writeFile(temp, data);
      await rename(temp, file);
    } catch (e) {
      await rm(temp, { force: true });
      throw writeError(e, file);
    }
  });
}

/**
 * Checks before long work that `file` could be written: not a folder, and its nearest existing folder
 * writable. Throws QevalError OUTPUT_IS_DIRECTORY or OUTPUT_NOT_WRITABLE naming the file; the write
 * itself may still fail later (a disk fills up), and writeFileAtomic reports that.
 */
export async function checkWritable(file: string): Promise<void> {
  refuseInputAsOutput(file);
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

/**
 * Checks before long work that folder `dir` (absolute) could be made and written into, creating
 * nothing: no file in the way, and the folder (or its nearest existing parent) writable. Throws
 * QevalError OUTPUT_NOT_A_FOLDER (`hint` says what to give instead), OUTPUT_NOT_WRITABLE or
 * FOLDER_NOT_CREATED naming the folder, as writing into it would later.
 */
export async function checkFolderWritable(dir: string, hint = 'give -o a folder'): Promise<void> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const info = await stat(d).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? undefined : e));
    if (info instanceof Error) throw new QevalError('FOLDER_NOT_CREATED', `cannot create the folder (${info.code ?? info.message})`, { file: dir });
    if (info) {
      if (!info.isDirectory()) throw new QevalError('OUTPUT_NOT_A_FOLDER', `is a file, not a folder; ${hint}`, { file: d });
      const ok = await access(d, constants.W_OK).then(() => true, () => false);
      if (!ok) throw d === path.resolve(dir) ? new QevalError('OUTPUT_NOT_WRITABLE', 'cannot write here (EACCES)', { file: dir }) : new QevalError('FOLDER_NOT_CREATED', 'cannot create the folder (EACCES)', { file: dir });
      return;
    }
    if (path.dirname(d) === d) return;
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
  // Undo in reverse: a placed file is removed, the file it replaced comes back; synchronous, so a
  // signal handler can run it too (abandonPendingWrites).
  const cleanUp = () => {
    for (const s of [...staged].reverse()) {
      if (s.placed) removeSync(s.final);
      if (s.backup && existsSync(s.backup)) renameSync(s.backup, s.final);
      rmSync(s.temp, { force: true });
      s.placed = false;
      s.backup = undefined;
    }
    // Folders this write created go too, deepest first (rmdir only removes them when empty).
    for (const d of created.sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(d);
      } catch {
        // not empty: it holds files that were there before
      }
    }
  };
  let current = dir; // the file being written or put in place, for messages
  return whilePending(cleanUp, async () => {
    try {
      created.push(...(await makeFolder(dir, 'give -o a folder')));
      for (const f of files) {
        const final = path.join(dir, ...f.path.split('/'));
        refuseInputAsOutput(final);
        created.push(...(await makeFolder(path.dirname(final), 'give -o a folder')));
        const temp = tempName(final);
        current = final;
        staged.push({ temp, final });
        await ops.writeFile(temp, f.data);
      }
      for (const s of staged) {
        current = s.final;
        if (await exists(s.final)) {
          s.backup = `${s.temp}.old`;
          await ops.rename(s.final, s.backup);
        }
        await ops.rename(s.temp, s.final);
        s.placed = true;
      }
    } catch (e) {
      cleanUp();
      throw e instanceof QevalError || !(e as NodeJS.ErrnoException).code ? e : writeError(e, current);
    }
    for (const s of staged) if (s.backup) await rm(s.backup, { force: true, recursive: true });
    return staged.map((s) => s.final);
  });
}

/** An output written piece by piece; `commit` makes it appear whole, `abort` leaves nothing. */
export interface OutputSink {
  /** Text, or bytes already encoded as UTF-8 (a worker thread's output). */
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

interface Writable {
  write(chunk: string | Uint8Array): unknown;
  once?: (event: string, cb: () => void) => unknown;
  removeListener?: (event: string, cb: () => void) => unknown;
}

/**
 * Waits for a stream's `drain` when its buffer is full, so a fast producer never piles output up
 * in memory; a stream that closes or fails meanwhile (a reader gone: `qeval code ... | head`) ends the wait.
 */
async function writeWithBackpressure(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length === 0) return;
  const ok = stream.write(chunk);
  if (ok !== false) return;
  await waitForDrain(stream);
}

/** Waits for a full stream's `drain`, or its `close` or `error`, whichever comes first. */
async function waitForDrain(stream: Writable): Promise<void> {
  if (typeof stream.once !== 'function') return;
  await new Promise<void>((resolve) => {
    const events = ['drain', 'close', 'error'];
    const done = () => {
      for (const event of events) stream.removeListener?.(event, done);
      resolve();
    };
    for (const event of events) stream.once!(event, done);
  });
}

/** The place named in messages about a failed write to standard output. */
export const STANDARD_OUTPUT = 'standard output';

/** The reason in a message about a failed write (`the disk is full: ENOSPC`, `permission denied`, `EIO`). */
function writeReason(e: NodeJS.ErrnoException): string {
  const code = e.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk is full: ${code}`;
  return typeof code === 'string' ? code : e.message;
}

/**
 * A failed write to a stream that stays open (standard output) as a QevalError OUTPUT_NOT_WRITABLE
 * naming `place`: `standard output: cannot write (the disk is full: ENOSPC)`.
 */
export function streamWriteError(e: unknown, place: string = STANDARD_OUTPUT): QevalError {
  if (e instanceof QevalError) return e;
  return new QevalError('OUTPUT_NOT_WRITABLE', `cannot write (${writeReason(e as NodeJS.ErrnoException)})`, { file: place });
}

/** The stream errors a sink has turned into a QevalError (bin/qeval.js leaves those to the CLI's report). */
const surfaced = new WeakSet<object>();

/** Whether a sink has already turned stream error `e` into the QevalError the CLI reports. */
export function surfacedBySink(e: unknown): boolean {
  return typeof e === 'object' && e !== null && surfaced.has(e);
}

/** A reader gone (`qeval ... | head`: EPIPE) or a stream already closed: not a failure, the rest of the output is dropped. */
const readerGone = (e: NodeJS.ErrnoException) => e.code === 'EPIPE' || (typeof e.code === 'string' && e.code.startsWith('ERR_STREAM_'));

/**
 * A sink on a stream that stays open (standard output): pieces go out as they come, and are dropped
 * once the reader is gone. A write that fails otherwise (the disk is full) is thrown by the next
 * write or by commit, which waits until the pieces are out, as QevalError OUTPUT_NOT_WRITABLE naming
 * `place` (streamWriteError).
 */
export function streamSink(stream: { write(chunk: string | Uint8Array): unknown }, place: string = STANDARD_OUTPUT): OutputSink {
  const s = stream as Writable & {
    destroyed?: boolean;
    writableEnded?: boolean;
    on?: (event: string, cb: (e: NodeJS.ErrnoException) => void) => unknown;
    write(chunk: string | Uint8Array, cb?: (e?: Error | null) => void): unknown;
  };
  // A real stream (not a plain object with a write method) reports failures by event and callback.
  const watched = typeof s.on === 'function' && typeof s.removeListener === 'function';
  let failure: NodeJS.ErrnoException | undefined;
  const note = (e: NodeJS.ErrnoException) => {
    failure ??= e;
  };
  if (watched) s.on!('error', note);
  const release = () => {
    if (watched) s.removeListener!('error', note as () => void);
  };
  const check = () => {
    if (failure && !readerGone(failure)) {
      surfaced.add(failure);
      release();
      throw streamWriteError(failure, place);
    }
  };
  let last: Promise<void> | undefined;
  return {
    write: async (chunk) => {
      check();
      if (failure || s.destroyed || s.writableEnded || chunk.length === 0) return;
      if (!watched) {
        await writeWithBackpressure(s, chunk);
        return;
      }
      // The write's callback carries its error before the stream's 'error' event comes.
      let ok: unknown;
      last = new Promise<void>((resolve) => {
        ok = s.write(chunk, (e) => {
          if (e) note(e as NodeJS.ErrnoException);
          resolve();
        });
      });
      if (ok === false) await waitForDrain(s);
      check();
    },
    commit: async () => {
      if (last) await last;
      check();
      release();
    },
    abort: async () => release(),
  };
}

/**
 * A sink on a file, written atomically: pieces go to a temp file beside it, renamed over `file` on
 * commit; abort (or a failure) removes the temp file. Throws QevalError OUTPUT_IS_DIRECTORY or
 * OUTPUT_NOT_WRITABLE as writeFileAtomic does.
 */
export async function atomicFileSink(file: string): Promise<OutputSink> {
  const { createWriteStream } = await import('node:fs');
  refuseInputAsOutput(file);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new QevalError('OUTPUT_IS_DIRECTORY', 'is a directory; -o names the output file', { file });
  if (info && !info.isFile()) return streamToSpecialFile(createWriteStream(file), file);
  await makeFolder(path.dirname(file), 'give -o a file in a folder');
  const temp = tempName(file);
  const stream = createWriteStream(temp);
  const undo = () => {
    stream.destroy();
    rmSync(temp, { force: true });
  };
  pending.add(undo);
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (e) => { failure = e; });
  const fail = async (e: NodeJS.ErrnoException) => {
    stream.destroy();
    await rm(temp, { force: true });
    pending.delete(undo);
    throw writeError(e, file);
  };
  return {
    async write(chunk) {
      if (failure) await fail(failure);
      await writeWithBackpressure(stream, chunk);
    },
    async commit() {
      const e = await endStream(stream);
      if (failure ?? e) await fail((failure ?? e)!);
      // Inputs read since the sink was opened (a streaming run reads as it writes) are not replaced either.
      try {
        refuseInputAsOutput(file);
      } catch (refused) {
        await rm(temp, { force: true });
        pending.delete(undo);
        throw refused;
      }
      await rename(temp, file).catch(fail);
      pending.delete(undo);
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
      pending.delete(undo);
    },
  };
}

/** A sink on a device or pipe (-o /dev/null, a FIFO): written to in place, never replaced by a renamed temp file. */
function streamToSpecialFile(stream: import('node:fs').WriteStream, file: string): OutputSink {
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (e) => { failure = e; });
  return {
    async write(chunk) {
      if (failure) throw writeError(failure, file);
      await writeWithBackpressure(stream, chunk);
    },
    async commit() {
      const e = await endStream(stream);
      if (failure ?? e) throw writeError(failure ?? e, file);
    },
    async abort() {
      stream.destroy();
    },
  };
}

/**
 * Ends a file stream and waits until it is closed or has failed, whichever comes; returns the
 * failure. (The callback of `end` alone may run before the stream's 'error' event: a write error
 * found on the last flush, -o /dev/full, was then lost.)
 */
function endStream(stream: import('node:fs').WriteStream): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const errored = () => (stream.errored ?? undefined) as NodeJS.ErrnoException | undefined;
    if (stream.destroyed) {
      resolve(errored());
      return;
    }
    finished(stream, (e) => resolve(errored() ?? ((e ?? undefined) as NodeJS.ErrnoException | undefined)));
    stream.end();
  });
}
