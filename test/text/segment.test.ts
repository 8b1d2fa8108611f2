// Segmentation: sentence boundaries, abbreviations, speaker turns and exact offsets.
import { describe, expect, it } from 'vitest';
import { MAX_PUNCTUATED_WORDS, MAX_SENTENCE_WORDS, segmentText } from '../../src/text/segment.js';

const texts = (text: string, kind: 'sentence' | 'paragraph' | 'turn' = 'sentence', language?: string) =>
  segmentText(text, 0, { language })[kind].map((u) => text.slice(u.start, u.end));

describe('sentences', () => {
  it('splits at . ? ! followed by a capital', () => {
    expect(texts('We help. Do you? Yes! Fine.')).toEqual(['We help.', 'Do you?', 'Yes!', 'Fine.']);
  });
  it('keeps English abbreviations and decimals inside the sentence', () => {
    expect(texts('We work with Dr. Rūta, e.g. on trauma. It costs 2.5 euros, see No. 14 etc. and more. Next one.'))
      .toEqual(['We work with Dr. Rūta, e.g. on trauma.', 'It costs 2.5 euros, see No. 14 etc. and more.', 'Next one.']);
  });
  it('keeps Lithuanian abbreviations such as pvz. and t. y. inside the sentence', () => {
    expect(texts('Dirbame su policija, pvz. Šiauliuose. Tai svarbu, t. y. Vilniuje irgi. Kitas.', 'sentence', 'lt'))
      .toEqual(['Dirbame su policija, pvz. Šiauliuose.', 'Tai svarbu, t. y. Vilniuje irgi.', 'Kitas.']);
  });
  it('keeps initials after a title inside the sentence', () => {
    expect(texts('We met Mr. J. Smith there. Then p. J. Jonaitienė came.')).toEqual(['We met Mr. J. Smith there.', 'Then p. J. Jonaitienė came.']);
    expect(texts('Kalbėjome su p. Jonaitiene. Kitas.', 'sentence', 'lt')).toEqual(['Kalbėjome su p. Jonaitiene.', 'Kitas.']);
  });
  it('keeps an initial before a surname inside the sentence, in English and Lithuanian', () => {
    expect(texts('We called K. Brown and A. B. Smith yesterday. They came.')).toEqual(['We called K. Brown and A. B. Smith yesterday.', 'They came.']);
    expect(texts('Nuėjome pas M. Jonaitienę į savivaldybę. Ji padėjo.', 'sentence', 'lt')).toEqual(['Nuėjome pas M. Jonaitienę į savivaldybę.', 'Ji padėjo.']);
  });
  it('still ends a sentence after a capital letter when a function word follows', () => {
    expect(texts('We went with plan B. The police agreed.')).toEqual(['We went with plan B.', 'The police agreed.']);
    expect(texts('Tai buvo planas B. Tada atėjo policija.', 'sentence', 'lt')).toEqual(['Tai buvo planas B.', 'Tada atėjo policija.']);
    // A letter standing for an anonymized name ends the sentence.
    expect(texts('Pavadinkim ją L. Mama ją išleido.', 'sentence', 'lt')).toEqual(['Pavadinkim ją L.', 'Mama ją išleido.']);
    expect(texts('We call her L. Police found her.')).toEqual(['We call her L.', 'Police found her.']);
  });
  it('ends a sentence after "No." when no number follows', () => {
    expect(texts('She said no. Then she left.')).toEqual(['She said no.', 'Then she left.']);
  });
  it('keeps closing quotes with their sentence', () => {
    expect(texts('He said "she chose it." We disagreed.')).toEqual(['He said "she chose it."', 'We disagreed.']);
  });
  it('never lets a sentence span two paragraphs', () => {
    expect(texts('First part without a stop\n\nSecond part.')).toEqual(['First part without a stop', 'Second part.']);
  });
  it('ends sentences at list items and starts them after the marker', () => {
    expect(texts('Our services:\n- shelter\n- counselling\n2. legal aid')).toEqual(['Our services:', 'shelter', 'counselling', 'legal aid']);
  });
  it('leaves Markdown headings out of every unit', () => {
    const text = '## 1. Applicant organization\n\nWe help women.\n\n### Opportunities\nNew funds will come.';
    expect(texts(text)).toEqual(['We help women.', 'New funds will come.']);
    expect(texts(text, 'paragraph')).toEqual(['We help women.', 'New funds will come.']);
  });
});

describe('text without end punctuation (a speech-to-text transcript)', () => {
  const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w${from + i}`);
  const count = (t: string) => t.split(/\s+/).length;
  it('is split into even pieces of about 40 words rather than coded as one unit of hundreds', () => {
    const text = words(200).join(' ');
    const pieces = texts(text);
    expect(pieces.map(count)).toEqual([40, 40, 40, 40, 40]);
    // Nothing is lost or reordered: the pieces are the text's words in order.
    expect(pieces.join(' ')).toBe(text);
  });
  it('splits at the last clause mark a piece reaches, else at a line break, and never leaves a piece over the cap', () => {
    const clauses = `${words(30).join(' ')}, ${words(25, 30).join(' ')}; ${words(50, 55).join(' ')}`;
    expect(texts(clauses).map(count)).toEqual([55, 50]);
    const lines = `${words(20).join(' ')}\n${words(30, 20).join(' ')}\n${words(30, 50).join(' ')}`;
    expect(texts(lines).map(count)).toEqual([50, 30]);
    const dash = `${words(30).join(' ')} – ${words(45, 30).join(' ')}`;
    expect(texts(dash)[0]).toMatch(/w29 –$/);
    for (const t of [clauses, lines, dash, words(1000).join(' ')]) expect(Math.max(...texts(t).map(count))).toBeLessThanOrEqual(MAX_SENTENCE_WORDS);
  });
  it('leaves a long punctuated sentence of up to the cap whole', () => {
    const text = `${words(MAX_SENTENCE_WORDS - 1).join(', ')} end.`;
    expect(texts(text)).toEqual([text]);
  });
  it('leaves a written sentence over the cap whole when it ends with end punctuation (as its coders saw it), up to MAX_PUNCTUATED_WORDS', () => {
    for (const end of ['.', '?', '!”', '.)']) {
      const text = `${words(MAX_PUNCTUATED_WORDS - 1).join(' ')} last${end}`;
      expect(texts(text)).toEqual([text]);
    }
    // The same run without its full stop is speech-to-text: split.
    expect(texts(words(MAX_PUNCTUATED_WORDS).join(' ')).length).toBeGreaterThan(1);
  });
  it('splits a run over MAX_PUNCTUATED_WORDS words even when it ends with a full stop (speech-to-text with one now and then)', () => {
    const text = `${words(MAX_PUNCTUATED_WORDS).join(' ')} last.`;
    const pieces = texts(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join(' ')).toBe(text);
    expect(Math.max(...pieces.map(count))).toBeLessThanOrEqual(MAX_SENTENCE_WORDS);
  });
});

describe('speaker turns', () => {
  const transcript = [
    'Interviewer: How do you work with the police?',
    '',
    'Respondent: Well. It depends.',
    '',
    'A continuation paragraph.',
    '',
    'Interviewer: And the municipality?',
    '',
    'Respondent: No contact.',
  ].join('\n');

  it('recognizes Name: labels, strips them and assigns roles', () => {
    const s = segmentText(transcript, 0).sentence;
    expect(s.map((u) => [transcript.slice(u.start, u.end), u.speaker, u.role])).toEqual([
      ['How do you work with the police?', 'Interviewer', 'interviewer'],
      ['Well.', 'Respondent', 'respondent'],
      ['It depends.', 'Respondent', 'respondent'],
      ['A continuation paragraph.', 'Respondent', 'respondent'],
      ['And the municipality?', 'Interviewer', 'interviewer'],
      ['No contact.', 'Respondent', 'respondent'],
    ]);
  });
  it('joins continuation paragraphs into the speaker turn', () => {
    expect(texts(transcript, 'turn')).toEqual(['How do you work with the police?', 'Well. It depends.\n\nA continuation paragraph.', 'And the municipality?', 'No contact.']);
    expect(texts(transcript, 'paragraph')).toHaveLength(5);
  });
  it('recognizes [Name], Q:/A:, R1: and **Name:** forms', () => {
    const forms = '[Interviewer] Why?\n\n[Dalia] Because.\n\nQ: Who?\n\nA: Us.\n\nI: When?\n\nR1: Now.\n\n**R2:** Later.\n\n**R2:** Much later.';
    const s = segmentText(forms, 0).sentence;
    expect(s.map((u) => `${u.role}:${u.speaker}:${forms.slice(u.start, u.end)}`)).toEqual([
      'interviewer:Interviewer:Why?', 'respondent:Dalia:Because.', 'interviewer:Q:Who?', 'respondent:A:Us.',
      'interviewer:I:When?', 'respondent:R1:Now.', 'respondent:R2:Later.', 'respondent:R2:Much later.',
    ]);
  });
  it('skips time codes and accepts a qualifier after the label', () => {
    const text = '[00:00:05] Interviewer (A.K.): Why?\n\n[00:00:12] Respondent (director): Because.\n\n(00:01:02) Interviewer (A.K.): And?\n\n[laughs] Respondent (director): So.';
    const s = segmentText(text, 0).sentence;
    expect(s.map((u) => `${u.role}:${u.speaker}:${text.slice(u.start, u.end)}`)).toEqual([
      'interviewer:Interviewer:Why?', 'respondent:Respondent:Because.', 'interviewer:Interviewer:And?', 'respondent:Respondent:So.',
    ]);
  });
  it('does not turn a report with a "Researcher:" line or repeated "Note:" lines into a transcript', () => {
    for (const text of ['# Final report\n\nResearcher: Jonas Jonaitis\n\nThe staff are committed.', 'Note: the police call.\n\nThe shelter is open.\n\nNote: no contact.']) {
      const s = segmentText(text, 0).sentence;
      expect(s.every((u) => u.speaker === undefined && u.role === 'none'), text).toBe(true);
    }
  });
  it('does not take a one-off "Note:" in prose for a speaker', () => {
    const s = segmentText('Note: this is prose. It goes on.', 0).sentence;
    expect(s[0]?.speaker).toBeUndefined();
    expect(s[0]?.role).toBe('none');
  });
  it('accepts extra interviewer labels', () => {
    const s = segmentText('Rasa: Why?\n\nOna: Because.\n\nRasa: OK.', 0, { interviewerLabels: ['Rasa'] }).sentence;
    expect(s.map((u) => u.role)).toEqual(['interviewer', 'respondent', 'interviewer']);
  });
  it('skips front matter', () => {
    const text = '---\ntitle: x\n---\nBody here.';
    const s = segmentText(text, 17).sentence;
    expect(s.map((u) => text.slice(u.start, u.end))).toEqual(['Body here.']);
  });
});
