// The readers of Word, OpenDocument, PDF and subtitle files: the text they build, what they leave out, pages, times and refusals.
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { parseCodebook } from '../../src/codebook/load.js';
import { codeDocument, compileCodebook } from '../../src/engine/code.js';
import { sliceCodePoints } from '../../src/engine/positions.js';
import { QevalError } from '../../src/model/errors.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import type { SourceDocument } from '../../src/model/types.js';
import { readDocx } from '../../src/io/read-docx.js';
import { readOdt } from '../../src/io/read-odt.js';
import { readPdf } from '../../src/io/read-pdf.js';
import { readSrt, readVtt } from '../../src/io/read-subtitles.js';
import { timedLabelLines } from '../../src/io/timed-lines.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commented, footnoteRef, makeDocx, makeOdt, para, run, table } from './make-office.js';
import { makePdf } from './make-pdf.js';

const codebook = compileCodebook(parseCodebook(`
codebook: readers-test
version: 1.0.0
language: en
unit: sentence
defaults: { negated: skip, speakers: respondents }
speakers: { interviewer: [Interviewer, Moderator] }
codes:
  - { id: funding, label: Funding, definition: money, rules: [{ any: [funding] }] }
  - { id: police, label: Police, definition: police, rules: [{ any: [police] }] }
  - { id: trust, label: Trust, definition: trust, rules: [{ any: ["trust*"] }] }
`));

const opts = { cwd: '.' };

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<QevalError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    if (e instanceof QevalError) return e;
    throw e;
  }
  throw new Error('expected a QevalError');
}

/** Every segment's text is the code-point slice of the document text (the offsets contract). */
function expectExactOffsets(doc: SourceDocument) {
  const segments = codeDocument(codebook, doc);
  for (const s of segments) expect(sliceCodePoints(doc.text, s.start, s.end)).toBe(s.text);
  return segments;
}

// An entity bomb and an external entity in a DOCTYPE: neither may be expanded or fetched.
const HOSTILE_DTD = `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `<!ENTITY ${'b'.repeat(n)} "${`&${n === 1 ? 'a' : 'b'.repeat(n - 1)};`.repeat(10)}">`).join('')}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;

/** The archive with one XML entry given a hostile DOCTYPE and references to its entities. */
function withHostileDtd(archive: Buffer, entry: string, find: string): Buffer {
  const files = unzipSync(archive);
  const xml = new TextDecoder().decode(files[entry]).replace('?>', `?>${HOSTILE_DTD}`).replace(find, `${find} &bbbbbbbb; &xxe;`);
  files[entry] = strToU8(xml);
  return Buffer.from(zipSync(files));
}

describe('Word (.docx)', () => {
  const body = [
    para(run('Evaluation of shelter services'), 'Title'),
    para(run('Findings'), 'Heading1'),
    para(run('The shelter works with the police.') + footnoteRef),
    para(commented(run('Women trust the staff.'))),
    para(run('Funding arrives late'), undefined, true),
    para(run('Police visits are rare'), undefined, true),
    table([['Partner', 'Contact'], ['Police', 'Weekly meetings']]),
  ].join('');

  it('keeps paragraphs, headings (as Markdown headings), list items and table rows, and leaves out footnotes and comments', async () => {
    const [doc] = await readDocx('r.docx', 'r.docx', makeDocx(body), opts);
    expect(doc!.text).toBe([
      '# Evaluation of shelter services',
      '# Findings',
      'The shelter works with the police.',
      'Women trust the staff.',
      '- Funding arrives late',
      '- Police visits are rare',
      'Partner | Contact',
      'Police | Weekly meetings',
    ].join('\n\n') + '\n');
    expect(doc!.text).not.toMatch(/Footnote|Comment|Reviewer/);
  });

  it('codes list items as separate units and never the headings', async () => {
    const [doc] = await readDocx('r.docx', 'r.docx', makeDocx(body), opts);
    const segments = expectExactOffsets(doc!);
    expect(segments.map((s) => s.text)).toContain('Funding arrives late');
    expect(segments.map((s) => s.text)).toContain('Police visits are rare');
    expect(segments.some((s) => s.text.includes('Evaluation'))).toBe(false);
  });

  it('reads a transcript with bold labels as a transcript: speakers found, the interviewer not coded', async () => {
    const docx = makeDocx([
      para(run('Interviewer:', true) + run(' Do you trust the police?')),
      para(run('Anna:', true) + run(' We trust the police officers.')),
      para(run('Interviewer:', true) + run(' And funding?')),
      para(run('Anna:', true) + run(' Funding is late.')),
    ].join(''));
    const [doc] = await readDocx('t.docx', 't.docx', docx, opts);
    expect(doc!.text.split('\n\n')[0]).toBe('Interviewer: Do you trust the police?');
    const segments = expectExactOffsets(doc!);
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['Anna']));
    expect(segments.map((s) => s.code).sort()).toEqual(['funding', 'police', 'trust']);
  });

  it('reads a transcript laid out as a two-column table (speaker | words) as turns, and a table of partners as rows', async () => {
    const transcript = table([['Speaker', 'Text'], ['Interviewer', 'Do you trust the police?'], ['Anna:', 'We trust the police officers.'], ['Interviewer', 'And funding?'], ['Anna:', 'Funding is late.']]);
    const [doc] = await readDocx('t.docx', 't.docx', makeDocx(transcript), opts);
    expect(doc!.text).toBe('Interviewer: Do you trust the police?\n\nAnna: We trust the police officers.\n\nInterviewer: And funding?\n\nAnna: Funding is late.\n');
    expect(new Set(expectExactOffsets(doc!).map((s) => s.speaker))).toEqual(new Set(['Anna']));
    const partners = table([['Partner', 'Contact'], ['Police', 'weekly meetings'], ['Municipality', 'rarely'], ['Clinic', 'by phone']]);
    const [rows] = await readDocx('p.docx', 'p.docx', makeDocx(partners), opts);
    expect(rows!.text).toBe('Partner | Contact\n\nPolice | weekly meetings\n\nMunicipality | rarely\n\nClinic | by phone\n');
    const [odt] = await readOdt('t.odt', 't.odt', makeOdt(`<table:table>${[['Interviewer', 'Why?'], ['R1', 'Because funding is late.'], ['Interviewer', 'And then?'], ['R1', 'We wait.']].map(([a, b]) => `<table:table-row><table:table-cell><text:p>${a}</text:p></table:table-cell><table:table-cell><text:p>${b}</text:p></table:table-cell></table:table-row>`).join('')}</table:table>`), opts);
    expect(odt!.text).toBe('Interviewer: Why?\n\nR1: Because funding is late.\n\nInterviewer: And then?\n\nR1: We wait.\n');
  });

  it('keeps the speakers a reader knows in a short transcript (two speakers, three turns, no interviewer label): subtitles, a Word table, an OpenDocument table', async () => {
    const turns = [['Anna', 'We trust the police.'], ['Ben', 'And funding?'], ['Anna', 'Funding is late.']];
    const vtt = `WEBVTT\n\n${turns.map(([who, words], i) => `00:00:0${i + 1}.000 --> 00:00:0${i + 1}.900\n<v ${who}>${words}`).join('\n\n')}\n`;
    const [sub] = readVtt('s.vtt', 's.vtt', Buffer.from(vtt), opts);
    const [word] = await readDocx('w.docx', 'w.docx', makeDocx(table(turns)), opts);
    const [odt] = await readOdt('o.odt', 'o.odt', makeOdt(`<table:table>${turns.map(([a, b]) => `<table:table-row><table:table-cell><text:p>${a}</text:p></table:table-cell><table:table-cell><text:p>${b}</text:p></table:table-cell></table:table-row>`).join('')}</table:table>`), opts);
    for (const doc of [sub!, word!, odt!]) {
      expect(doc.text, doc.id).toBe('Anna: We trust the police.\n\nBen: And funding?\n\nAnna: Funding is late.\n');
      expect(doc.speakers, doc.id).toEqual(['Anna', 'Ben']);
      // Each turn's words are its units; the label is not part of them (as in a longer transcript).
      expect(expectExactOffsets(doc).map((s) => [s.speaker, s.code, s.text]), doc.id).toEqual([
        ['Anna', 'police', 'We trust the police.'],
        ['Anna', 'trust', 'We trust the police.'],
        ['Ben', 'funding', 'And funding?'],
        ['Anna', 'funding', 'Funding is late.'],
      ]);
    }
    // The same lines typed in a text file are not known to be turns: they stay text (a report may have "Note:" lines).
    const typed: SourceDocument = { id: 't.txt', text: sub!.text, attributes: {}, encoding: 'utf-8', bodyStart: 0 };
    expect(expectExactOffsets(typed).map((s) => [s.speaker, s.text])).toEqual([[null, 'Anna: We trust the police.'], [null, 'Anna: We trust the police.'], [null, 'Ben: And funding?'], [null, 'Anna: Funding is late.']]);
  });

  it('refuses a password-protected Word file, a renamed non-Word ZIP and a damaged archive, each naming the file', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await failure(readDocx('p.docx', 'p.docx', ole, opts))).code).toBe('DOCX_ENCRYPTED');
    const notWord = makeOdt('<text:p>x</text:p>');
    const e = await failure(readDocx('o.docx', 'o.docx', notWord, opts));
    expect(e.code).toBe('DOCX_UNREADABLE');
    expect(e.place.file).toBe('o.docx');
    const damaged = makeDocx(body).subarray(0, 300);
    expect((await failure(readDocx('d.docx', 'd.docx', damaged, opts))).code).toBe('ARCHIVE_CORRUPT');
  });

  it('refuses XML with an entity bomb or an external entity, without expanding or fetching it', async () => {
    const hostile = withHostileDtd(makeDocx(para(run('Hello'))), 'word/document.xml', 'Hello');
    const e = await failure(readDocx('x.docx', 'x.docx', hostile, opts));
    expect(e.code).toBe('DOCX_UNREADABLE');
    expect(e.message).not.toMatch(/root:/);
  });

  it('takes the document title from the file properties as the title attribute', async () => {
    const core = '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Shelter  annual report</dc:title></cp:coreProperties>';
    const [doc] = await readDocx('t.docx', 't.docx', makeDocx(para(run('Hello.')), { 'docProps/core.xml': strToU8(core) }), opts);
    expect(doc!.attributes).toEqual({ title: 'Shelter annual report' });
    const [plain] = await readDocx('p.docx', 'p.docx', makeDocx(para(run('Hello.'))), opts);
    expect(plain!.attributes).toEqual({});
    const [odt] = await readOdt('t.odt', 't.odt', makeOdt('<text:p>Hello.</text:p>', undefined, false, 'Police & NGOs'), opts);
    expect(odt!.attributes).toEqual({ title: 'Police & NGOs' });
    const [pdf] = await readPdf('t.pdf', 't.pdf', makePdf([[{ text: 'Hello.', y: 700 }]], { title: 'Monitoring report' }), opts);
    expect(pdf!.attributes).toEqual({ title: 'Monitoring report' });
  });

  it('refuses a document without text', async () => {
    expect((await failure(readDocx('e.docx', 'e.docx', makeDocx(para('')), opts))).code).toBe('EMPTY_DOCUMENT');
  });

  it('reads archives within limits on entry count and decompressed size, and never decompresses media', async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) many[`word/media/image${i}.png`] = strToU8('x');
    const e = await failure(readDocx('m.docx', 'm.docx', makeDocx(body, many), { ...opts, limits: { archive: { entries: 40, bytes: 1e6 } } }));
    expect(e.code).toBe('ARCHIVE_TOO_MANY_ENTRIES');
    // 5 MB of zeros compress to a few kB: a bomb in the XML part is refused by its declared size.
    const bomb = makeDocx(para(run('Hello police.')), { 'word/header1.xml': new Uint8Array(5_000_000) });
    expect(bomb.length).toBeLessThan(100_000);
    expect((await failure(readDocx('b.docx', 'b.docx', bomb, { ...opts, limits: { archive: { entries: 100, bytes: 1_000_000 } } }))).code).toBe('ARCHIVE_TOO_LARGE');
    // A large image is not an XML part: it is never decompressed, so it does not count.
    const media = makeDocx(para(run('Hello police.')), { 'word/media/big.png': new Uint8Array(5_000_000) });
    const [doc] = await readDocx('i.docx', 'i.docx', media, { ...opts, limits: { archive: { entries: 100, bytes: 1_000_000 } } });
    expect(doc!.text).toBe('Hello police.\n');
  });
});

describe('OpenDocument (.odt)', () => {
  it('keeps headings, paragraphs (with their spaces), list items and table rows; leaves out notes and comments', async () => {
    const [doc] = await readOdt('a.odt', 'a.odt', makeOdt([
      '<text:h text:outline-level="2">Findings</text:h>',
      '<text:p>We trust<text:s text:c="2"/>the police<text:note><text:note-body><text:p>A note on funding.</text:p></text:note-body></text:note>.</text:p>',
      '<text:p><office:annotation><text:p>Comment on funding</text:p></office:annotation>Funding is late.</text:p>',
      '<text:list><text:list-item><text:p>First item</text:p></text:list-item></text:list>',
      '<table:table><table:table-row><table:table-cell><text:p>Police</text:p></table:table-cell><table:table-cell><text:p>weekly</text:p></table:table-cell></table:table-row></table:table>',
    ].join('')), opts);
    expect(doc!.text).toBe('## Findings\n\nWe trust  the police.\n\nFunding is late.\n\n- First item\n\nPolice | weekly\n');
    expectExactOffsets(doc!);
  });

  it('reads a file written by a real tool (docutils): title styles as headings, the footnote left out, list and table kept', async () => {
    const file = 'test/fixtures/readers/interview.odt';
    const [doc] = await readOdt(file, 'interview.odt', readFileSync(file), opts);
    expect(doc!.text).toBe('# Interview with a director\n\n## Findings\n\nThe shelter works with the police every week. Funding is late.\n\n- Women trust the staff.\n\n- The municipality rarely calls.\n\nPartner | Contact\n\nPolice | weekly meetings\n');
    expect(expectExactOffsets(doc!).map((s) => s.code)).toEqual(['police', 'funding', 'trust', 'police']);
  });

  it('refuses other OpenDocument kinds, broken XML, documents without text, hostile DTDs and password-protected files', async () => {
    expect((await failure(() => readOdt('s.odt', 's.odt', makeOdt('', 'application/vnd.oasis.opendocument.spreadsheet'), opts))).code).toBe('ODT_UNREADABLE');
    expect((await failure(() => readOdt('b.odt', 'b.odt', makeOdt('<text:p>unclosed'), opts))).code).toBe('ODT_UNREADABLE');
    expect((await failure(() => readOdt('e.odt', 'e.odt', makeOdt('<text:p> </text:p>'), opts))).code).toBe('EMPTY_DOCUMENT');
    const hostile = withHostileDtd(makeOdt('<text:p>Hello</text:p>'), 'content.xml', 'Hello');
    expect((await failure(() => readOdt('x.odt', 'x.odt', hostile, opts))).code).toBe('ODT_UNREADABLE');
    expect((await failure(() => readOdt('p.odt', 'p.odt', makeOdt('<text:p>secret</text:p>', undefined, true), opts))).code).toBe('ODT_ENCRYPTED');
  });
});

describe('PDF', () => {
  const header = (n: number) => [{ text: 'Annual report 2024 of the shelter', y: 800, size: 9 }, { text: `Page ${n} of 3`, y: 40, size: 9 }];
  const pdf = makePdf([
    [...header(1), { text: 'The shelter works with the po-', y: 700 }, { text: 'lice every week.', y: 686 }, { text: 'Funding is late and the', y: 640 }],
    [...header(2), { text: 'staff trust the women.', y: 700 }, { text: 'Funding is short.', y: 650 }],
    [...header(3), { text: 'The police call us.', y: 700 }],
  ]);

  it('builds the text in reading order: hyphenation joined, running headers and footers dropped, paragraphs kept across pages', async () => {
    const [doc] = await readPdf('r.pdf', 'r.pdf', pdf, opts);
    expect(doc!.text).toBe('The shelter works with the police every week.\n\nFunding is late and the\nstaff trust the women.\n\nFunding is short.\n\nThe police call us.\n');
    expect(doc!.pageBreaks).toEqual([doc!.text.indexOf('staff'), doc!.text.indexOf('The police call')]);
  });

  it('gives every segment the page where it starts', async () => {
    const [doc] = await readPdf('r.pdf', 'r.pdf', pdf, opts);
    const segments = expectExactOffsets(doc!);
    const pageOf = (text: string, code: string) => segments.find((s) => s.text.startsWith(text) && s.code === code)?.page;
    expect(pageOf('The shelter works', 'police')).toBe(1);
    expect(pageOf('Funding is late', 'trust')).toBe(1);
    expect(pageOf('Funding is short', 'funding')).toBe(2);
    expect(pageOf('The police call', 'police')).toBe(3);
  });

  it('joins words broken at a line end (hyphen or soft hyphen, lower case or all capitals), and keeps a hyphen before a capitalized word (a name, not a break)', async () => {
    const [doc] = await readPdf('h.pdf', 'h.pdf', makePdf([[{ text: 'We work with the muni-', y: 700 }, { text: 'cipality and the Vilnius-', y: 686 }, { text: 'Kaunas network, not the ELE-', y: 672 }, { text: 'MENT.', y: 658 }]]), opts);
    expect(doc!.text).toBe('We work with the municipality and the Vilnius-\nKaunas network, not the ELEMENT.\n');
    const [soft] = await readPdf('s.pdf', 's.pdf', makePdf([[{ text: 'The po\u00ad', y: 700 }, { text: 'lice call us.', y: 686 }]]), opts);
    expect(soft!.text).toBe('The police call us.\n');
  });

  it('keeps a line that only looks like a header when it does not repeat on the pages', async () => {
    const [doc] = await readPdf('k.pdf', 'k.pdf', makePdf([
      [{ text: 'Police cooperation', y: 800 }, { text: 'We trust them.', y: 700 }],
      [{ text: 'Funding', y: 800 }, { text: 'It is late.', y: 700 }],
    ]), opts);
    expect(doc!.text).toContain('Police cooperation');
    expect(doc!.text).toContain('Funding');
  });

  it('drops running titles that change by chapter and page numbers in any form', async () => {
    const chapter = (c: number, p: number, text: string) => [{ text: `Chapter ${c}: ${c === 1 ? 'Findings' : 'Services'} ${p}`, y: 800, size: 9 }, { text, y: 700 }, { text: `- ${p} -`, y: 40, size: 9 }];
    const [doc] = await readPdf('c.pdf', 'c.pdf', makePdf([
      chapter(1, 1, 'We trust the police.'), chapter(1, 2, 'Funding is late.'), chapter(1, 3, 'Staff trust women.'),
      chapter(2, 4, 'The police call us.'), chapter(2, 5, 'Money is short.'),
    ]), opts);
    expect(doc!.text).toBe('We trust the police.\n\nFunding is late.\n\nStaff trust women.\n\nThe police call us.\n\nMoney is short.\n');
  });

  it('refuses an encrypted PDF, a scanned PDF without text and a corrupt file, saying what to do', async () => {
    const enc = await failure(readPdf('e.pdf', 'e.pdf', makePdf([[{ text: 'secret', y: 700 }]], { encrypted: true }), opts));
    expect(enc.code).toBe('PDF_ENCRYPTED');
    const scan = await failure(readPdf('s.pdf', 's.pdf', makePdf([[], []]), opts));
    expect(scan.code).toBe('PDF_NO_TEXT');
    expect(scan.message).toMatch(/does not do OCR/);
    const bad = await failure(readPdf('c.pdf', 'c.pdf', Buffer.from('%PDF-1.4\nthis is not a pdf\n'), opts));
    expect(bad.code).toBe('PDF_UNREADABLE');
    expect(bad.place.file).toBe('c.pdf');
  });

  it('warns about pages without a text layer and reads the others', async () => {
    const warnings: string[] = [];
    const [doc] = await readPdf('m.pdf', 'm.pdf', makePdf([[{ text: 'We trust the police.', y: 700 }], []]), { ...opts, onWarning: (m) => warnings.push(m) });
    expect(doc!.text).toBe('We trust the police.\n');
    expect(warnings).toEqual([expect.stringMatching(/^m\.pdf: page 2 has no text layer \(scanned\?\); its text is missing/)]);
    // As data: the pages left without text.
    const found: Diagnostic[] = [];
    await readPdf('m.pdf', 'm.pdf', makePdf([[], [{ text: 'We trust the police.', y: 700 }], []]), { ...opts, onDiagnostic: (d) => found.push(d) });
    expect(found).toEqual([expect.objectContaining({ id: 'PDF_PAGES_WITHOUT_TEXT', place: { file: 'm.pdf' }, data: { pages: [1, 3] } })]);
  });
});

describe('subtitles (.vtt, .srt)', () => {
  const vtt = [
    'WEBVTT - team meeting', '', 'NOTE exported by the meeting tool', '', 'STYLE', '::cue { color: yellow }', '',
    '1', '00:00:01.000 --> 00:00:04.000 align:start', '<v Moderator>Do you trust the police?</v>', '',
    '2', '00:00:05.000 --> 00:00:07.000', '<v.loud Anna>We trust the police &amp; the</v>', '',
    '3', '00:00:07.000 --> 00:00:09.500', '<v Anna>municipality. <i>Funding</i> is late.</v>', '',
    '4', '00:01:05.000 --> 00:01:09.000', 'Tomas: We trust them.', '',
  ].join('\n');

  it('builds turns from voices and leading names, with cue numbers, timings, notes and markup left out', () => {
    const [doc] = readVtt('m.vtt', 'm.vtt', Buffer.from(vtt), opts);
    expect(doc!.text).toBe('Moderator: Do you trust the police?\n\nAnna: We trust the police & the municipality. Funding is late.\n\nTomas: We trust them.\n');
    expect(doc!.times).toEqual([
      { start: doc!.text.indexOf('Do you'), time: '00:00:01' },
      { start: doc!.text.indexOf('We trust the police'), time: '00:00:05' },
      { start: doc!.text.indexOf('municipality'), time: '00:00:07' },
      { start: doc!.text.indexOf('We trust them'), time: '00:01:05' },
    ]);
  });

  it('codes the turns of respondents, each segment with the start time of its cue', () => {
    const [doc] = readVtt('m.vtt', 'm.vtt', Buffer.from(vtt), opts);
    const segments = expectExactOffsets(doc!);
    expect(segments.map((s) => [s.speaker, s.code, s.time])).toEqual([
      ['Anna', 'police', '00:00:05'],
      ['Anna', 'trust', '00:00:05'],
      ['Anna', 'funding', '00:00:07'],
      ['Tomas', 'trust', '00:01:05'],
    ]);
  });

  it('takes a leading "Name:" as a speaker only when cues use that form, and writes a lone speaker as an attribute, not a label', () => {
    const cue = (n: number, text: string) => `${n}\n00:00:0${n},000 --> 00:00:0${n},900\n${text}\n`;
    const [note] = readSrt('n.srt', 'n.srt', Buffer.from([cue(1, 'Note: the police called.'), cue(2, 'We trust them.')].join('\n')), opts);
    expect(note!.text).toBe('Note: the police called. We trust them.\n');
    const [lone] = readVtt('l.vtt', 'l.vtt', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>We trust the police.</v>\n\n00:00:02.000 --> 00:00:03.000\n<v Anna>Funding is late.</v>\n'), opts);
    expect(lone!.text).toBe('We trust the police. Funding is late.\n');
    expect(lone!.attributes).toEqual({ speaker: 'Anna' });
  });

  it('reads SubRip: cue numbers and timings out, a pause starts a paragraph, times kept', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:03,000\r\nThe police call us\r\n\r\n2\r\n00:00:03,100 --> 00:00:05,000\r\n<i>every week.</i>\r\n\r\n3\r\n00:00:09,000 --> 00:00:12,000\r\nFunding is late.\r\n';
    const [doc] = readSrt('s.srt', 's.srt', Buffer.from(srt), opts);
    expect(doc!.text).toBe('The police call us every week.\n\nFunding is late.\n');
    expect(doc!.times?.map((t) => t.time)).toEqual(['00:00:01', '00:00:03', '00:00:09']);
    const segments = expectExactOffsets(doc!);
    expect(segments.map((s) => [s.code, s.time])).toEqual([['police', '00:00:01'], ['funding', '00:00:09']]);
  });

  it('warns, with the line, about a cue that ends before it starts or starts before the cue above it (SRT lines as the file has them); regular files warn of nothing', () => {
    const found: Diagnostic[] = [];
    const listen = { ...opts, onDiagnostic: (d: Diagnostic) => found.push(d) };
    const [doc] = readVtt('r.vtt', 'r.vtt', Buffer.from('WEBVTT\n\n00:00:05.000 --> 00:00:03.000\n<v Anna>We trust the police.\n\n00:00:06.000 --> 00:00:08.000\n<v Ben>Why?\n\n00:00:04.000 --> 00:00:09.000\n<v Anna>Rarely.\n'), listen);
    // Players show cues by start time; so does the text, and the warning says so.
    expect(doc!.text.startsWith('Anna: Rarely. We trust the police.')).toBe(true);
    expect(found).toEqual([expect.objectContaining({ id: 'SUBTITLE_TIMES', severity: 'warning', place: { file: 'r.vtt' }, data: { lines: [3, 9] } })]);
    expect(found[0]!.message).toMatch(/^line 3: end timestamp is not greater than start timestamp \(and 1 more cue time problem, at line 9\); the cues are read in order of their start times/);
    found.length = 0;
    readSrt('r.srt', 'r.srt', Buffer.from('1\n00:00:05,000 --> 00:00:03,000\nWe trust the police.\n'), listen);
    expect(found.map((d) => d.data)).toEqual([{ lines: [2] }]);
    found.length = 0;
    readVtt('m.vtt', 'm.vtt', Buffer.from(vtt), listen);
    expect(found).toEqual([]);
    // Without a diagnostic listener the finding is a warning line naming the file.
    const lines: string[] = [];
    readSrt('r.srt', 'r.srt', Buffer.from('1\n00:00:05,000 --> 00:00:03,000\nWe trust the police.\n'), { ...opts, onWarning: (m) => lines.push(m) });
    expect(lines).toEqual([expect.stringMatching(/^r\.srt: line 2: end timestamp/)]);
  });

  it('refuses a file that is not subtitles, with the line at fault', async () => {
    const e = await failure(() => readSrt('b.srt', 'b.srt', Buffer.from('1\n00:00:01,000 -> 00:00:04,000\nHello\n'), opts));
    expect(e.code).toBe('SUBTITLES_INVALID');
    expect(e.place).toEqual({ file: 'b.srt', line: 2, column: 1 });
    const garbage = await failure(() => readSrt('c.srt', 'c.srt', Buffer.from('1\n00:00:01,000 --> garbage\nHello\n'), opts));
    expect(garbage.message).toBe('not SubRip subtitles: Timestamp must start with a character in the range 0-9; "00:00:01,000 --> garbage" is not a cue\'s time: write a cue\'s time as hh:mm:ss,mmm --> hh:mm:ss,mmm (00:01:02,500 --> 00:01:04,000)');
    expect((await failure(() => readVtt('n.vtt', 'n.vtt', Buffer.from('not subtitles at all\n'), opts))).code).toBe('SUBTITLES_INVALID');
    expect((await failure(() => readVtt('e.vtt', 'e.vtt', Buffer.from('WEBVTT\n\n'), opts))).code).toBe('EMPTY_DOCUMENT');
  });
});

describe('subtitle cues whose time cannot be read', () => {
  const cues = (timing: string) => `WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ona>Kaip sekasi su policija?\n\n${timing}\n<v Rasa>Su policija dirbame pagal sutartį.\n\n00:00:10.000 --> 00:00:12.000\n<v Ona>O savivaldybė?\n`;

  it('refuses the file with the line of a cue the parser would drop, in the middle as at the start', async () => {
    const e = await failure(() => readVtt('t.vtt', 't.vtt', Buffer.from(cues('00:00:04.000 -> 00:00:09.000')), opts));
    expect(e.code).toBe('SUBTITLES_INVALID');
    expect(e.place).toMatchObject({ file: 't.vtt', line: 6 });
    expect(e.message).toMatch(/its words would be lost/);
    const srt = await failure(() => readSrt('t.srt', 't.srt', Buffer.from('1\n00:00:01,000 --> 00:00:03,000\nOna: Kaip?\n\n2\n00:00:04,000 --> 00:00:0x,000\nRasa: Gerai.\n'), opts));
    expect(srt.code).toBe('SUBTITLES_INVALID');
    expect(srt.place).toMatchObject({ file: 't.srt', line: 6 });
  });

  it('refuses a cue without a timing line at the line of its words, quoted', async () => {
    const srt = await failure(() => readSrt('s.srt', 's.srt', Buffer.from('1\n00:00:01,000 --> 00:00:03,000\nHello.\n\nFunding is short.\n\n3\n00:00:05,000 --> 00:00:07,000\nBye.\n'), opts));
    expect(srt.code).toBe('SUBTITLES_INVALID');
    expect(srt.place).toMatchObject({ file: 's.srt', line: 5 });
    expect(srt.message).toMatch(/^a cue without a timing line \("Funding is short\."\), so its words would be lost/);
    const vtt = await failure(() => readVtt('v.vtt', 'v.vtt', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello.\n\n<v Anna>Funding is short.\n\n00:00:05.000 --> 00:00:07.000\nBye.\n'), opts));
    expect(vtt.place).toMatchObject({ file: 'v.vtt', line: 6 });
  });

  it('refuses a cue whose time is out of range (minute or second 60 or more) rather than drop it with its words', async () => {
    const srt = (timing: string) => `1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n2\n${timing}\nThe police call us when they know someone.\n\n3\n00:02:10,000 --> 00:02:12,000\nGoodbye.\n`;
    for (const timing of ['00:60:04,000 --> 00:01:09,000', '00:00:04,000 --> 00:00:99,000']) {
      const e = await failure(() => readSrt('t.srt', 't.srt', Buffer.from(srt(timing)), opts));
      expect(e.code, timing).toBe('SUBTITLES_INVALID');
      expect(e.place).toMatchObject({ file: 't.srt', line: 6 });
      expect(e.message).toContain(`"${timing}"`);
      // The line's own times are not offered back as the fix: minutes and seconds run to 59.
      expect(e.message).toMatch(/write a cue's time as hh:mm:ss,mmm --> hh:mm:ss,mmm/);
    }
    const vtt = await failure(() => readVtt('t.vtt', 't.vtt', Buffer.from(cues('00:60:04.000 --> 00:00:09.000')), opts));
    expect(vtt.code).toBe('SUBTITLES_INVALID');
  });

  it('quotes the line as the file has it and writes its own times as they should be, or the form when it holds no two whole times', async () => {
    const vtt = await failure(() => readVtt('t.vtt', 't.vtt', Buffer.from(cues('00:00:04.000 -> 00:00:09.000')), opts));
    expect(vtt.message).toContain('("00:00:04.000 -> 00:00:09.000": ');
    expect(vtt.message).toMatch(/write it as 00:00:04\.000 --> 00:00:09\.000$/);
    // SubRip's comma, short times padded; quoted with the file's own comma, not the dot the parser was given.
    const srt = await failure(() => readSrt('s.srt', 's.srt', Buffer.from('1\n00:00:01,000 --> 00:00:03,000\nOna: Kaip?\n\n2\n0:04,5 -> 0:09,25\nRasa: Gerai.\n'), opts));
    expect(srt.place).toMatchObject({ file: 's.srt', line: 6 });
    expect(srt.message).toMatch(/^a cue's time is not readable \("0:04,5 -> 0:09,25": .*write it as 00:00:04,500 --> 00:00:09,250$/);
    // A time with a letter in it is not guessed at.
    const typo = await failure(() => readSrt('x.srt', 'x.srt', Buffer.from('1\n00:00:01,000 --> 00:00:03,000\nOna: Kaip?\n\n2\n00:00:04,000 --> 00:00:0x,000\nRasa: Gerai.\n'), opts));
    expect(typo.message).toContain('"00:00:04,000 --> 00:00:0x,000"');
    expect(typo.message).toMatch(/write a cue's time as hh:mm:ss,mmm --> hh:mm:ss,mmm/);
    // A lone cue whose time is mistyped: the file is not subtitles, and the message says which line to write how.
    const lone = await failure(() => readSrt('b.srt', 'b.srt', Buffer.from('1\n00:00:01,000 -> 00:00:04,000\nHello\n'), opts));
    expect(lone.message).toMatch(/"00:00:01,000 -> 00:00:04,000" is not a cue's time: write it as 00:00:01,000 --> 00:00:04,000$/);
  });
  it('reads a comma before the milliseconds in WebVTT, and a dot in SubRip, as the same time: no cue is lost', () => {
    const [doc] = readVtt('t.vtt', 't.vtt', Buffer.from(cues('00:00:04.000 --> 00:00:09,000')), opts);
    expect(doc!.text).toBe('Ona: Kaip sekasi su policija?\n\nRasa: Su policija dirbame pagal sutartį.\n\nOna: O savivaldybė?\n');
    expect(doc!.times?.map((t) => t.time)).toEqual(['00:00:01', '00:00:04', '00:00:10']);
    const [srt] = readSrt('t.srt', 't.srt', Buffer.from('1\n00:00:01,000 --> 00:00:03,000\nOna: Kaip?\n\n2\n00:00:04.000 --> 00:00:09,000\nRasa: Gerai.\n'), opts);
    expect(srt!.text).toBe('Ona: Kaip?\n\nRasa: Gerai.\n');
    // An arrow without spaces, as players accept it.
    const [tight] = readSrt('t.srt', 't.srt', Buffer.from('1\n00:00:01,000-->00:00:03,000\nOna: Kaip?\n\n2\n00:00:04,000 --> 00:00:09,000\nRasa: Gerai.\n'), opts);
    expect(tight!.text).toBe('Ona: Kaip?\n\nRasa: Gerai.\n');
  });
});

describe('subtitle cue layout that players accept', () => {
  it('reads an arrow in a cue\'s words as words, not as a timing line that would refuse the file', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nAnna: We moved from A --> B last year.\n\n2\n00:00:03,000 --> 00:00:04,000\nJonas: The police --> helped us.\n';
    const [doc] = readSrt('a.srt', 'a.srt', Buffer.from(srt), opts);
    expect(doc!.text).toBe('Anna: We moved from A --> B last year.\n\nJonas: The police --> helped us.\n');
    const [vtt] = readVtt('a.vtt', 'a.vtt', Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Anna>From A --> B.\n'), opts);
    expect(vtt!.text).toBe('From A --> B.\n');
  });

  it('does not read a cue number as a word of the cue above when the blank line between them is missing (LF and CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const srt = ['1', '00:00:01,000 --> 00:00:02,000', 'Anna: Hello there.', '2', '00:00:03,000 --> 00:00:04,000', 'Jonas: The police helped us.', '3', '00:00:05,000 --> 00:00:06,000', 'Anna: Good.', ''].join(eol);
      const [doc] = readSrt('n.srt', 'n.srt', Buffer.from(srt), opts);
      expect(doc!.text).toBe('Anna: Hello there.\n\nJonas: The police helped us.\n\nAnna: Good.\n');
      expect(doc!.times?.map((t) => t.time)).toEqual(['00:00:01', '00:00:03', '00:00:05']);
    }
    // A number that is a cue's words (a blank line above it, no timing line below it) stays.
    const [words] = readSrt('w.srt', 'w.srt', Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHow many shelters?\n\n2\n00:00:03,000 --> 00:00:04,000\n12\n'), opts);
    expect(words!.text).toBe('How many shelters? 12\n');
    // So does a number among the words right above the next timing line that is not the next cue's number.
    const [year] = readSrt('y.srt', 'y.srt', Buffer.from('1\n00:00:01,000 --> 00:00:04,000\nAnna: We had 2 cases in\n2019\n00:00:05,000 --> 00:00:09,000\nAnna: Funding is short.\n'), opts);
    expect(year!.text).toBe('We had 2 cases in 2019 Funding is short.\n');
  });

});

describe('Markdown link and image targets', () => {
  it('are blanked when read: an embedded image or an address is neither words nor coded, and offsets stay the file\'s', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-md-links-'));
    const image = `![logo](data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUg'.repeat(400)}=)`;
    const text = `---\nlanguage: en\n---\n${image}\n\nWe trust the [police report](https://example.org/funding-is-late "Funding") here.\n\n[1]: https://example.org/police-funding\n`;
    writeFileSync(path.join(dir, 'links.md'), text);
    const [doc] = await readDocuments(['links.md'], { cwd: dir });
    expect([...doc!.text].length).toBe([...text].length);
    expect(doc!.text).not.toMatch(/base64|example\.org|funding/);
    expect(doc!.text).toContain('We trust the [police report](');
    expect(doc!.text.slice(0, 21)).toBe('---\nlanguage: en\n---\n');
    const segments = expectExactOffsets(doc!);
    expect(segments.map((s) => s.code)).toEqual(['police', 'trust']);
    const { plainQuoteText } = await import('../../src/text/markup.js');
    expect(plainQuoteText(segments[0]!.text).replace(/\s+/g, ' ')).toBe('We trust the police report here.');
  });

  it('are blanked with a titled reference definition, brackets in the link text and parentheses in the address', async () => {
    const { blankLinkTargets } = await import('../../src/text/markup.js');
    const text = 'Our [[2024] report](https://x.org/police-never) and [police](https://en.wikipedia.org/wiki/Police_(disambiguation)) here.\n\n[a]: https://x.org/the-police-never-help-us (The police never help us)\n';
    const blanked = blankLinkTargets(text);
    expect([...blanked].length).toBe([...text].length);
    expect(blanked).not.toMatch(/x\.org|wikipedia|never help/);
    expect(blanked).toContain('Our [[2024] report](');
    const { plainQuoteText } = await import('../../src/text/markup.js');
    expect(plainQuoteText(blanked.split('\n')[0]!)).toBe('Our [2024] report and police here.');
  });

  it('are kept in a .txt file, where brackets are not Markdown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-txt-links-'));
    writeFileSync(path.join(dir, 'links.txt'), 'See [this](https://example.org/x).\n');
    const [doc] = await readDocuments(['links.txt'], { cwd: dir });
    expect(doc!.text).toBe('See [this](https://example.org/x).\n');
  });
});

describe('timed text transcripts (label and time on their own line)', () => {
  it('marks the time of each label-and-time line and of time codes before labels', () => {
    const text = 'Speaker 1  0:05\nWhat about the police?\n\nSpeaker 2  0:09\nThe police call us.\n';
    expect(timedLabelLines(text)).toEqual([{ start: 0, time: '00:00:05' }, { start: text.indexOf('Speaker 2'), time: '00:00:09' }]);
    const rev = 'Anna (00:01:05):\nWe trust them.\n\nTomas [00:02:10]\nFunding is late.\n';
    expect(timedLabelLines(rev).map((m) => m.time)).toEqual(['00:01:05', '00:02:10']);
    const prefixed = '[00:00:05] Interviewer: Why?\n[00:00:09] R1: Because.\n';
    expect(timedLabelLines(prefixed).map((m) => m.time)).toEqual(['00:00:05', '00:00:09']);
  });

  it('a text file exported by a transcription service keeps its text as it is, and its segments get the time of their turn', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-timed-'));
    const text = 'Anna (00:00:05):\nWe trust the police.\n\nTomas (00:01:10):\nFunding is late.\n';
    writeFileSync(path.join(dir, 'export.txt'), text);
    const [doc] = await readDocuments(['export.txt'], { cwd: dir });
    expect(doc!.text).toBe(text);
    const segments = expectExactOffsets(doc!);
    expect(segments.map((s) => [s.code, s.time])).toEqual([['police', '00:00:05'], ['trust', '00:00:05'], ['funding', '00:01:10']]);
  });

  it('gives no times to prose with a lone time in it', () => {
    expect(timedLabelLines('The meeting starts 10:30\nWe trust the police.\n')).toEqual([]);
    expect(timedLabelLines('Meeting 10:30\nWe trust the police.\n')).toEqual([]);
  });
  it('marks the one timed label of a transcript (its other labels untimed), and not a lone timed line of a report', () => {
    const text = 'Interviewer: Do you like it?\nAnna [00:01:05]: We trust the police.\nRuta: We trust the police too.\nInterviewer: ok?\nAnna: Again the police.\n';
    expect(timedLabelLines(text).map((m) => [text.slice(m.start, text.indexOf(':', m.start)), m.time])).toEqual([
      ['Interviewer', ''], ['Anna [00', '00:01:05'], ['Ruta', ''], ['Interviewer', ''], ['Anna', ''],
    ]);
    expect(timedLabelLines('Minutes [10:30]: the board met.\nThe police came.\n')).toEqual([]);
  });
});
