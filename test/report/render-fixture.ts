// Renders every output of the fixture study, as `qeval report` and `qeval swot` would, into memory.
import { aggregateStudy, aggregateSwot } from '../../src/aggregate/study.js';
import type { AggregateInput } from '../../src/aggregate/types.js';
import { reportFiles, swotFiles, type OutputFile } from '../../src/report/files.js';
import type { Lang } from '../../src/report/i18n.js';
import { renderSwotGrid } from '../../src/report/swot.js';
import { fixtureCodebook, fixtureInput } from './fixtures/study.js';

export const LANGS: Lang[] = ['en', 'lt'];

/** Every file for one language, paths relative to the language folder. */
export function renderFixture(lang: Lang, input: AggregateInput = fixtureInput('en')): OutputFile[] {
  const codebook = fixtureCodebook(lang);
  const reports = aggregateStudy(input, { top: 3 });
  const view = aggregateSwot(input, { top: 3, by: 'organization' });
  const names = new Map((input.organizations ?? []).map((o) => [o.id, o.attributes.name ?? o.id]));
  return [
    ...reportFiles(reports, { lang, codebook }),
    ...swotFiles(view, { lang, codebook, names }),
    { path: 'swot-grid.txt', data: renderSwotGrid(view, { lang, codebook, names, color: false, width: 100 }) },
  ];
}
