// Renders every output of the fixture study, as `qeval report` and `qeval swot` would, into memory.
import { aggregateStudy, aggregateSwot } from '../../src/aggregate/study.js';
import type { AggregateInput } from '../../src/aggregate/types.js';
import { reportFiles, swotFiles, type OutputFile } from '../../src/report/files.js';
import type { Lang } from '../../src/report/i18n.js';
import { renderSwotGrid } from '../../src/report/swot.js';
import { makeCtx } from '../../src/report/context.js';
import { areaLabel, findingSentence, findingTemplate } from '../../src/report/findings.js';
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
    { path: 'findings.txt', data: findingsText(lang, reports) },
  ];
}

/** Every key finding of every organization as the report words it, with its template and the quotes it cites (document:line). */
function findingsText(lang: Lang, reports: ReturnType<typeof aggregateStudy>): string {
  const ctx = makeCtx({ lang, codebook: fixtureCodebook(lang) });
  return reports.organizations
    .map((r) => [`# ${r.organization}`, ...r.findings.map((f) => `[${areaLabel(ctx, f.area)}] ${findingSentence(ctx, f)}  <${findingTemplate(f)}> ${f.quotes.map((q) => `${q.document}:${q.line}`).join(' ')}`.trimEnd())].join('\n'))
    .join('\n\n') + '\n';
}
