// Shared failing-input cases, surveys: each file's stated right result (see test/cases/README.md).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { sliceCodePoints } from '../../src/engine/positions.js';

async function code(file: string) {
  const compiled = compileCodebook(await loadCodebookFile('test/cases/small-codebook.yaml'));
  const docs = await readDocuments([`test/cases/surveys/${file}`], { cwd: process.cwd() });
  return { docs, segments: docs.flatMap((d) => codeDocument(compiled, d)) };
}

describe('surveys/three-header-rows.csv', () => {
  it('skips the question-text and import-id rows, takes ResponseId as the id and the questions as labels', async () => {
    const { docs, segments } = await code('three-header-rows.csv');
    expect(docs.map((d) => d.id)).toEqual(['test/cases/surveys/three-header-rows.csv#R_1abcDEF', 'test/cases/surveys/three-header-rows.csv#R_2ghiJKL']);
    expect(docs[0]!.attributes).toMatchObject({ respondent: 'R_1abcDEF', Status: 'IP Address', Finished: 'True' });
    expect(segments.map((s) => [s.document.split('#')[1], s.code, s.speaker, s.line])).toEqual([
      ['R_1abcDEF', 'police', 'What works well in your cooperation with the police?', 4],
      ['R_1abcDEF', 'funding', 'What are the main problems with funding for your project?', 4],
      ['R_1abcDEF', 'trust', 'Anything else you would like to add about trust?', 4],
      ['R_2ghiJKL', 'police', 'What works well in your cooperation with the police?', 5],
      ['R_2ghiJKL', 'funding', 'What are the main problems with funding for your project?', 5],
    ]);
  });
  it('cites the answer where it stands in the CSV file: offsets and line into the file itself', async () => {
    const { segments } = await code('three-header-rows.csv');
    const file = readFileSync('test/cases/surveys/three-header-rows.csv', 'utf8');
    for (const s of segments) {
      expect(sliceCodePoints(file, s.start, s.end)).toBe(s.text);
      expect(file.slice(0, file.indexOf(s.text)).split('\n').length).toBe(s.line);
    }
    // Question texts are never coded as respondents' words.
    expect(segments.some((s) => s.text.includes('?'))).toBe(false);
  });
});

describe('surveys/semicolon-delimited.csv', () => {
  it('detects the ";" delimiter: two respondents, answers coded', async () => {
    const { docs, segments } = await code('semicolon-delimited.csv');
    expect(docs.map((d) => [d.attributes.respondent, d.attributes.organization])).toEqual([['S01', 'atrama'], ['S02', 'namu-sviesa']]);
    expect(segments.map((s) => [s.document.split('#')[1], s.code, s.speaker, s.text])).toEqual([
      ['S01', 'trust', 'strengths', 'We trust the team, and the women trust us.'],
      ['S01', 'funding', 'weaknesses', 'Funding arrives late every year and we start from zero.'],
      ['S02', 'police', 'weaknesses', 'The police rarely answer our calls on weekends'],
    ]);
  });
});
