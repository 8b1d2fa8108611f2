// Build step (npm run build): parses and validates the bundled codebooks once and stores them as JSON in dist/codebook-cache/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCodebook } from '../codebook/load.js';
import { decodeBytes } from '../io/decode.js';
import { CODEBOOK_CACHE_DIR, codebookToCache } from '../io/codebook-cache.js';

const bundled = fileURLToPath(new URL('../../codebooks/', import.meta.url));
mkdirSync(CODEBOOK_CACHE_DIR, { recursive: true });
for (const name of ['swot.yaml', 'swot.lt.yaml']) {
  const bytes = readFileSync(path.join(bundled, name));
  const book = parseCodebook(decodeBytes(bytes, name).text, name);
  writeFileSync(path.join(CODEBOOK_CACHE_DIR, `${name}.json`), codebookToCache(book, bytes));
}
