import { test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { aggregateStudy, aggregateSwot } from '../../src/aggregate/index.js';
import { reportFiles, renderSwotGrid } from '../../src/report/index.js';
import { fixtureInput, fixtureCodebook } from './fixtures/study.js';
test('scratch', () => {
  const input = fixtureInput('en');
  const reports = aggregateStudy(input, {});
  for (const lang of ['en', 'lt'] as const) {
    const files = reportFiles(reports, { lang, codebook: fixtureCodebook(lang) });
    for (const f of files) { const p = `/tmp/rep/${lang}/${f.path}`; mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, f.data); }
  }
  writeFileSync('/tmp/rep/grid.txt', renderSwotGrid(aggregateSwot(input, { by: 'organization' }), { lang: 'en', codebook: fixtureCodebook('en'), color: false, width: 100 }));
  writeFileSync('/tmp/rep/grid-color.txt', renderSwotGrid(aggregateSwot(input, { by: null }), { lang: 'lt', codebook: fixtureCodebook('lt'), color: true, width: 100 }));
});
