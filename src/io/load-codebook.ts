// Reads a codebook file from disk (the edge around the pure parser).
import { readFile } from 'node:fs/promises';
import { parseCodebook } from '../codebook/load.js';
import type { Codebook } from '../codebook/types.js';
import { QevalError } from '../model/errors.js';
import { decodeBytes } from './decode.js';
import { readBuiltCodebook } from './codebook-cache.js';
import { noteInputFile } from './write.js';

export async function loadCodebookFile(path: string, displayName = path): Promise<Codebook> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new QevalError('CODEBOOK_UNREADABLE', code === 'ENOENT' ? 'codebook not found; check the path' : `cannot read codebook (${code})`, { file: displayName });
  }
  noteInputFile(path);
  const built = readBuiltCodebook(path, bytes, displayName);
  if (built) return built;
  const { text } = decodeBytes(bytes, displayName);
  return parseCodebook(text, displayName);
}
