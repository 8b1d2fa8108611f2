// Bundled models in a binary form made once at build time (npm run build), beside the compiled code, and used while their JSON file is unchanged.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSource } from '../engine/code-many.js';
import type { TrainedModel } from '../learn/model.js';
import { invertWeights, type InvertedWeights } from '../learn/model-coder.js';

/** dist/model-cache/ when running the build; a folder that does not exist under a TypeScript test runner. */
export const MODEL_CACHE_DIR = fileURLToPath(new URL('../model-cache/', import.meta.url));

const MAGIC = 'QEVALMC2';
const SEPARATOR = '\u0000';

/** The model file a cached copy was made from: its absolute path, size (bytes) and modification time (ms). */
interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Header {
  source: SourceStamp;
  /** The model less its vocabulary and each code's weights. */
  model: Omit<TrainedModel, 'vocabulary'>;
  /** Bytes of the vocabulary (UTF-8, names joined by U+0000). */
  vocabularyBytes: number;
  /** Number of weights (the length of InvertedWeights' weightCode and weight). */
  weights: number;
}

const stampOf = (abs: string): SourceStamp => {
  const st = statSync(abs);
  return { path: path.resolve(abs), size: st.size, mtimeMs: st.mtimeMs };
};

/**
 * A validated model in the cache's binary form, tied to the file at `abs` by its path, size and
 * modification time: `QEVALMC2`, a 32-bit little-endian header length, the header (JSON: the model
 * without vocabulary and weights), the vocabulary (UTF-8, joined by U+0000), padding to 8 bytes, then
 * the weights inverted by feature (invertWeights): `weight` as 64-bit floats, `start` and
 * `weightCode` as 32-bit integers, in this machine's byte order. The weights are the file's numbers
 * exactly (doubles both ways). Undefined when a feature name holds U+0000 (such a model is read from
 * its JSON).
 */
export function modelToCache(model: TrainedModel, abs: string): Buffer | undefined {
  if (model.vocabulary.some((f) => f.includes(SEPARATOR))) return undefined;
  const inverted = invertWeights(model);
  const vocabulary = Buffer.from(model.vocabulary.join(SEPARATOR), 'utf8');
  const rest: Partial<TrainedModel> = { ...model };
  delete rest.vocabulary;
  const header: Header = {
    source: stampOf(abs),
    model: { ...(rest as Omit<TrainedModel, 'vocabulary'>), codes: Object.fromEntries(Object.entries(model.codes).map(([code, c]) => [code, { ...c, weights: [] }])) },
    vocabularyBytes: vocabulary.length,
    weights: inverted.weight.length,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const before = MAGIC.length + 4 + head.length + vocabulary.length;
  const bytesOf = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, head, vocabulary, Buffer.alloc((8 - (before % 8)) % 8), bytesOf(inverted.weight), bytesOf(inverted.start), bytesOf(inverted.weightCode)]);
}

/**
 * The model a cache file holds with its inverted weights, when it was made from the file at `abs`
 * as it is now (same path, size and modification time); undefined when it is damaged or stale (then
 * the JSON is read as usual). The arrays are views of `bytes` (copied only when not aligned). Each
 * code's `weights` pairs are worked out from the inverted weights when first read (coding never
 * reads them).
 */
export function modelFromCache(bytes: Buffer, abs: string): { model: TrainedModel; inverted: InvertedWeights } | undefined {
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const headLength = bytes.readUInt32LE(MAGIC.length);
    let at = MAGIC.length + 4;
    const header = JSON.parse(bytes.toString('utf8', at, at + headLength)) as Header;
    const stamp = stampOf(abs);
    if (header.source.path !== stamp.path || header.source.size !== stamp.size || header.source.mtimeMs !== stamp.mtimeMs) return undefined;
    at += headLength;
    const vocabulary = header.vocabularyBytes === 0 ? [] : bytes.toString('utf8', at, at + header.vocabularyBytes).split(SEPARATOR);
    at += header.vocabularyBytes;
    at += (8 - (at % 8)) % 8;
    const n = header.weights;
    if (at + n * 8 + (vocabulary.length + 1) * 4 + n * 4 !== bytes.length) return undefined;
    const view = <T>(Kind: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
      const offset = bytes.byteOffset + at;
      at += length * Kind.BYTES_PER_ELEMENT;
      return offset % Kind.BYTES_PER_ELEMENT === 0 ? new Kind(bytes.buffer, offset, length) : new Kind(bytes.buffer.slice(offset, offset + length * Kind.BYTES_PER_ELEMENT), 0, length);
    };
    const inverted: InvertedWeights = { weight: view(Float64Array, n), start: view(Int32Array, vocabulary.length + 1), weightCode: view(Int32Array, n) };
    const codeList = Object.keys(header.model.codes);
    const codes: TrainedModel['codes'] = {};
    codeList.forEach((code, k) => {
      const c = { ...header.model.codes[code]! };
      let pairs: number[] | undefined;
      Object.defineProperty(c, 'weights', { enumerable: true, get: () => (pairs ??= pairsOf(inverted, k)) });
      codes[code] = c;
    });
    // Keys in the order the JSON file has them (vocabulary before codes).
    const { format, formatVersion, codebook, unit, features, training, crossValidation } = header.model;
    return { model: { format, formatVersion, codebook, unit, features, training, vocabulary, codes, ...(crossValidation ? { crossValidation } : {}) }, inverted };
  } catch {
    return undefined;
  }
}

/** Code `k`'s flat index-weight pairs (features ascending), from the weights inverted by feature. */
function pairsOf({ start, weightCode, weight }: InvertedWeights, k: number): number[] {
  const pairs: number[] = [];
  for (let j = 0; j + 1 < start.length; j++) {
    for (let i = start[j]!; i < start[j + 1]!; i++) if (weightCode[i] === k) pairs.push(j, weight[i]!);
  }
  return pairs;
}

/** The cache file of the model file at `abs`, in the build's cache folder (or `dir`). */
export const modelCacheFile = (abs: string, dir = MODEL_CACHE_DIR): string => path.join(dir, `${path.basename(abs)}.bin`);

/**
 * The build's cached copy of the model at `abs` (with its inverted weights), when there is one made
 * from the file as it is and this process can read it; else undefined (the JSON is read). `dir` is
 * the cache folder (tests give another).
 */
export function readBuiltModel(abs: string, display: string, dir = MODEL_CACHE_DIR): ModelSource | undefined {
  const file = modelCacheFile(abs, dir);
  if (!existsSync(file)) return undefined;
  let bytes: Buffer;
  try {
    bytes = sharedBytes(file) ?? readFileSync(file);
  } catch {
    // A copy this user may not read (an install built under another umask), or not a file: the JSON is read.
    return undefined;
  }
  const found = modelFromCache(bytes, abs);
  return found && { ...found, file: display };
}

/**
 * A cache file's bytes as the threads of one run share them: a SharedArrayBuffer of the file's size
 * (its pages untouched, so costing no memory, until a thread fills it) and a state word (EMPTY,
 * LOADING, READY or FAILED). The first thread that needs the model reads the file into it; the others
 * wait for it and make their views of the same memory, so N threads hold one copy of the weights.
 */
export interface SharedModelBytes {
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

/** This thread's shared cache files, by path. */
const sharedFiles = new Map<string, SharedModelBytes>();

/**
 * Shared slots for every cache file in `dir` (registered in this thread too), to hand to worker
 * threads, which adopt them with adoptSharedModels. Empty when there is no cache folder.
 */
export function shareBuiltModels(dir = MODEL_CACHE_DIR): SharedModelBytes[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  } catch {
    return [];
  }
  const slots: SharedModelBytes[] = [];
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

/** Registers in this thread (a worker) the shared slots the thread that started it made (see shareBuiltModels). */
export function adoptSharedModels(slots: readonly SharedModelBytes[] | undefined): void {
  for (const slot of slots ?? []) sharedFiles.set(slot.file, slot);
}

/**
 * The bytes of cache file `file` in its shared slot, read into it by this thread if no thread has
 * yet (others wait meanwhile); undefined when it has no slot, the file changed since the slot was
 * made, or reading it failed (the caller reads the file itself).
 */
function sharedBytes(file: string): Buffer | undefined {
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
