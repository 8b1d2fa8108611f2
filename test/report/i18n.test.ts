// The message table: both languages complete, same placeholders, Lithuanian with its letters; reports use it.
import { expect, test } from 'vitest';
import { MESSAGES, t, translateValue, type MessageKey } from '../../src/report/i18n.js';
import { renderFixture } from './render-fixture.js';

const keys = Object.keys(MESSAGES.en) as MessageKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every message exists in both languages with the same placeholders', () => {
  expect(Object.keys(MESSAGES.lt).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    expect(MESSAGES.lt[key].trim(), key).not.toBe('');
    expect(placeholders(MESSAGES.lt[key]), key).toEqual(placeholders(MESSAGES.en[key]));
  }
});

test('Lithuanian chrome is written with Lithuanian letters, not transliterated', () => {
  expect(t('lt', 'quadrant.threat')).toBe('Grėsmės');
  expect(t('lt', 'quadrant.strength')).toBe('Stiprybės');
  expect(t('lt', 'org.barriers')).toBe('Kliūtys aukoms patekti į paslaugas');
  const text = Object.values(MESSAGES.lt).join(' ');
  for (const letter of ['ą', 'č', 'ė', 'į', 'š', 'ų', 'ū', 'ž']) expect(text, letter).toContain(letter);
});

test('respondents\' roles read as words in the report\'s language; a role it does not know is shown as written', () => {
  expect(translateValue('lt', 'social_worker')).toBe('socialinis darbuotojas');
  expect(translateValue('en', 'social_worker')).toBe('social worker');
  expect(translateValue('lt', 'head_of_department')).toBe('skyriaus vedėjas');
  expect(translateValue('lt', 'socialinė darbuotoja')).toBe('socialinė darbuotoja');
  expect(translateValue('en', 'midwife')).toBe('midwife');
});

test('t fills placeholders and leaves unknown ones visible', () => {
  expect(t('en', 'org.title', { name: 'Atrama' })).toBe('Atrama: evaluation report');
  expect(t('lt', 'org.title', { name: 'Atrama' })).toBe('Atrama: vertinimo ataskaita');
  expect(t('en', 'org.title')).toBe('{name}: evaluation report');
});

test('plural placeholders take the form of the number\'s plural category in each language', () => {
  expect([1, 2, 5, 11, 21].map((n) => t('en', 'find.thin', { segments: n, documents: n }).split('.')[0])).toEqual([
    'Little evidence: this report rests on 1 coded statement from 1 source',
    'Little evidence: this report rests on 2 coded statements from 2 sources',
    'Little evidence: this report rests on 5 coded statements from 5 sources',
    'Little evidence: this report rests on 11 coded statements from 11 sources',
    'Little evidence: this report rests on 21 coded statements from 21 sources',
  ]);
  // Lithuanian: 1 and 21 singular, 2-9 plural, 10-20 the genitive plural.
  expect([1, 3, 12, 21].map((n) => t('lt', 'find.thin', { segments: n, documents: n }).split('. ')[0])).toEqual([
    'Mažai įrodymų: ši ataskaita remiasi 1 užkoduotu teiginiu iš 1 šaltinio',
    'Mažai įrodymų: ši ataskaita remiasi 3 užkoduotais teiginiais iš 3 šaltinių',
    'Mažai įrodymų: ši ataskaita remiasi 12 užkoduotų teiginių iš 12 šaltinių',
    'Mažai įrodymų: ši ataskaita remiasi 21 užkoduotu teiginiu iš 21 šaltinio',
  ]);
  expect(t('en', 'find.from.mixed', { respondents: 1, texts: 2, documents: 3 })).toBe('from 1 respondent and 2 documents without speakers (3 sources)');
});

test('numbers with decimals are written as the report\'s language writes them, and common document kinds are translated', async () => {
  const { decimal } = await import('../../src/report/context.js');
  expect([decimal({ lang: 'en' }, 0.2249, 2), decimal({ lang: 'lt' }, 0.2249, 2), decimal({ lang: 'lt' }, 61.06, 1)]).toEqual(['0.22', '0,22', '61,1']);
  expect(['application', 'report', 'minutes', 'focus_group'].map((k) => translateValue('lt', k))).toEqual(['paraiška', 'ataskaita', 'protokolas', 'fokus grupė']);
});

test('the main report\'s method line says how many segments the model alone gave with low confidence, and says nothing of it when none', async () => {
  const { methodShort } = await import('../../src/report/organization.js');
  const { makeCtx } = await import('../../src/report/context.js');
  const { fixtureCodebook } = await import('./fixtures/study.js');
  const method = { codebooks: [{ name: 'b', version: '1', language: 'en' }], models: [], unit: 'sentence' as const, groupBy: 'organization', documents: 2, segments: 40, units: 30, coders: [], methods: [], lowConfidence: 10, ungrouped: 0, top: 3, qevalVersion: '0.1.0' };
  const text = (m: typeof method, lang: 'en' | 'lt') => JSON.stringify(methodShort(makeCtx({ lang, codebook: fixtureCodebook(lang) }), m));
  expect(text(method, 'en')).toContain('40 segments in 30 units; 10 of the segments (25%) come from the model alone with low confidence (p below 0.5)');
  expect(text(method, 'lt')).toContain('10 segmentų (25 %) – tik modelio ir mažo patikimumo');
  expect(text({ ...method, lowConfidence: 0 }, 'en')).toContain('40 segments in 30 units; qeval 0.1.0');
});

test('the SWOT grid marks a catch-all sub-theme as such, after the named ones', async () => {
  const { swotGridBlock } = await import('../../src/report/organization.js');
  const { makeCtx } = await import('../../src/report/context.js');
  const { readFileSync } = await import('node:fs');
  const { parseCodebook } = await import('../../src/codebook/load.js');
  const codebook = parseCodebook(readFileSync('codebooks/swot.yaml', 'utf8'));
  const theme = (code: string, count: number) => ({ code, count, documents: 1, quotes: [] });
  const grid = { group: null, segments: 9, documents: 1, quadrants: [{ quadrant: 'strength' as const, codes: ['strength'], count: 9, themes: [theme('strength.practice', 6), theme('strength.trust', 3)] }] };
  const block = JSON.stringify(swotGridBlock(makeCtx({ lang: 'en', codebook }), grid as unknown as Parameters<typeof swotGridBlock>[1], 2));
  expect(block.indexOf('Trust')).toBeLessThan(block.indexOf('Practice that works (all other kinds)'));
  expect(block).not.toContain('Trust (all other kinds)');
});

test('a survey answer is cited with its question, an interview quote with its speaker', async () => {
  const { citation, makeCtx } = await import('../../src/report/context.js');
  const { fixtureCodebook } = await import('./fixtures/study.js');
  const quote = { document: 'survey.csv#S04', line: 5, speaker: 'partners_comment', role: null, codes: [], strength: { confidence: null } } as unknown as Parameters<typeof citation>[1];
  expect(citation(makeCtx({ lang: 'en', codebook: fixtureCodebook('en') }), quote)).toBe('survey.csv#S04, line 5, question partners_comment');
  expect(citation(makeCtx({ lang: 'lt', codebook: fixtureCodebook('lt') }), quote)).toContain('klausimas: partners_comment');
  expect(citation(makeCtx({ lang: 'en', codebook: fixtureCodebook('en') }), { ...quote, document: 'interviews/a.md' })).toBe('interviews/a.md, line 5, speaker partners_comment');
});

test('names that hold a comma are listed with semicolons, so that one organization does not read as two', async () => {
  const { listOfNames } = await import('../../src/report/summary.js');
  expect(listOfNames(['Atrama', 'Namų Šviesa'])).toBe('Atrama, Namų Šviesa');
  expect(listOfNames(['Ministry of Social Security and Labour, Social Integration Division', 'Namų Šviesa'])).toBe('Ministry of Social Security and Labour, Social Integration Division; Namų Šviesa');
});

test('a finding\'s statements are said to come from respondents, from documents without speakers, or from both', async () => {
  const { findingSentence } = await import('../../src/report/findings.js');
  const { makeCtx } = await import('../../src/report/context.js');
  const { fixtureCodebook } = await import('./fixtures/study.js');
  const ctx = makeCtx({ lang: 'en', codebook: fixtureCodebook('en') });
  const finding = (respondents: number, texts: number) => findingSentence(ctx, { area: 'weakness', key: 'swot.lead', strength: 'several-sources', lowConfidence: false, quotes: [], params: { code: 'weakness.resources', statements: 3, documents: 2, respondents, texts } });
  expect(finding(2, 0)).toContain('3 statements from 2 respondents in 2 sources');
  expect(finding(1, 1)).toContain('3 statements from 1 respondent and 1 document without speakers (2 sources)');
  expect(finding(0, 2)).toContain('3 statements from 2 sources without speakers');
});

test('a Lithuanian report has Lithuanian headings and labels from the Lithuanian codebook', () => {
  const lt = renderFixture('lt');
  const md = lt.find((f) => f.path === 'organizations/alpha.md')?.data ?? '';
  const html = lt.find((f) => f.path === 'organizations/alpha.html')?.data ?? '';
  expect(md).toContain('## Stiprybės, silpnybės, galimybės ir grėsmės');
  expect(md).toContain('Pasitikėjimas'); // strength.trust in codebook.lt.yaml
  expect(md).toContain('Sukurti nukreipimo su policija tvarką.'); // not triggered: listed in Lithuanian
  expect(html).toContain('<html lang="lt">');
  for (const english of ['Strengths', 'Weaknesses', 'Recommendations', 'Method appendix', 'Networking', 'Trust (']) {
    expect(md, english).not.toContain(english);
  }
  const grid = lt.find((f) => f.path === 'swot-grid.txt')?.data ?? '';
  expect(grid).toContain('SSGG suvestinė');
});

test('a Lithuanian report names a woman\'s role in its feminine form when the document says so; other reports and unknown genders keep the one form', async () => {
  const { translateRole, isFemale } = await import('../../src/report/i18n.js');
  expect(translateRole('lt', 'director', 'f')).toBe('direktorė');
  expect(translateRole('lt', 'social_worker', 'Moteris')).toBe('socialinė darbuotoja');
  expect(translateRole('lt', 'Project administrator', 'female')).toBe('projekto administratorė');
  expect(translateRole('lt', 'director', undefined)).toBe('direktorius');
  expect(translateRole('lt', 'director', 'm')).toBe('direktorius');
  expect(translateRole('en', 'director', 'f')).toBe('director');
  // A role with no known feminine form is translated as it is.
  expect(translateRole('lt', 'nurse', 'f')).toBe('nurse');
  expect(['f', 'F', 'female', 'woman', 'moteris', 'mot.'].every(isFemale)).toBe(true);
  expect(['m', 'male', 'vyras', '', 'x'].some(isFemale)).toBe(false);
  // Values written as words (a survey's "project administrator") find their translation like ids.
  expect(translateValue('lt', 'project administrator')).toBe('projekto administratorius');
});

test('an organization\'s respondents list a role written two ways once, counted together, in the form its respondents\' genders call for', async () => {
  const { aggregateStudy } = await import('../../src/aggregate/study.js');
  const { renderOrganizationMarkdown } = await import('../../src/report/organization.js');
  const { fixtureCodebook, fixtureInput } = await import('./fixtures/study.js');
  const input = fixtureInput('lt');
  const extra = [
    { id: 'interviews/alpha-d1.md', attributes: { organization: 'alpha', role: 'Director', gender: 'f', kind: 'interview', language: 'lt' } },
    { id: 'interviews/alpha-d2.md', attributes: { organization: 'alpha', role: 'director', gender: 'female', kind: 'interview', language: 'lt' } },
  ];
  const reports = aggregateStudy({ ...input, documents: [...input.documents, ...extra] }, { top: 3 });
  const alpha = reports.organizations.find((o) => o.organization === 'alpha')!;
  const md = renderOrganizationMarkdown(alpha, { lang: 'lt', codebook: fixtureCodebook('lt') });
  const line = /respondentai: ([^.]*)\./.exec(md)?.[1] ?? '';
  // The fixture's own director gives no gender: one masculine, two feminine, never "Director" untranslated.
  expect(line).toMatch(/^direktorė \(2\), direktorius, /);
  expect(line).not.toMatch(/direktorė, direktorė|Director/);
});

test('a SWOT grouped by role or kind heads each group with the value in the report\'s words', async () => {
  const { groupTitle, makeCtx } = await import('../../src/report/context.js');
  const { fixtureCodebook } = await import('./fixtures/study.js');
  const lt = makeCtx({ lang: 'lt', codebook: fixtureCodebook('lt') });
  expect(groupTitle(lt, { attribute: 'role', value: 'social_worker' })).toContain('socialinis darbuotojas');
  expect(groupTitle(lt, { attribute: 'kind', value: 'interview' })).toContain('interviu');
  // Other attributes' values are names: kept as they are.
  expect(groupTitle(lt, { attribute: 'organization', value: 'interview' })).toContain('interview');
});
