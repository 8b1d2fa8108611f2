// The language detector (eld's "small" n-gram database), its database packed by the build into flat arrays the threads of a run share.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sharedFileBytes } from './shared-files.js';

/** What qeval asks of a detector: eld's `detect` (ISO 639-1 code, per-language scores, reliability). */
export interface LanguageDetector {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
}

/** dist/eld-cache/ when running the build; a folder that does not exist under a TypeScript test runner. */
export const ELD_CACHE_DIR = fileURLToPath(new URL('../eld-cache/', import.meta.url));
const CACHE_FILE = 'small.bin';
const MAGIC = 'QEVALELD1';

/** eld's own files: its package folder, found the way Node finds the package. */
function eldFolder(): string {
  // eld exports only its entries: src/entries/static.small.js, two folders below the package's.
  return path.resolve(path.dirname(fileURLToPath(import.meta.resolve('eld/small'))), '..', '..');
}

/** The installed eld's version and the size of its small database module, which a cached copy must match. */
function eldSource(folder: string): { version: string; size: number } {
  const { version } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string };
  return { version, size: statSync(path.join(folder, 'src', 'ngrams', 'small.js')).size };
}

/** eld's database as its data module exports it: n-grams (strings of eld's byte characters) to scores by language index. */
export interface EldData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

interface Header {
  source: { version: string; size: number };
  type: string;
  languages: Record<string, string>;
  /** Number of n-grams, of their UTF-16 code units in all, of (language, score) entries, and of hash slots (a power of 2). */
  keys: number;
  units: number;
  entries: number;
  slots: number;
}

/** FNV-1a over a string's UTF-16 code units (32 bits). */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The build step: eld's small n-gram database (github.com/nitotm/efficient-language-detector-js)
 * packed into one buffer of flat arrays that the threads of a run can share (shared-files.ts),
 * where eld's own object of 81,000 small objects costs each thread some 25 MB of heap and 45 MB
 * while it is parsed. Layout: MAGIC, the header's length (uint32, little-endian), the header (JSON:
 * eld version and data module size it was made from, database type, languages, counts), padding to
 * 4 bytes, then in this machine's byte order `slot` (int32 × slots: an open-addressing hash table of n-gram index + 1, 0 for
 * empty, probed linearly from FNV-1a of the n-gram), `keyStart` and `entryStart` (int32 × keys + 1),
 * `units` (uint16: the n-grams' UTF-16 code units), `language` and `score` (uint8 × entries, each
 * n-gram's languages ascending, as eld's objects list them). Undefined when a score or language
 * index does not fit a byte (then eld's own module is loaded at run time).
 */
export async function eldDatabaseBinary(): Promise<Buffer | undefined> {
  const folder = eldFolder();
  const { ngramsData } = (await import(pathToFileURL(path.join(folder, 'src', 'ngrams', 'small.js')).href)) as { ngramsData: EldData };
  const keys = Object.keys(ngramsData.ngrams);
  const keyStart = new Int32Array(keys.length + 1);
  const entryStart = new Int32Array(keys.length + 1);
  const units: number[] = [];
  const language: number[] = [];
  const score: number[] = [];
  const fitsByte = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;
  let slots = 1;
  while (slots < keys.length * 3) slots *= 2;
  const slot = new Int32Array(slots);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    for (let i = 0; i < key.length; i++) units.push(key.charCodeAt(i));
    keyStart[k + 1] = units.length;
    // eld's objects are keyed by language index, so they list their languages ascending.
    for (const [lang, value] of Object.entries(ngramsData.ngrams[key]!)) {
      const l = Number(lang);
      if (!fitsByte(l) || !fitsByte(value) || String(l) !== lang) return undefined;
      language.push(l);
      score.push(value);
    }
    entryStart[k + 1] = language.length;
    let at = hashOf(key) & (slots - 1);
    while (slot[at] !== 0) at = (at + 1) & (slots - 1);
    slot[at] = k + 1;
  }
  const header: Header = { source: eldSource(folder), type: ngramsData.type, languages: ngramsData.languages, keys: keys.length, units: units.length, entries: language.length, slots };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const before = MAGIC.length + 4 + head.length;
  const bytesOf = (a: Int32Array | Uint16Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'), length, head, Buffer.alloc((4 - (before % 4)) % 4),
    bytesOf(slot), bytesOf(keyStart), bytesOf(entryStart), bytesOf(Uint16Array.from(units)), Buffer.alloc(units.length % 2 === 0 ? 0 : 2),
    bytesOf(Uint8Array.from(language)), bytesOf(Uint8Array.from(score)),
  ]);
}

let loading: Promise<LanguageDetector> | undefined;

/**
 * The detector, loaded once per thread: eld (github.com/nitotm/efficient-language-detector-js) with
 * its small database. Its database is the build's packed copy (eldDatabaseBinary) when it is there
 * and was made from the installed eld, read into memory the run's threads share when a pool shares
 * it (shared-files.ts); otherwise eld's `small` entry as published. The two detect alike: same
 * database, same eld code.
 */
export function languageDetector(): Promise<LanguageDetector> {
  loading ??= loadDetector();
  return loading;
}

async function loadDetector(): Promise<LanguageDetector> {
  const fromCache = await cachedDetector().catch(() => undefined);
  if (fromCache) return fromCache;
  const { eld } = await import('eld/small');
  return eld;
}

async function cachedDetector(): Promise<LanguageDetector | undefined> {
  const file = path.join(ELD_CACHE_DIR, CACHE_FILE);
  if (!existsSync(file)) return undefined;
  return detectorFromDatabase(sharedFileBytes(file) ?? readFileSync(file));
}

/**
 * A detector built by eld's own constructor (createEld, which eld's entries call with their
 * database) from what eldDatabaseBinary made (readEldDatabase), so eld's code runs unchanged.
 * Undefined when the bytes are damaged or were made from another eld than the one installed.
 */
export async function detectorFromDatabase(bytes: Buffer): Promise<LanguageDetector | undefined> {
  const data = readEldDatabase(bytes);
  if (!data) return undefined;
  const { createEld } = (await import(pathToFileURL(path.join(eldFolder(), 'src', 'languageDetector.js')).href)) as {
    createEld: () => { instance: LanguageDetector; loadData: (data: unknown) => unknown };
  };
  const { instance, loadData } = createEld();
  return loadData(data) ? instance : undefined;
}

/**
 * eld's database (as its data module exports it) read from what eldDatabaseBinary made, its
 * `ngrams` a Proxy: reading an n-gram looks it up in the packed arrays (views of `bytes`, copied only
 * when not aligned) and gives a fresh `{ language index: score }` object equal to eld's own, or
 * undefined for a string that is no n-gram of the database. Undefined when the bytes are damaged or
 * were made from another eld than the one installed.
 */
export function readEldDatabase(bytes: Buffer): EldData | undefined {
  let header: Header;
  let at = MAGIC.length + 4;
  try {
    if (bytes.length < at || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const headLength = bytes.readUInt32LE(MAGIC.length);
    header = JSON.parse(bytes.toString('utf8', at, at + headLength)) as Header;
    at += headLength;
  } catch {
    return undefined;
  }
  const source = eldSource(eldFolder());
  if (!header.source || header.source.version !== source.version || header.source.size !== source.size) return undefined;
  at += (4 - (at % 4)) % 4;
  const { keys, units: unitCount, entries, slots } = header;
  const padded = unitCount % 2 === 0 ? unitCount : unitCount + 1;
  if (bytes.length !== at + 4 * (slots + 2 * (keys + 1)) + 2 * padded + 2 * entries) return undefined;
  const view = <T>(Kind: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
    const offset = bytes.byteOffset + at;
    at += length * Kind.BYTES_PER_ELEMENT;
    return offset % Kind.BYTES_PER_ELEMENT === 0 ? new Kind(bytes.buffer, offset, length) : new Kind(bytes.buffer.slice(offset, offset + length * Kind.BYTES_PER_ELEMENT), 0, length);
  };
  const slot = view(Int32Array, slots);
  const keyStart = view(Int32Array, keys + 1);
  const entryStart = view(Int32Array, keys + 1);
  const units = view(Uint16Array, padded);
  const language = view(Uint8Array, entries);
  const score = view(Uint8Array, entries);
  const mask = slots - 1;
  const find = (key: string): number => {
    for (let s = hashOf(key) & mask; slot[s] !== 0; s = (s + 1) & mask) {
      const k = slot[s]! - 1;
      const from = keyStart[k]!;
      if (keyStart[k + 1]! - from !== key.length) continue;
      let i = 0;
      while (i < key.length && units[from + i] === key.charCodeAt(i)) i++;
      if (i === key.length) return k;
    }
    return -1;
  };
  const ngrams = new Proxy({} as EldData['ngrams'], {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const k = find(key);
      if (k < 0) return undefined;
      const scores: Record<string, number> = {};
      for (let e = entryStart[k]!; e < entryStart[k + 1]!; e++) scores[language[e]!] = score[e]!;
      return scores;
    },
  });
  return { type: header.type, languages: header.languages, ngrams };
}
