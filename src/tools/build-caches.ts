// Build step (npm run build): parses and validates the bundled codebooks once and stores them as JSON in dist/codebook-cache/; stores the bundled models in binary form in dist/model-cache/ and eld's language database packed in flat arrays in dist/eld-cache/.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCodebook } from '../codebook/load.js';
import { decodeBytes } from '../io/decode.js';
import { CODEBOOK_CACHE_DIR, codebookToCache } from '../io/codebook-cache.js';
import { MODEL_CACHE_DIR, modelCacheFile, modelToCache } from '../io/model-cache.js';
import { loadModelFile } from '../io/load-model.js';
import { ELD_CACHE_DIR, eldDatabaseBinary } from '../io/language-detector.js';

const bundled = fileURLToPath(new URL('../../codebooks/', import.meta.url));
mkdirSync(CODEBOOK_CACHE_DIR, { recursive: true });
for (const name of ['swot.yaml', 'swot.lt.yaml']) {
  const bytes = readFileSync(path.join(bundled, name));
  const book = parseCodebook(decodeBytes(bytes, name).text, name);
  writeFileSync(path.join(CODEBOOK_CACHE_DIR, `${name}.json`), codebookToCache(book, bytes));
}

const models = fileURLToPath(new URL('../../models/', import.meta.url));
mkdirSync(MODEL_CACHE_DIR, { recursive: true });
for (const name of ['swot.en.json', 'swot.lt.json']) {
  const abs = path.join(models, name);
  // Read from the JSON (the cached copy of an earlier build is not trusted to make the next one).
  writeFileSync(modelCacheFile(abs), Buffer.alloc(0));
  const { model } = await loadModelFile(abs, name);
  const bytes = modelToCache(model, abs);
  if (bytes) writeFileSync(modelCacheFile(abs), bytes);
}

mkdirSync(ELD_CACHE_DIR, { recursive: true });
rmSync(path.join(ELD_CACHE_DIR, 'small.json'), { force: true });
const eldBytes = await eldDatabaseBinary();
// A database that cannot be packed: eld's own module is loaded at run time.
if (eldBytes) writeFileSync(path.join(ELD_CACHE_DIR, 'small.bin'), eldBytes);
else rmSync(path.join(ELD_CACHE_DIR, 'small.bin'), { force: true });
