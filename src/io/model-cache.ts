// Bundled models in a binary form made once at build time (npm run build), beside the compiled code, and used while their JSON file is unchanged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSource } from '../engine/code-many.js';
import type { TrainedModel } from '../learn/model.js';
import { invertWeights, scoringWeights, type InvertedWeights } from '../learn/model-coder.js';
import { sharedFileBytes } from './shared-files.js';

/** dist/model-cache/ when running the build; a folder that does not exist under a TypeScript test runner. */
export const MODEL_CACHE_DIR = fileURLToPath(new URL('../model-cache/', import.meta.url));

const MAGIC = 'QEVALMC3';
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
  /** The lengths of the weights laid out for scoring, one per group of codes (scoringWeights). */
  tables: number[];
}

const stampOf = (abs: string): SourceStamp => {
  const st = statSync(abs);
  return { path: path.resolve(abs), size: st.size, mtimeMs: st.mtimeMs };
};

/**
 * A validated model in the cache's binary form, tied to the file at `abs` by its path, size and
 * modification time: `QEVALMC3`, a 32-bit little-endian header length, the header (JSON: the model
 * without vocabulary and weights), the vocabulary (UTF-8, joined by U+0000), padding to 8 bytes, then
 * the weights inverted by feature (invertWeights) with `weight` as 64-bit floats, the same weights
 * laid out for scoring (scoringWeights: one run of 64-bit floats per group of codes), then the
 * inverted weights' `start` and `weightCode` as 32-bit integers, all in this machine's byte order.
 * The weights are the file's numbers exactly (doubles both ways). Undefined when a feature name holds U+0000 (such a model is read from
 * its JSON).
 */
export function modelToCache(model: TrainedModel, abs: string): Buffer | undefined {
  if (model.vocabulary.some((f) => f.includes(SEPARATOR))) return undefined;
  const inverted = invertWeights(model);
  const tables = scoringWeights(Object.keys(model.codes), inverted);
  const vocabulary = Buffer.from(model.vocabulary.join(SEPARATOR), 'utf8');
  const rest: Partial<TrainedModel> = { ...model };
  delete rest.vocabulary;
  const header: Header = {
    source: stampOf(abs),
    model: { ...(rest as Omit<TrainedModel, 'vocabulary'>), codes: Object.fromEntries(Object.entries(model.codes).map(([code, c]) => [code, { ...c, weights: [] }])) },
    vocabularyBytes: vocabulary.length,
    weights: inverted.weight.length,
    tables: tables.map((t) => t.length),
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const before = MAGIC.length + 4 + head.length + vocabulary.length;
  const bytesOf = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, head, vocabulary, Buffer.alloc((8 - (before % 8)) % 8), bytesOf(inverted.weight), ...tables.map(bytesOf), bytesOf(inverted.start), bytesOf(inverted.weightCode)]);
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
    const tableLengths = header.tables;
    if (!Array.isArray(tableLengths)) return undefined;
    const tableFloats = tableLengths.reduce((a, b) => a + b, 0);
    if (at + n * 8 + tableFloats * 8 + (vocabulary.length + 1) * 4 + n * 4 !== bytes.length) return undefined;
    const view = <T>(Kind: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
      const offset = bytes.byteOffset + at;
      at += length * Kind.BYTES_PER_ELEMENT;
      return offset % Kind.BYTES_PER_ELEMENT === 0 ? new Kind(bytes.buffer, offset, length) : new Kind(bytes.buffer.slice(offset, offset + length * Kind.BYTES_PER_ELEMENT), 0, length);
    };
    const weight = view(Float64Array, n);
    const tables = tableLengths.map((length) => view(Float64Array, length));
    const inverted: InvertedWeights = { weight, tables, start: view(Int32Array, vocabulary.length + 1), weightCode: view(Int32Array, n) };
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
    bytes = sharedFileBytes(file) ?? readFileSync(file);
  } catch {
    // A copy this user may not read (an install built under another umask), or not a file: the JSON is read.
    return undefined;
  }
  const found = modelFromCache(bytes, abs);
  return found && { ...found, file: display };
}
