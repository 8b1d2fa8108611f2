// Document languages: attributes normalized at the edge, missing ones detected with a warning, label-like lines warned about.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeLanguage } from '../../src/lang/language.js';
import { inspectDocuments, inspectDocumentsData, questionerWarning } from '../../src/io/inspect-documents.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { CodebookSet } from '../../src/engine/code-many.js';
import { segmentSource } from '../../src/text/segment.js';
import type { SourceDocument } from '../../src/model/types.js';

const doc = (id: string, text: string, attributes: Record<string, string> = {}): SourceDocument => ({ id, text, attributes, encoding: 'utf-8', bodyStart: 0 });
const LT = 'Policija mums skambina tik tada, kai pažįsta pareigūną asmeniškai. Finansavimas vėluoja kiekvienais metais.';

describe('normalizeLanguage', () => {
  it('reads codes, regional tags and names alike', () => {
    for (const v of ['lt', 'LT', 'lt-LT', 'lt_LT', 'Lithuanian', 'lietuvių', 'lit', ' LT ']) expect(normalizeLanguage(v), v).toBe('lt');
    for (const v of ['en', 'EN', 'en-GB', 'English', 'eng']) expect(normalizeLanguage(v), v).toBe('en');
    expect(normalizeLanguage('xx-YY')).toBe('xx');
    expect(normalizeLanguage('')).toBeUndefined();
    expect(normalizeLanguage(undefined)).toBeUndefined();
  });
});

describe('inspectDocuments', () => {
  it('normalizes a language attribute once, so LT gets Lithuanian abbreviations and the Lithuanian codebook', async () => {
    const text = 'Dirbame su policija, pvz. Šiauliuose. Kitas sakinys.';
    const docs = [doc('a.txt', text, { language: 'LT' }), doc('b.txt', text, { language: 'Lithuanian' })];
    await inspectDocuments(docs);
    expect(docs.map((d) => d.attributes.language)).toEqual(['lt', 'lt']);
    const sentences = segmentSource(docs[0]!, { language: docs[0]!.attributes.language }).sentence.map((u) => text.slice(u.start, u.end));
    expect(sentences).toEqual(['Dirbame su policija, pvz. Šiauliuose.', 'Kitas sakinys.']);
    const set = new CodebookSet([await loadCodebookFile('codebooks/swot.yaml'), await loadCodebookFile('codebooks/swot.lt.yaml')]);
    expect(set.forDocument(docs[1]!).codebook.spec.language).toBe('lt');
  });
  it('detects the language of a document without one and names the guess in a warning', async () => {
    const warnings: string[] = [];
    const docs = [doc('lt.txt', LT), doc('en.txt', 'The police call us only when they know the officer personally. Funding is late every year.')];
    await inspectDocuments(docs, (m) => warnings.push(m));
    expect(docs.map((d) => d.attributes.language)).toEqual(['lt', 'en']);
    expect(warnings).toEqual([expect.stringContaining('detected English (en) in 1 file: en.txt'), expect.stringContaining('detected Lithuanian (lt) in 1 file: lt.txt')]);
  });
  it('tells a short text among the codebooks\' languages when the detector hesitates, and keeps a clear other language', async () => {
    const docs = [doc('lt.txt', 'Policija mums neskambina.'), doc('hi.txt', 'Interviewer: hi'), doc('de.txt', 'Wir vertrauen der Polizei nicht, weil sie selten kommt.')];
    const found = await inspectDocumentsData(docs, ['en', 'lt']);
    // Alone, the detector says Latvian for the Lithuanian sentence and Catalan for the greeting.
    expect(docs.map((d) => d.attributes.language)).toEqual(['lt', 'en', 'de']);
    expect(found.languages).toEqual([{ file: 'lt.txt', language: 'lt' }, { file: 'hi.txt', language: 'en' }, { file: 'de.txt', language: 'de' }]);
    const alone = [doc('lt.txt', 'Policija mums neskambina.')];
    await inspectDocumentsData(alone);
    expect(alone[0]!.attributes.language).toBe('lv');
  });
  it('warns when the text plainly contradicts a document\'s language attribute (it would be coded with the wrong codebook), and only then', async () => {
    const EN = 'We trust the police. The funding is late and we lack staff for the shelter.';
    const docs = [doc('wrong.md', EN, { language: 'lt' }), doc('right.md', LT, { language: 'lt' }), doc('short.md', 'We trust them.', { language: 'lt' }), doc('en.md', EN, { language: 'en' })];
    const found = await inspectDocumentsData(docs);
    expect(found.diagnostics.filter((d) => d.id === 'LANGUAGE_MISMATCH')).toEqual([
      expect.objectContaining({ place: { file: 'wrong.md' }, message: 'its language attribute is Lithuanian (lt), but its text reads as English (en): it is coded with the lt codebook, which finds next to nothing in another language; check the attribute' }),
    ]);
    // The attribute is kept: the user's word decides the codebook; the warning says to check it.
    expect(docs[0]!.attributes.language).toBe('lt');
    // With no Lithuanian codebook the English one codes it: the warning says only what contradicts what.
    const enOnly = [doc('wrong.md', EN, { language: 'lt' })];
    expect((await inspectDocumentsData(enOnly, ['en'])).diagnostics.find((d) => d.id === 'LANGUAGE_MISMATCH')?.message).toBe('its language attribute is Lithuanian (lt), but its text reads as English (en); check the attribute');
    const deText = [doc('de.md', 'Wir vertrauen der Polizei nicht, weil sie selten kommt und die Finanzierung spät ist.', { language: 'lt' })];
    expect((await inspectDocumentsData(deText, ['en'])).diagnostics.find((d) => d.id === 'LANGUAGE_MISMATCH')?.message).toBe('its language attribute is Lithuanian (lt), but its text reads as German (de): it is coded with the en codebook, which finds next to nothing in another language; check the attribute');
  });
  it('warns when a large part of a document is in another codebook\'s language (an English summary in a Lithuanian report), naming where it starts', async () => {
    const lt = 'Su policija bendradarbiaujame pagal pasirašytą sutartį ir susitinkame kas mėnesį. Finansavimo trūksta, darbuotojai perdegę, o savivaldybė mūsų nežino ir nekviečia į posėdžius.';
    const en = 'Summary in English. We work with the police under a signed agreement and meet every month. Funding is lacking and the staff are burned out, and the municipality does not invite us.';
    const mixed = doc('mixed.md', `# Ataskaita\n\n${lt}\n\n${lt}\n\n${en}\n\n${en}\n`, { language: 'lt' });
    const found = (await inspectDocumentsData([mixed], ['en', 'lt'])).diagnostics.filter((d) => d.id === 'LANGUAGE_MIXED');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ place: { file: 'mixed.md', offset: mixed.text.indexOf('Summary') }, data: { language: 'lt', other: 'en', share: 51 } });
    expect(found[0]!.message).toMatch(/^51% of its text reads as English \(en\) \(as at line 7\), but the document is coded as Lithuanian \(lt\) as a whole/);
    // One language throughout, a short English quote, or no codebook for the other language: nothing to say.
    const quiet = [doc('lt.md', `${lt}\n\n${lt}\n\n„We trust them.“\n`, { language: 'lt' }), doc('en.md', `${en}\n\n${en}\n`, { language: 'en' })];
    expect((await inspectDocumentsData(quiet, ['en', 'lt'])).diagnostics.filter((d) => d.id === 'LANGUAGE_MIXED')).toEqual([]);
    expect((await inspectDocumentsData([doc('mixed.md', mixed.text, { language: 'lt' })], ['lt'])).diagnostics.filter((d) => d.id === 'LANGUAGE_MIXED')).toEqual([]);
  });
  it('tells a document\'s language by most of its paragraphs, not by its start, and finds another language in lines or in a last long paragraph', async () => {
    const lt = 'Su policija bendradarbiaujame pagal pasirašytą sutartį ir susitinkame kas mėnesį. Finansavimo trūksta, darbuotojai perdegę, o savivaldybė mūsų nekviečia.';
    const en = 'We work with the police under a signed agreement and meet every month. Funding is lacking and the staff are burned out, and the municipality does not invite us.';
    // An English summary first, Lithuanian after: Lithuanian (the detector alone reads only the start).
    const opening = doc('opening.md', [en, en, en, ...Array<string>(30).fill(lt)].join('\n\n'));
    await inspectDocumentsData([opening], ['en', 'lt']);
    expect(opening.attributes.language).toBe('lt');
    const mixed = async (text: string) => (await inspectDocumentsData([doc('m.md', text, { language: 'lt' })], ['en', 'lt'])).diagnostics.filter((d) => d.id === 'LANGUAGE_MIXED').map((d) => d.data?.share);
    // One sentence a line, no blank lines; and one long English paragraph after eight Lithuanian ones.
    expect(await mixed([...Array<string>(30).fill(lt), ...Array<string>(10).fill(en)].join('\n'))).toHaveLength(1);
    expect(await mixed([...Array<string>(8).fill(lt), `${en} ${en} ${en}`].join('\n\n'))).toHaveLength(1);
  });
  it('warns about a speaker read as a respondent who asks the questions (generic labels), and not about a real interview', () => {
    const turns = (text: string, labels: string[] = []) => segmentSource(doc('t.txt', text), { language: 'en', interviewerLabels: labels }).turn;
    const asks = 'Speaker 1: How is the work going with the partners?\nSpeaker 2: It is hard, we do not have enough staff and the funding comes late.\nSpeaker 1: And what works well?\nSpeaker 2: The team is strong and the women trust us.\n';
    const q = questionerWarning(doc('t.txt', asks), turns(asks));
    expect(q).toMatchObject({ id: 'QUESTIONER', place: { file: 't.txt' }, message: '"Speaker 1" asks questions in 2 of 2 turns, like an interviewer, but is read as a respondent: their questions are coded and quoted as evidence' });
    // A speech-to-text export has no question marks: brief turns against long answers tell.
    const stt = 'Speaker 1: so tell me how it is going\nSpeaker 2: well honestly it is hard we do not have enough staff and the funding from the ministry comes late every year so we cannot plan\nSpeaker 1: and what works well\nSpeaker 2: the team is strong we trust each other and the women trust us and the police call us back now\n';
    expect(questionerWarning(doc('t.txt', stt), turns(stt))?.message).toBe('"Speaker 1" speaks 6 words a turn against 23, like an interviewer, but is read as a respondent: their questions are coded and quoted as evidence');
    // Named as the interviewer: nothing to say. Two respondents talking alike: nothing either.
    expect(questionerWarning(doc('t.txt', asks), turns(asks, ['Speaker 1']))).toBeUndefined();
    const alike = 'Ana: The police help us. We meet them weekly.\nBen: The city pays late. We wait months.\nAna: Staff are tired now.\nBen: Volunteers help a lot.\n';
    expect(questionerWarning(doc('t.txt', alike), turns(alike))).toBeUndefined();
  });
  it('names a detected language in English even when qeval has no label for it', async () => {
    const warnings: string[] = [];
    await inspectDocuments([doc('ca.txt', 'Bon dia, com estàs? Avui fa molt de sol a Barcelona i anirem a la platja.')], (m) => warnings.push(m));
    expect(warnings.join('\n')).toContain('detected Catalan (ca)');
  });
  it('judges the rows of one survey together and says so when a text is too short to tell', async () => {
    const warnings: string[] = [];
    const rows = [
      { ...doc('s.csv#1', `x,${LT}\n`), regions: [{ start: 2, end: 2 + LT.length, label: 'a' }] },
      { ...doc('s.csv#2', `x,${LT}\n`), regions: [] },
    ];
    const short = doc('short.txt', 'Taip.');
    await inspectDocuments([...rows, short], (m) => warnings.push(m));
    expect(rows.map((d) => d.attributes.language)).toEqual(['lt', 'lt']);
    expect(short.attributes.language).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('detected Lithuanian (lt) in 1 file: s.csv;'), expect.stringContaining('too little text to tell the language of 1 file: short.txt')]);
  });
  it('codes a Lithuanian document without a language attribute with the Lithuanian codebook, not the English one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-lang-'));
    writeFileSync(path.join(dir, 'a.txt'), `${LT}\n`);
    const docs = await readDocuments(['a.txt'], { cwd: dir, onWarning: () => undefined });
    const set = new CodebookSet([await loadCodebookFile('codebooks/swot.yaml'), await loadCodebookFile('codebooks/swot.lt.yaml')]);
    const segments = set.code(docs);
    expect(segments.length).toBeGreaterThan(0);
    expect(new Set(segments.map((s) => s.coder))).toEqual(new Set([expect.stringContaining('lt')]));
  });
  it('warns about lines that look like speaker labels but were not read as turns', async () => {
    const warnings: string[] = [];
    const text = 'Speaker 1  0:05\nWhat about the police?\n\nSome prose in between.\n\nAnn Lee 1:10\nThey call.\n';
    await inspectDocuments([doc('t.txt', text, { language: 'en' })], (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/^t\.txt: 2 lines \(line 1 "Speaker 1", line 6 "Ann Lee"\) look like speaker labels, but the document was not read as a transcript/)]);
    const quiet: string[] = [];
    await inspectDocuments([doc('r.txt', 'Strengths: good staff.\n\nWeaknesses: money.\n', { language: 'en' })], (m) => quiet.push(m));
    await inspectDocuments([doc('p.txt', 'Activity 1: training.\n\nActivity 2: shelter.\n\nActivity 3: outreach.\n', { language: 'en' })], (m) => quiet.push(m));
    expect(quiet).toEqual([]);
    // Name-like labels that come back but never take turns enough to make a transcript.
    const missed: string[] = [];
    await inspectDocuments([doc('m.txt', 'Ann Lee: Hello.\nAnn Lee: Again.\nBob: Hi.\nBob: Bye.\n', { language: 'en' })], (m) => missed.push(m));
    expect(missed).toEqual([expect.stringContaining('m.txt: 4 lines (line 1 "Ann Lee", line 2 "Ann Lee", line 3 "Bob" ...) look like speaker labels')]);
    // In a transcript, one label in another form (bold) that was not read as a turn is enough.
    const one: string[] = [];
    await inspectDocuments([doc('b.txt', 'Interviewer: How is the funding?\nAnn: The funding ends next year.\n**Ruta:** We meet the police every month.\n', { language: 'en' })], (m) => one.push(m));
    expect(one).toEqual([expect.stringMatching(/^b\.txt: 1 line \(line 3 "Ruta"\) is written differently from the speaker labels read as turns; its words are coded as part of the text around it/)]);
  });

  it('gives the label-like lines as data, placed at the first such line (code-point offset)', async () => {
    const text = 'Ünë line.\nSpeaker 1  0:05\nWhat about the police?\n\nAnn Lee 1:10\nThey call.\n';
    const found = await inspectDocumentsData([doc('t.txt', text, { language: 'en' })]);
    expect(found.languages).toEqual([]);
    expect(found.diagnostics.map((d) => [d.id, d.severity, d.place])).toEqual([['LABEL_LINES', 'warning', { file: 't.txt', offset: 10 }]]);
    expect(Array.from(text).slice(10, 19).join('')).toBe('Speaker 1');
  });
});
