// The language detector (eld's "small" n-gram database), loaded from a JSON copy of its data that the build makes: half the time and memory of compiling eld's data module.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What qeval asks of a detector: eld's `detect` (ISO 639-1 code, per-language scores, reliability). */
export interface LanguageDetector {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
}

/** dist/eld-cache/ when running the build; a folder that does not exist under a TypeScript test runner. */
export const ELD_CACHE_DIR = fileURLToPath(new URL('../eld-cache/', import.meta.url));
const CACHE_FILE = 'small.json';

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

/**
 * The build step: eld's small n-gram database as JSON text, with the eld version and module size
 * it was made from (`{ source, data }`). The data is eld's own object, unchanged, so a detector loaded
 * from it detects exactly as `eld/small` does.
 */
export async function eldDatabaseJson(): Promise<string> {
  const folder = eldFolder();
  const { ngramsData } = (await import(pathToFileURL(path.join(folder, 'src', 'ngrams', 'small.js')).href)) as { ngramsData: unknown };
  return JSON.stringify({ source: eldSource(folder), data: ngramsData });
}

let loading: Promise<LanguageDetector> | undefined;

/**
 * The detector, loaded once per thread: eld (github.com/nitotm/efficient-language-detector-js) with
 * its small database. Built from the build's JSON copy of the database when it is there and was made
 * from the installed eld (parsing JSON takes about half the time and memory of compiling eld's data
 * module, which every worker thread would pay); otherwise eld's `small` entry as published. The two
 * detect alike: same database, same eld code.
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
  return existsSync(file) ? detectorFromDatabase(readFileSync(file, 'utf8')) : undefined;
}

/**
 * A detector built by eld's own constructor (createEld, which eld's entries call with their
 * database) from what eldDatabaseJson made; undefined when the text is damaged or was made from
 * another eld than the one installed.
 */
export async function detectorFromDatabase(json: string): Promise<LanguageDetector | undefined> {
  const folder = eldFolder();
  let cached: { source?: { version: string; size: number }; data?: unknown };
  try {
    cached = JSON.parse(json) as typeof cached;
  } catch {
    return undefined;
  }
  const source = eldSource(folder);
  if (!cached.source || cached.source.version !== source.version || cached.source.size !== source.size || !cached.data) return undefined;
  const { createEld } = (await import(pathToFileURL(path.join(folder, 'src', 'languageDetector.js')).href)) as {
    createEld: () => { instance: LanguageDetector; loadData: (data: unknown) => unknown };
  };
  const { instance, loadData } = createEld();
  return loadData(cached.data) ? instance : undefined;
}
