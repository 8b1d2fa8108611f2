// Bundled codebooks parsed and validated once at build time (npm run build), stored as JSON beside the compiled code and used while their YAML is unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Codebook } from '../codebook/types.js';
import type { Place } from '../model/errors.js';

/** dist/codebook-cache/ when running the build; a folder that does not exist under a TypeScript test runner. */
export const CODEBOOK_CACHE_DIR = fileURLToPath(new URL('../codebook-cache/', import.meta.url));

interface CachedCodebook {
  /** SHA-256 of the YAML bytes it was parsed from. */
  source: string;
  spec: Codebook['spec'];
  codes: Codebook['codes'];
  places: [string, Place][];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A parsed codebook as the cache stores it (JSON text), tied to the bytes it came from. */
export function codebookToCache(book: Codebook, bytes: Uint8Array): string {
  const cached: CachedCodebook = { source: sha256(bytes), spec: book.spec, codes: book.codes, places: [...book.places] };
  return JSON.stringify(cached);
}

/**
 * The codebook the cache holds for these YAML bytes, named `display` in messages, or undefined when
 * the cache is absent, damaged or was made from other bytes (then the YAML is parsed as usual).
 */
export function codebookFromCache(json: string, bytes: Uint8Array, display: string): Codebook | undefined {
  let cached: CachedCodebook;
  try {
    cached = JSON.parse(json) as CachedCodebook;
  } catch {
    return undefined;
  }
  if (cached.source !== sha256(bytes) || !Array.isArray(cached.codes) || !Array.isArray(cached.places)) return undefined;
  return {
    spec: cached.spec,
    file: display,
    codes: cached.codes,
    byId: new Map(cached.codes.map((c) => [c.id, c])),
    places: new Map(cached.places.map(([k, p]) => [k, { ...p, file: display }])),
  };
}

/** The build's cached copy of the codebook at `abs`, when there is one made from these bytes. */
export function readBuiltCodebook(abs: string, bytes: Uint8Array, display: string): Codebook | undefined {
  const file = path.join(CODEBOOK_CACHE_DIR, `${path.basename(abs)}.json`);
  if (!existsSync(file)) return undefined;
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch {
    // A copy this user may not read (an install built under another umask), or not a file: the YAML is parsed.
    return undefined;
  }
  return codebookFromCache(json, bytes, display);
}
