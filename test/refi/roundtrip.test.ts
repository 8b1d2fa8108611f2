// qeval -> QDPX -> qeval keeps documents, codes and segments exactly; exports validate against the REFI-QDA schemas.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCodebook } from '../../src/codebook/load.js';
import type { CodeSpec } from '../../src/codebook/types.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { openArchive } from '../../src/refi/archive.js';
import type { CodedSegment } from '../../src/model/types.js';
import { DATA, hasXmllint, qeval, tempDir, validate } from './helpers.js';
import { writeStudy } from './fixture.js';

const xmllintMissing = !hasXmllint() && !process.env.CI;
if (xmllintMissing) console.warn('XSD validation skipped: xmllint not found (apt-get install -y libxml2-utils); CI runs it');

/** Codes the study, adds a person's segments and a model-coded one, and writes them as one segments file. */
async function codedStudy(): Promise<{ dir: string; segments: CodedSegment[] }> {
  const dir = tempDir();
  writeStudy(dir);
  const coded = await qeval(['code', 'interviews', 'reports', '-c', 'codebook.yaml', '-a', 'attributes.csv', '-f', 'json', '-o', 'auto.json'], dir);
  expect(coded.status).toBe(0);
  const segments = await readSegmentsFile(path.join(dir, 'auto.json'));
  const docB = readFileSync(path.join(dir, 'reports/b.txt'), 'utf8');
  const cps = Array.from(docB);
  const span = (text: string) => {
    const at = Array.from(docB.slice(0, docB.indexOf(text))).length;
    return { start: at, end: at + Array.from(text).length, text: cps.slice(at, at + Array.from(text).length).join('') };
  };
  segments.push(
    { document: 'reports/b.txt', code: 'networking.police', ...span('Ataskaita apie policiją.'), line: 1, unit: 'sentence:1', speaker: null, coder: 'Ana Petraitė', rule: null, matched: [] },
    { document: 'reports/b.txt', code: 'strength', ...span('Zoë, e\u0301, 𝔘nicode'), line: 3, unit: 'sentence:4', speaker: null, coder: 'Ana Petraitė', rule: null, matched: [] },
    { document: 'reports/b.txt', code: 'weakness.resources', ...span('there is no money for rent.'), line: 2, unit: 'sentence:2', speaker: null, coder: 'qeval refi-test@2.1.0', rule: null, matched: [], method: 'model', probability: 0.8125, features: ['neg:money', 'w:rent'] },
  );
  writeFileSync(path.join(dir, 'all.json'), JSON.stringify(segments));
  return { dir, segments };
}

const sortKey = (s: CodedSegment) => JSON.stringify([s.document, s.start, s.end, s.code, s.coder, s.rule]);
const normalized = (list: CodedSegment[]) => list.map((s) => JSON.parse(JSON.stringify(s)) as CodedSegment).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));

function flatCodes(codes: readonly CodeSpec[]): Omit<CodeSpec, 'rules' | 'codes'>[] {
  return codes.flatMap(({ rules: _r, codes: children, ...rest }) => [rest, ...flatCodes(children ?? [])]);
}

describe('REFI-QDA round trip', () => {
  it('qeval -> QDPX -> qeval gives the same documents, attributes, codes and segments', async () => {
    const { dir, segments } = await codedStudy();
    const out = await qeval(['export', 'all.json', '-c', 'codebook.yaml', '-a', 'attributes.csv', '-o', 'study.qdpx'], dir);
    expect(out.stderr).toContain('wrote study.qdpx: 2 sources, 6 codes');
    expect(out.status).toBe(0);
    const imp = await qeval(['import', 'study.qdpx', '-o', 'back'], dir);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toMatch(/sources +2\n +codes +6\n +codings +\d+ \(Ana Petraitė 2, qeval refi-test@2.1.0 \d+\)/);

    // Documents: same ids, texts and attributes.
    const original = await readDocuments(['interviews', 'reports'], { cwd: dir, attributes: 'attributes.csv' });
    const back = await readDocuments(['back/documents'], { cwd: dir, root: 'back/documents', attributes: 'back/attributes.csv' });
    expect(back.map((d) => [d.id, d.text, d.attributes])).toEqual(original.map((d) => [d.id, d.text, d.attributes]));

    // Segments: every field.
    const imported = await readSegmentsFile(path.join(dir, 'back/segments.csv'));
    expect(normalized(imported)).toEqual(normalized(segments));
    expect(imported.find((s) => s.method === 'model')).toMatchObject({ probability: 0.8125, features: ['neg:money', 'w:rent'] });

    // Codes: ids, labels, definitions, use/not-use notes, examples, colors, quadrants, hierarchy; a valid codebook.
    const book = parseCodebook(readFileSync(path.join(dir, 'back/codebook.yaml'), 'utf8'), 'codebook.yaml');
    const source = parseCodebook(readFileSync(path.join(dir, 'codebook.yaml'), 'utf8'), 'codebook.yaml');
    expect(flatCodes(book.spec.codes)).toEqual(flatCodes(source.spec.codes));
    expect(book.codes.map((c) => [c.id, c.parent])).toEqual(source.codes.map((c) => [c.id, c.parent]));
    expect(book.spec).toMatchObject({ codebook: 'refi-test', version: '2.1.0', language: 'en', unit: 'sentence' });
    expect(book.codes.every((c) => c.rules.length === 0)).toBe(true);
  }, 60_000);

  it('--positions utf16 (for NVivo) counts UTF-16 units, says so, and imports back to the same segments', async () => {
    const { dir, segments } = await codedStudy();
    const out = await qeval(['export', 'all.json', '-c', 'codebook.yaml', '--positions', 'utf16', '-o', 'nvivo.qdpx'], dir);
    expect(out.status).toBe(0);
    const archive = await openArchive(readFileSync(path.join(dir, 'nvivo.qdpx')), 'nvivo.qdpx');
    const qde = (await archive.read('project.qde')).toString('utf8');
    archive.close();
    // "𝔘nicode" follows "Zoë, é, " in b.txt: its selection starts one unit later than in code points.
    const zoe = segments.find((s) => s.text.startsWith('Zoë'))!;
    expect(qde).toContain(`startPosition="${zoe.start}" endPosition="${zoe.end + 1}"`);
    expect(qde).toContain('qeval positions: utf16');
    const imp = await qeval(['import', 'nvivo.qdpx', '-o', 'back'], dir);
    expect(imp.stderr).toContain('positions counted in UTF-16 code units');
    expect(normalized(await readSegmentsFile(path.join(dir, 'back/segments.csv')))).toEqual(normalized(segments));
  }, 60_000);

  it('writes the same bytes twice, and a project the other tool reads: sources, users, cases, typed variables', async () => {
    const { dir } = await codedStudy();
    await qeval(['export', 'all.json', '-c', 'codebook.yaml', '-a', 'attributes.csv', '--name', 'Study', '-o', 'one.qdpx'], dir);
    await qeval(['export', 'all.json', '-c', 'codebook.yaml', '-a', 'attributes.csv', '--name', 'Study', '-o', 'two.qdpx'], dir);
    const one = readFileSync(path.join(dir, 'one.qdpx'));
    expect(one.equals(readFileSync(path.join(dir, 'two.qdpx')))).toBe(true);
    const archive = await openArchive(one, 'one.qdpx');
    expect(archive.names[0]).toBe('project.qde');
    expect(archive.names.filter((n) => /^sources\/[0-9a-f-]{36}\.txt$/.test(n))).toHaveLength(2);
    const qde = (await archive.read('project.qde')).toString('utf8');
    archive.close();
    expect(qde).toContain('<User guid="');
    expect(qde).toMatch(/<Variable guid="[^"]+" name="staff" typeOfVariable="Integer"\/>/);
    expect(qde).toMatch(/<Variable guid="[^"]+" name="founded" typeOfVariable="Date"\/>/);
    expect(qde).toMatch(/<Variable guid="[^"]+" name="city" typeOfVariable="Text"\/>/);
    expect(qde).toContain('<TextValue>Kaunas, LT</TextValue>');
    expect(qde).toContain('name="Resources: money &amp; staff &lt;short&gt;"');
    expect(qde).toMatch(/<Code guid="[^"]+" name="Strengths" isCodable="true" color="#2e7d32">\n\s+<Description>What the organization does well now\.\n\nqeval code: strength; quadrant: strength<\/Description>/);
    expect(qde).not.toMatch(/DateTime="/);
  }, 60_000);

  it.skipIf(xmllintMissing)('validates against Project.xsd and Codebook.xsd (documents coded on the fly, and the bundled codebook)', async () => {
    const { dir } = await codedStudy();
    const out = await qeval(['export', 'interviews', 'reports', '-c', 'codebook.yaml', '-a', 'attributes.csv', '-o', 'fly.qdpx'], dir);
    expect(out.status).toBe(0);
    const archive = await openArchive(readFileSync(path.join(dir, 'fly.qdpx')), 'fly.qdpx');
    const qde = (await archive.read('project.qde')).toString('utf8');
    archive.close();
    expect(qde).toContain('<PlainTextSelection');
    const project = validate(qde, path.join(DATA, 'Project.xsd'));
    expect(project.output).toContain('validates');
    expect(project.ok).toBe(true);
    const qdc = await qeval(['export', '-c', path.join(import.meta.dirname, '../../codebooks/swot.yaml'), '-f', 'qdc'], dir);
    expect(qdc.status).toBe(0);
    expect(qdc.stdout).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"');
    const codebook = validate(qdc.stdout, path.join(DATA, 'Codebook.xsd'));
    expect(codebook.output).toContain('validates');
    expect(codebook.ok).toBe(true);
    // A schema violation is caught (the check can fail).
    expect(validate(qde.replace('isCodable="true"', 'isCodable="maybe"'), path.join(DATA, 'Project.xsd')).ok).toBe(false);
  }, 60_000);

  it('a .qdc of the bundled codebooks imports back with the same codes, name, version and language', async () => {
    const dir = tempDir();
    for (const name of ['swot.yaml', 'swot.lt.yaml']) {
      const file = path.join(import.meta.dirname, '../../codebooks', name);
      expect((await qeval(['export', '-c', file, '-o', 'book.qdc'], dir)).status).toBe(0);
      const r = await qeval(['import', 'book.qdc', '-o', name, '--force'], dir);
      expect(r.stderr).toMatch(/\(a codebook written by qeval [^)]+\(qeval codebook: swot-rehabilitation/);
      const back = parseCodebook(readFileSync(path.join(dir, name, 'codebook.yaml'), 'utf8'), 'codebook.yaml');
      const source = parseCodebook(readFileSync(file, 'utf8'), name);
      expect(flatCodes(back.spec.codes)).toEqual(flatCodes(source.spec.codes));
      expect([back.spec.codebook, back.spec.version, back.spec.language]).toEqual([source.spec.codebook, source.spec.version, source.spec.language]);
    }
  }, 60_000);

  it('a survey CSV (";" delimited) is one source with its rows as cases, and imports back as the same row documents and segments', async () => {
    const { dir, segments } = await codedStudy();
    mkdirSync(path.join(dir, 'surveys'));
    // A header cell and an id that would be coded if the header or id column were content.
    writeFileSync(path.join(dir, 'surveys/survey.csv'), 'Respondent;city;What helps? (trust, money);Zoë says\r\nR_1;Kaunas;"The women trust us; really.";Policija padeda 😀.\r\nR_2;Vilnius;Money is short and the staff are tired.;\r\nR_3;Kaunas;"Two lines:\r\nthe police call, we trust them.";e\u0301 staff\r\n');
    const coded = await qeval(['code', 'surveys/survey.csv', '-c', 'codebook.yaml', '-f', 'json', '-o', 'survey.json'], dir);
    expect(coded.status).toBe(0);
    const surveySegments = await readSegmentsFile(path.join(dir, 'survey.json'));
    expect(new Set(surveySegments.map((s) => s.document))).toEqual(new Set(['surveys/survey.csv#R_1', 'surveys/survey.csv#R_2', 'surveys/survey.csv#R_3']));
    const all = [...segments, ...surveySegments];
    writeFileSync(path.join(dir, 'mix.json'), JSON.stringify(all));

    const out = await qeval(['export', 'mix.json', '-c', 'codebook.yaml', '-a', 'attributes.csv', '-o', 'mix.qdpx'], dir);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain('wrote mix.qdpx: 3 sources');
    const archive = await openArchive(readFileSync(path.join(dir, 'mix.qdpx')), 'mix.qdpx');
    const qde = (await archive.read('project.qde')).toString('utf8');
    const texts = await Promise.all(archive.names.filter((n) => n.startsWith('sources/')).map(async (n) => (await archive.read(n)).toString('utf8')));
    archive.close();
    expect(qde.match(/<TextSource [^>]*name="surveys\/survey\.csv"/g)).toHaveLength(1);
    expect(qde).not.toMatch(/<TextSource [^>]*name="[^"]*#/);
    expect(qde.match(/<Case guid="[^"]+" name="surveys\/survey\.csv#R_\d"/g)).toHaveLength(3);
    expect(texts.filter((t) => t.startsWith('Respondent;'))).toHaveLength(1);
    if (!xmllintMissing) expect(validate(qde, path.join(DATA, 'Project.xsd')).ok).toBe(true);

    // agree reads the project's survey rows as documents (the coders' segments name them).
    const agree = await qeval(['agree', 'mix.qdpx', '-f', 'json'], dir);
    expect(agree.stderr).not.toMatch(/^qeval: (?!warning)/m);
    expect(agree.status).toBe(0);
    expect(agree.stdout).toContain('surveys/survey.csv#R_1');

    const imp = await qeval(['import', 'mix.qdpx', '-o', 'back'], dir);
    expect(imp.stderr).not.toContain('written as');
    expect(imp.status).toBe(0);
    expect(readFileSync(path.join(dir, 'back/documents/surveys/survey.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'surveys/survey.csv'), 'utf8').replace(/\r\n/g, '\n'));
    const original = await readDocuments(['interviews', 'reports', 'surveys/survey.csv'], { cwd: dir, attributes: 'attributes.csv' });
    const back = await readDocuments(['back/documents'], { cwd: dir, root: 'back/documents', attributes: 'back/attributes.csv' });
    expect(back.map((d) => [d.id, d.text, d.attributes])).toEqual(original.map((d) => [d.id, d.text, d.attributes]));
    expect(back.map((d) => d.id)).toContain('surveys/survey.csv#R_3');
    const imported = await readSegmentsFile(path.join(dir, 'back/segments.csv'));
    expect(normalized(imported)).toEqual(normalized(all));

    // For NVivo (UTF-16 positions; the emoji in R_1 shifts R_2 and R_3), the same segments come back.
    expect((await qeval(['export', 'mix.json', '-c', 'codebook.yaml', '--positions', 'utf16', '-o', 'nvivo.qdpx'], dir)).status).toBe(0);
    expect((await qeval(['import', 'nvivo.qdpx', '-o', 'nvivo'], dir)).status).toBe(0);
    expect(normalized(await readSegmentsFile(path.join(dir, 'nvivo/segments.csv')))).toEqual(normalized(all));

    // The imported study exports again, and coding its documents codes answers only, as the original's did.
    const again = await qeval(['export', 'segments.csv', '-c', 'codebook.yaml', '--root', 'documents', '-o', 'again.qdpx'], path.join(dir, 'back'));
    expect(again.stderr).toContain('3 sources');
    expect(again.status).toBe(0);
    const recoded = await qeval(['code', 'documents/surveys/survey.csv', '-c', '../codebook.yaml', '--root', 'documents', '-f', 'json', '-o', 'recoded.json'], path.join(dir, 'back'));
    expect(recoded.status).toBe(0);
    const strip = (list: CodedSegment[]) => list.map((s) => [s.document, s.code, s.start, s.end, s.text]);
    expect(strip(await readSegmentsFile(path.join(dir, 'back/recoded.json')))).toEqual(strip(surveySegments));
  }, 60_000);

  it('keeps each segment\'s time (subtitles, timed transcripts) through export and import', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'focus.vtt'), 'WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Ana>The police never call us back.\n\n00:01:10.000 --> 00:01:15.000\n<v Ana>We trust the shelter staff completely.\n');
    writeFileSync(path.join(dir, 'docs', 'talk.txt'), '[00:00:03] Interviewer: How is the cooperation?\n[00:00:07] R1: The municipality never answers our letters. Funding is late again.\n');
    const coded = await qeval(['code', 'docs', '--root', 'docs', '--no-model', '-q', '-f', 'json', '-o', 'seg.json'], dir);
    expect(coded.status, coded.stderr).toBe(0);
    const segments = JSON.parse(readFileSync(path.join(dir, 'seg.json'), 'utf8')) as CodedSegment[];
    expect(segments.filter((s) => s.time !== undefined).length).toBeGreaterThan(1);
    expect((await qeval(['export', 'seg.json', '--root', 'docs', '-o', 'timed.qdpx'], dir)).status).toBe(0);
    expect((await qeval(['import', 'timed.qdpx', '-o', 'back'], dir)).status).toBe(0);
    const back = await readSegmentsFile(path.join(dir, 'back/segments.csv'));
    const times = (list: CodedSegment[]) => list.map((s) => [s.start, s.code, s.time]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(times(back)).toEqual(times(segments));
  }, 60_000);

  it('imported again with --force into the same folder, leaves only the new project\'s files (documents of the old one go, a file the user changed stays)', async () => {
    const { dir } = await codedStudy();
    expect((await qeval(['export', 'all.json', '-c', 'codebook.yaml', '-a', 'attributes.csv', '-o', 'study.qdpx'], dir)).status).toBe(0);
    expect((await qeval(['import', 'study.qdpx', '-o', 'back'], dir)).status).toBe(0);
    const before = readdirSync(path.join(dir, 'back/documents'), { recursive: true }).map(String).filter((f) => f.endsWith('.txt') || f.endsWith('.md'));
    expect(before.length).toBe(2);
    writeFileSync(path.join(dir, 'back', 'notes.txt'), 'my own notes\n');
    const other = await qeval(['import', path.join(DATA, 'nvivo-win-12.6-oltas.qdpx'), '-o', 'back', '--force'], dir);
    expect(other.status, other.stderr).toBe(0);
    const after = readdirSync(path.join(dir, 'back/documents'), { recursive: true }).map(String).filter((f) => /\.(txt|md|csv)$/.test(f));
    expect(after).toEqual(['videos_selection.txt']);
    expect(readFileSync(path.join(dir, 'back', 'notes.txt'), 'utf8')).toBe('my own notes\n');
  }, 60_000);

  it('refuses a coding CSV a person wrote (not a segments file) in words about codings, not as a survey', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), '---\nlanguage: en\n---\nThe police never call us back.\n');
    writeFileSync(path.join(dir, 'coding.csv'), 'document,code,text,coder\na.md,weakness,The police never call us back.,Ann\n');
    for (const command of [['export', '-o', 'x.qdpx'], ['report', '-o', 'rep'], ['swot']]) {
      const r = await qeval([command[0]!, 'coding.csv', 'a.md', ...command.slice(1)], dir);
      expect(r.stderr).toBe('qeval: coding.csv:1:1: a coding CSV (document, code, and text or start and end columns), not a survey nor a segments file qeval wrote: qeval agree and qeval train read it; here give documents, or segments files written by qeval code or qeval import\n');
      expect(r.status).toBe(2);
    }
  }, 60_000);

  it('exports segments files only when their documents are found under --root', async () => {
    const { dir } = await codedStudy();
    const r = await qeval(['export', 'all.json', '-c', 'codebook.yaml', '--root', 'elsewhere', '-o', 'x.qdpx'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: elsewhere\/interviews\/a\.md: the segments name document "interviews\/a\.md", which is not in elsewhere; give the folder/m);
    const mismatch = JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8')) as CodedSegment[];
    mismatch[0]!.text = 'changed';
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(mismatch));
    const bad = await qeval(['export', 'bad.json', '-c', 'codebook.yaml', '-o', 'y.qdpx'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('does not match the text of');
    expect(bad.stderr.split('\n').filter((l) => l.startsWith('qeval: ') && !l.startsWith('qeval: warning'))).toHaveLength(1);
  }, 60_000);
});
