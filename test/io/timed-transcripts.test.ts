// Timed text transcripts: every label-and-time form the transcript reader accepts gives each turn its start time, cited with quotes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../src/io/read-documents.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { evidence } from '../aggregate/helpers.js';
import { quotesFor } from '../../src/aggregate/quotes.js';
import { citation, makeCtx } from '../../src/report/context.js';
import { fixtureCodebook } from '../report/fixtures/study.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qeval-timed-'));
const book = compileCodebook(await loadCodebookFile('test/cases/small-codebook.yaml'));

async function timesOf(name: string, text: string): Promise<[string | null, string, string | undefined][]> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const [doc] = await readDocuments([file], { cwd: dir });
  return codeDocument(book, doc!).map((s) => [s.speaker, s.code, s.time]);
}

// Each form: the interviewer asks at 0:01 and 1:00 (not coded), Anna answers at 0:05 about the police, Tomas at 1:10 about funding.
const TURNS: [string, string, string][] = [['Interviewer', '0:01', 'What about the police?'], ['Anna', '0:05', 'The police call us.'], ['Interviewer', '1:00', 'And money?'], ['Tomas', '1:10', 'Funding is late.']];
const FORMS: [string, (who: string, time: string, words: string) => string][] = [
  ['label and time on their own line', (w, t, x) => `${w}  ${t}\n${x}\n\n`],
  ['time then label on their own line', (w, t, x) => `00:0${t} ${w}\n${x}\n\n`],
  ['bracketed time before the label', (w, t, x) => `[${t}] ${w}: ${x}\n`],
  ['time and dash before the label', (w, t, x) => `${t} - ${w}: ${x}\n`],
  ['parenthesized time before the label', (w, t, x) => `(${t}) ${w}: ${x}\n`],
  ['bracketed time after the label', (w, t, x) => `${w} [${t}]: ${x}\n`],
  ['parenthesized time after the label', (w, t, x) => `${w} (${t}): ${x}\n`],
  ['time after the colon', (w, t, x) => `${w}: [${t}] ${x}\n`],
  ['bold label with its time', (w, t, x) => `**${w} [${t}]:** ${x}\n`],
  ['time and label alone on a line with a colon', (w, t, x) => `[${t}] ${w}:\n${x}\n\n`],
];

describe('start times of the turns of a timed text transcript', () => {
  it.each(FORMS)('%s', async (form, line) => {
    const times = await timesOf(`${form.replace(/\W+/g, '-')}.txt`, TURNS.map(([w, t, x]) => line(w, t, x)).join(''));
    // Every written form is cited as hh:mm:ss, as subtitle cues are.
    expect(times).toEqual([['Anna', 'police', '00:00:05'], ['Tomas', 'funding', '00:01:10']]);
  });

  it('a turn whose label has no time does not borrow the time of the turn before', async () => {
    const times = await timesOf('untimed-turn.txt', '[0:01] Interviewer: Why?\n[0:05] Anna: The police call us.\n[0:20] Interviewer: Yes.\nAnna: Funding is late.\n');
    expect(times).toEqual([['Anna', 'police', '00:00:05'], ['Anna', 'funding', undefined]]);
  });

  it('a document that is not a transcript gets no times from clock times in its text', async () => {
    const times = await timesOf('minutes.txt', 'At 10:30 the police came.\nNote: at 12:30 we heard the funding is late.\n');
    expect(times.every(([, , time]) => time === undefined)).toBe(true);
  });

  it('quotes cite the turn\'s start time', async () => {
    const file = path.join(dir, 'cited.txt');
    writeFileSync(file, 'Interviewer [0:01]: Why?\nAnna [0:05]: The police call us.\nInterviewer [1:00]: And?\nTomas [1:10]: The police never came.\n');
    const [doc] = await readDocuments([file], { cwd: dir });
    const segments = codeDocument(book, doc!).map((s) => ({ ...s, code: 'strength.trust' }));
    const quotes = quotesFor(evidence(segments), 'strength.trust', 5);
    const ctx = makeCtx({ lang: 'en', codebook: fixtureCodebook('en') });
    expect(quotes.map((q) => citation(ctx, q))).toEqual(['cited.txt, line 2, at 00:00:05, speaker Anna', 'cited.txt, line 4, at 00:01:10, speaker Tomas']);
  });
});

describe('start times in a Word transcript', () => {
  it('gives each turn the time written with its bold label', async () => {
    const { makeDocx, para, run } = await import('./make-office.js');
    const file = path.join(dir, 'meeting.docx');
    writeFileSync(file, makeDocx(TURNS.map(([w, t, x]) => para(run(`${w} [${t}]:`, true) + run(` ${x}`))).join('')));
    const [doc] = await readDocuments([file], { cwd: dir });
    expect(codeDocument(book, doc!).map((s) => [s.speaker, s.code, s.time])).toEqual([['Anna', 'police', '00:00:05'], ['Tomas', 'funding', '00:01:10']]);
  });
});
