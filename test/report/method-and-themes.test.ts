// The method appendix names the trained models that coded the documents; SWOT lists say which statements no sub-code describes.
import { expect, test } from 'vitest';
import { aggregateStudy } from '../../src/aggregate/study.js';
import type { ModelRef } from '../../src/aggregate/types.js';
import { makeCtx } from '../../src/report/context.js';
import { methodRows } from '../../src/report/organization.js';
import { fixtureCodebook, fixtureInput } from './fixtures/study.js';

const en: ModelRef = { file: 'models/swot.en.json', codebook: 'swot', version: '1.1.0', language: 'en', fingerprint: `sha256:${'ab'.repeat(32)}`, coder: 'adjudicated', units: 14151, macroF1: 0.611 };
const lt: ModelRef = { ...en, file: '/elsewhere/swot.lt.json', language: 'lt', units: 12430 };

test('lists the models of the documents\' languages, by file name, training data and cross-validated figure', () => {
  const de: ModelRef = { ...en, file: 'swot.de.json', language: 'de' };
  // The fixture's documents are in English and Lithuanian: a German model coded none of them.
  const reports = aggregateStudy({ ...fixtureInput(), models: [en, lt, de] });
  const row = methodRows(makeCtx({ lang: 'en', codebook: fixtureCodebook('en') }), reports.summary.method, true).find(([k]) => k === 'Trained models')!;
  const line = (m: ModelRef) => `${m.file.split('/').pop()}: swot 1.1.0 (${m.language}), learnt from ${m.units} units coded by adjudicated, training data abababababab, cross-validated macro F1 61.1%`;
  expect(row[1]).toBe(`${line(en)}; ${line(lt)}`);
});

test('says when the codebook\'s rules alone coded the documents', () => {
  const reports = aggregateStudy(fixtureInput());
  const row = methodRows(makeCtx({ lang: 'lt', codebook: fixtureCodebook('lt') }), reports.summary.method, true).find(([k]) => k === 'Apmokyti modeliai')!;
  expect(row[1]).toBe('nėra (tik kodų knygos taisyklės)');
});

test('in SWOT lists, a quadrant code\'s own statements are labelled as not specified, in both languages; a sub-code keeps its label', async () => {
  const { themeLabel, codeLabel } = await import('../../src/report/context.js');
  const en = makeCtx({ lang: 'en', codebook: fixtureCodebook('en') });
  const lt = makeCtx({ lang: 'lt', codebook: fixtureCodebook('lt') });
  expect(themeLabel(en, 'strength')).toBe(`${codeLabel(en, 'strength')}, kind not specified`);
  expect(themeLabel(lt, 'strength')).toBe(`${codeLabel(lt, 'strength')}, rūšis nenurodyta`);
  expect(themeLabel(en, 'strength.trust')).toBe(codeLabel(en, 'strength.trust'));
});
