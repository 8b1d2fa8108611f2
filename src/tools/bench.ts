// Throughput benchmark: codes the sample interviews replicated to a large corpus, rules alone and rules + model, and prints figures.
// Usage: npm run bench [-- <copies>]   (default 40 copies of every sample interview and document)
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadCodebookFile } from '../io/load-codebook.js';
import { loadModels } from '../io/load-model.js';
import { readDocuments } from '../io/read-documents.js';
import { CodebookSet } from '../engine/code-many.js';
import type { SourceDocument } from '../model/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const copies = Number(process.argv[2] ?? 40);
const book = await loadCodebookFile(path.join(root, 'codebooks/swot.yaml'));
const t0 = performance.now();
const rules = new CodebookSet([book]);
const compileMs = performance.now() - t0;
const t0m = performance.now();
const withModel = new CodebookSet([book], await loadModels(root, [book], undefined));
const modelMs = performance.now() - t0m;
const base = (await readDocuments(['samples/interviews', 'samples/documents'], { cwd: root })).filter((d) => d.attributes.language !== 'lt');
const corpus: SourceDocument[] = [];
for (let i = 0; i < copies; i++) for (const d of base) corpus.push({ ...d, id: `${i}/${d.id}` });
const bytes = corpus.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
const words = corpus.reduce((n, d) => n + (d.text.match(/\S+/g)?.length ?? 0), 0);
const mb = bytes / 1024 / 1024;
const compiled = rules.compiled[0]!;

const lines = [
  `codebook: ${book.codes.length} codes, ${compiled.rules.length} rules, ${compiled.terms.length} distinct terms; compiled in ${compileMs.toFixed(1)} ms; with its model loaded in ${modelMs.toFixed(1)} ms`,
  `corpus: ${corpus.length} documents (${copies} copies of ${base.length}), ${mb.toFixed(1)} MiB, ${words.toLocaleString('en')} words`,
];
for (const [label, set] of [['rules alone', rules], ['rules + model', withModel]] as const) {
  set.codeOne(base[0]!); // warm-up
  const t1 = performance.now();
  let segments = 0;
  for (const d of corpus) segments += set.codeOne(d).length;
  const ms = performance.now() - t1;
  lines.push(`${label}: ${segments.toLocaleString('en')} segments in ${(ms / 1000).toFixed(2)} s; ${(mb / (ms / 1000)).toFixed(2)} MiB/s, ${Math.round(words / (ms / 1000)).toLocaleString('en')} words/s, ${(ms / corpus.length).toFixed(2)} ms/document`);
}
lines.push(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`, '');
process.stdout.write(lines.join('\n'));
