// Transcript label forms beyond the shared cases: time codes, labels on their own line, Unicode spaces, format characters, Markdown.
import { describe, expect, it } from 'vitest';
import { segmentText } from '../../src/text/segment.js';
import { matchLabel } from '../../src/text/speakers.js';
import { tokenize } from '../../src/engine/tokenize.js';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';

const turns = (text: string, interviewerLabels: string[] = []) =>
  segmentText(text, 0, { interviewerLabels }).turn.map((u) => `${u.role}:${u.speaker}:${text.slice(u.start, u.end)}`);
const sentences = (text: string) => segmentText(text, 0).sentence.map((u) => text.slice(u.start, u.end));

describe('time codes around labels', () => {
  it.each([
    ['[00:01:05] Ann: Yes.', 'Ann', '00:01:05'],
    ['(0:05) Ann: Yes.', 'Ann', '0:05'],
    ['00:01:05 Ann: Yes.', 'Ann', '00:01:05'],
    ['1:02:03.250 - Ann: Yes.', 'Ann', '1:02:03.250'],
    ['12:30 | Ann Lee: Yes.', 'Ann Lee', '12:30'],
    ['Ann [00:01:05]: Yes.', 'Ann', '00:01:05'],
    ['Ann (00:01:05): Yes.', 'Ann', undefined],
    ['Ann 00:01:05: Yes.', 'Ann', '00:01:05'],
    ['Ann: [00:01:05] Yes.', 'Ann', '00:01:05'],
  ])('%s', (line, label, time) => {
    const m = matchLabel(line)!;
    expect([m.label, line.slice(m.length)]).toEqual([label, 'Yes.']);
    if (time) expect(m.time).toBe(time);
  });
  it('reads labels alone on a line with their time, either way round, as the next lines\' speaker', () => {
    for (const [line, label, time] of [['Speaker 1  0:05', 'Speaker 1', '0:05'], ['Ann Lee 00:01:23', 'Ann Lee', '00:01:23'], ['[00:01:23] Ann Lee', 'Ann Lee', '00:01:23'], ['Ona (1:05)', 'Ona', '1:05']]) {
      expect(matchLabel(line as string), line).toMatchObject({ label, time, form: 'line', ownLine: true });
    }
    expect(matchLabel('The meeting ended at 10:30')).toBeUndefined();
    expect(matchLabel('We started in 2004 10:30')).toBeUndefined();
  });
});

describe('turns', () => {
  it('reads "Name:" alone on its line as a turn opening, but not a list\'s lead-in', () => {
    const text = 'Interviewer:\nWhat works?\n\nOna:\nThe shelter works.\nOur services:\n- shelter\n\nInterviewer:\nThanks.';
    expect(turns(text)).toEqual(['interviewer:Interviewer:What works?', 'respondent:Ona:The shelter works.\nOur services:\n- shelter', 'interviewer:Interviewer:Thanks.']);
  });
  it('keeps a speaker\'s consecutive blocks after label-and-time lines apart when the label repeats', () => {
    const text = 'Speaker 1  0:05\nQuestion one?\n\nSpeaker 2  0:09\nAnswer one.\n\nSpeaker 2  0:30\nAnswer two.\n\nSpeaker 1  0:40\nQuestion two?';
    expect(turns(text, ['Speaker 1'])).toEqual(['interviewer:Speaker 1:Question one?', 'respondent:Speaker 2:Answer one.', 'respondent:Speaker 2:Answer two.', 'interviewer:Speaker 1:Question two?']);
  });
  it('reads bold Word-style labels, a speaker who talks once included', () => {
    const text = '**Interviewer:** How is it?\n**Dalia:** Good.\n**Interviewer:** And?\n**Rūta:** Fine too.';
    expect(turns(text)).toEqual(['interviewer:Interviewer:How is it?', 'respondent:Dalia:Good.', 'interviewer:Interviewer:And?', 'respondent:Rūta:Fine too.']);
  });
  it('does not make header words such as "Date:" or "Note:" speakers of a transcript', () => {
    const text = 'Date: 12 May\nInterviewer: How is it?\nOna: Good.\nNote: noise outside.\nInterviewer: Thanks.';
    expect(turns(text)).toEqual(['none:undefined:Date: 12 May', 'interviewer:Interviewer:How is it?', 'respondent:Ona:Good.\nNote: noise outside.', 'interviewer:Interviewer:Thanks.']);
  });
  it('keeps a turn that a rule line follows', () => {
    expect(turns('Interviewer: How is it?\n---\nOna: Good.\n---\nInterviewer: Thanks.')).toEqual(['interviewer:Interviewer:How is it?', 'respondent:Ona:Good.', 'interviewer:Interviewer:Thanks.']);
  });
  it('leaves a transcript\'s title line out of every unit', () => {
    const text = 'Interview with the shelter director, March 2025\n\nInterviewer: How is it?\n\nOna: Good.';
    expect(sentences(text)).toEqual(['How is it?', 'Good.']);
  });
});

describe('Unicode spaces and format characters', () => {
  it('reads labels followed by any space separator', () => {
    for (const sp of ['\u00a0', '\u202f', '\u2009', '\u2007', '\u3000']) expect(matchLabel(`Ona:${sp}Yes.`)?.label, JSON.stringify(sp)).toBe('Ona');
  });
  it('reads a label with a soft hyphen or zero-width character inside as the same speaker', () => {
    const text = 'Inter\u00adviewer: How?\nOna: Fine.\nInterviewer: And?\nO\u200bna: Good.';
    expect(turns(text)).toEqual(['interviewer:Interviewer:How?', 'respondent:Ona:Fine.', 'interviewer:Interviewer:And?', 'respondent:Ona:Good.']);
  });
  it('lets soft hyphens and zero-width characters neither split nor glue words', () => {
    const text = 'fol\u00adlow po\u200blice co\u200doperation \u200bfunding';
    const t = tokenize(text);
    expect(t.norm).toEqual(['follow', 'police', 'cooperation', 'funding']);
    expect([...t.start].map((s, i) => text.slice(s, t.end[i]))).toEqual(['fol\u00adlow', 'po\u200blice', 'co\u200doperation', 'funding']);
  });
  it('matches phrases across no-break and thin spaces and zero-width characters, with offsets into the text', () => {
    const book = compileCodebook(parseCodebook('codebook: t\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: x\n    label: X\n    definition: d\n    rules:\n      - any: ["no follow-up", "as criminals"]\n        negated: ignore\n', 't.yaml'));
    const text = 'There is no\u202ffollow\u00ad-up. They see them as\u2009\u200bcriminals.';
    const segments = codeDocument(book, { id: 'a', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });
    expect(segments.map((s) => s.matched)).toEqual([['no\u202ffollow\u00ad-up'], ['as\u2009\u200bcriminals']]);
    for (const s of segments) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('Markdown markup', () => {
  it('keeps emphasis around a whole sentence and block-quote markers out of the unit', () => {
    expect(sentences('**Funding is late.** The staff stay.\n\n> We trust them.')).toEqual(['Funding is late.', 'The staff stay.', 'We trust them.']);
  });
  it('leaves setext headings and rules out of every unit', () => {
    expect(sentences('Annual report\n=============\n\nWe help women.\n\n---\n\nMore text.')).toEqual(['We help women.', 'More text.']);
  });
  it('does not code the words of link targets, web addresses or e-mail addresses', () => {
    const text = 'See [the help page](https://police.lt/help) or www.police.lt, or write to police@vrm.lt about the police.';
    const words = tokenize(text).norm;
    expect(words.filter((w) => w === 'police')).toHaveLength(1);
    expect(words).toContain('help');
    expect(words).not.toContain('https');
  });
});

describe('quotes without Markdown markup', () => {
  it('shows a Markdown link as its text', async () => {
    const { plainQuoteText } = await import('../../src/text/markup.js');
    expect(plainQuoteText('See [the plan](https://x.lt/p "Plan") and ![map](m.png) or <https://police.lt>.')).toBe('See the plan and map or https://police.lt.');
    expect(plainQuoteText('The funding is late [sic].')).toBe('The funding is late [sic].');
  });
  it('shows emphasis inside a sentence as the plain words', async () => {
    const { plainQuoteText } = await import('../../src/text/markup.js');
    expect(plainQuoteText('The **funding** is late.')).toBe('The funding is late.');
    expect(plainQuoteText('We were _never_ asked, *not once*.')).toBe('We were never asked, not once.');
    expect(plainQuoteText('The __police__ and ***courts*** came, with `forms`.')).toBe('The police and courts came, with forms.');
    expect(plainQuoteText('**Funding _and_ trust** matter.')).toBe('Funding and trust matter.');
    expect(plainQuoteText('A \\*literal\\* star.')).toBe('A *literal* star.');
  });
  it('leaves asterisks and underscores that are not emphasis', async () => {
    const { plainQuoteText } = await import('../../src/text/markup.js');
    expect(plainQuoteText('We paid 2 * 3 * 4 euro.')).toBe('We paid 2 * 3 * 4 euro.');
    expect(plainQuoteText('See file_name_v2 and costs* below.')).toBe('See file_name_v2 and costs* below.');
  });
});
