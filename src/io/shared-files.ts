// Files the build makes (models in binary form, the language detector's database) read once into memory that every thread of a run shares.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A build file's bytes as the threads of one run share them: a SharedArrayBuffer of the file's size
 * (its pages untouched, so costing no memory, until a thread fills it) and a state word (EMPTY,
 * LOADING, READY or FAILED). The first thread that needs the file reads it into it; the others wait
 * for it and make their views of the same memory, so N threads hold one copy of a model's weights or
 * of the language detector's database.
 */
export interface SharedFile {
  file: string;
  size: number;
  mtimeMs: number;
  bytes: SharedArrayBuffer;
  state: SharedArrayBuffer;
}

const EMPTY = 0;
const LOADING = 1;
const READY = 2;
const FAILED = 3;

/** This thread's shared build files, by path. */
const sharedFiles = new Map<string, SharedFile>();

/**
 * Shared slots for every `.bin` file in the folders `dirs` (registered in this thread too), to hand
 * to worker threads, which adopt them with adoptSharedFiles. None for a folder that does not exist.
 */
export function shareFiles(...dirs: string[]): SharedFile[] {
  return dirs.flatMap(shareFolder);
}

function shareFolder(dir: string): SharedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  } catch {
    return [];
  }
  const slots: SharedFile[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    let slot = sharedFiles.get(file);
    if (!slot || slot.size !== st.size || slot.mtimeMs !== st.mtimeMs) {
      slot = { file, size: st.size, mtimeMs: st.mtimeMs, bytes: new SharedArrayBuffer(st.size), state: new SharedArrayBuffer(4) };
      sharedFiles.set(file, slot);
    }
    slots.push(slot);
  }
  return slots;
}

/** Registers in this thread (a worker) the shared slots the thread that started it made (see shareFiles). */
export function adoptSharedFiles(slots: readonly SharedFile[] | undefined): void {
  for (const slot of slots ?? []) sharedFiles.set(slot.file, slot);
}

/**
 * The bytes of build file `file` in its shared slot, read into it by this thread if no thread has
 * yet (others wait meanwhile); undefined when it has no slot, the file changed since the slot was
 * made, or reading it failed (the caller reads the file itself).
 */
export function sharedFileBytes(file: string): Buffer | undefined {
  const slot = sharedFiles.get(file);
  if (!slot) return undefined;
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st || st.size !== slot.size || st.mtimeMs !== slot.mtimeMs) return undefined;
  const state = new Int32Array(slot.state);
  if (Atomics.compareExchange(state, 0, EMPTY, LOADING) === EMPTY) {
    let done = false;
    try {
      const fd = openSync(file, 'r');
      try {
        const view = Buffer.from(slot.bytes);
        let at = 0;
        for (let n = 1; at < view.length && n > 0; at += n) n = readSync(fd, view, at, view.length - at, at);
        done = at === view.length;
      } finally {
        closeSync(fd);
      }
    } catch {
      done = false;
    }
    Atomics.store(state, 0, done ? READY : FAILED);
    Atomics.notify(state, 0);
  } else {
    while (Atomics.load(state, 0) === LOADING) Atomics.wait(state, 0, LOADING, 1000);
  }
  return Atomics.load(state, 0) === READY ? Buffer.from(slot.bytes) : undefined;
}
