// Shared failing-input cases, transcripts: each file's stated right result (see test/cases/README.md).
import { describe, expect, it } from 'vitest';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument, type CodeOptions } from '../../src/engine/code.js';
import { segmentSource } from '../../src/text/segment.js';
import type { CodedSegment, SourceDocument } from '../../src/model/types.js';

async function read(file: string): Promise<SourceDocument> {
  const [doc] = await readDocuments([`test/cases/transcripts/${file}`], { cwd: process.cwd() });
  return doc!;
}
async function code(file: string, codebook: string, options: CodeOptions = {}): Promise<{ doc: SourceDocument; segments: CodedSegment[] }> {
  const doc = await read(file);
  return { doc, segments: codeDocument(compileCodebook(await loadCodebookFile(codebook)), doc, options) };
}
const small = 'test/cases/small-codebook.yaml';

describe('transcripts/nbsp-labels-and-phrases.txt with the bundled codebook', () => {
  it('reads no-break spaces as spaces in phrases and after labels', async () => {
    const { doc, segments } = await code('nbsp-labels-and-phrases.txt', 'codebooks/swot.yaml');
    const turns = segmentSource(doc).turn.map((u) => [u.speaker, u.role]);
    expect(turns).toEqual([['Interviewer', 'interviewer'], ['Respondent', 'respondent'], ['Interviewer', 'interviewer'], ['Respondent', 'respondent']]);
    // Both "no follow-up" sentences match, the one written with a no-break space too.
    const followUp = segments.filter((s) => s.matched.some((m) => /^no\s+follow-up$/u.test(m)));
    expect(new Set(followUp.map((s) => s.text))).toEqual(new Set(['There is no follow-up after the case is closed.', 'Honestly, there is no\u00a0follow-up after the case is closed.']));
    // The interviewer's question is not coded; the respondent's "as criminals" (no-break space) is the stereotype.
    expect(segments.filter((s) => s.speaker === 'Interviewer')).toEqual([]);
    const criminals = segments.filter((s) => s.text === 'The police treat the women as\u00a0criminals.');
    expect(criminals.map((s) => s.code).some((c) => c.startsWith('attitudes.stereotype'))).toBe(true);
    for (const s of segments) expect(doc.text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('transcripts/focus-group-consecutive-lines.txt', () => {
  it('makes every labelled line a turn, also a speaker who talks once, and does not code the moderator', async () => {
    const { doc, segments } = await code('focus-group-consecutive-lines.txt', small);
    const turns = segmentSource(doc, { interviewerLabels: ['Moderator'] }).turn;
    expect(turns.map((u) => u.speaker)).toEqual(['Moderator', 'Anna', 'Tomas', 'Moderator', 'Anna', 'Ruta', 'Tomas', 'Moderator']);
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['Anna', 'Tomas', 'Ruta']));
    const ruta = segments.filter((s) => s.speaker === 'Ruta');
    expect(ruta.map((s) => [s.code, s.text])).toEqual([['police', 'In our town the police never call us back.']]);
    expect(segments.find((s) => s.speaker === 'Anna' && s.text.includes('In our town'))).toBeUndefined();
  });
});

describe('transcripts/email-interview-three-lines.txt', () => {
  it('reads the three lines as turns and codes only Maria\'s answer', async () => {
    const { segments } = await code('email-interview-three-lines.txt', small);
    expect(segments.map((s) => [s.speaker, s.code])).toEqual([['Maria', 'funding'], ['Maria', 'funding'], ['Maria', 'police']]);
    expect(segments.map((s) => s.text)).toEqual(['Funding.', 'The funding arrives late and the police never call back.', 'The funding arrives late and the police never call back.']);
    expect(segments.some((s) => s.text.includes('Maria:') || s.text.includes('Interviewer:'))).toBe(false);
  });
});

describe('transcripts/label-and-time-on-own-line.txt', () => {
  it('reads each label-and-time line as a turn of its speaker, the time kept out of the text', async () => {
    const doc = await read('label-and-time-on-own-line.txt');
    const turns = segmentSource(doc).turn;
    expect(turns.map((u) => [u.speaker, doc.text.slice(u.start, u.end)])).toEqual([
      ['Speaker 1', 'What about the police?'], ['Speaker 2', 'The police call us.'], ['Speaker 1', 'And funding?'], ['Speaker 2', 'Funding is late.'],
    ]);
  });
  it('lets --interviewer name the speaker who asks the questions', async () => {
    const all = await code('label-and-time-on-own-line.txt', small);
    expect(all.segments.map((s) => s.speaker)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 1', 'Speaker 2']);
    const { segments } = await code('label-and-time-on-own-line.txt', small, { interviewerLabels: ['Speaker 1'] });
    expect(segments.map((s) => [s.speaker, s.code, s.text, s.line])).toEqual([['Speaker 2', 'police', 'The police call us.', 5], ['Speaker 2', 'funding', 'Funding is late.', 11]]);
  });
});
