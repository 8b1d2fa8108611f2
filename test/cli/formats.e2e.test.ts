// End-to-end: the real binary on a folder mixing every format, with bad files among them: offsets, pages, times, failures lists.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sliceCodePoints } from '../../src/engine/positions.js';
import { readDocuments } from '../../src/io/read-documents.js';
import type { CodedSegment } from '../../src/model/types.js';
import { makeDocx, para, run as wrun } from '../io/make-office.js';
import { makePdf } from '../io/make-pdf.js';

const bin = path.resolve('bin/qeval.js');
const qeval = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('a folder mixing .docx, .pdf, .vtt, .srt, .txt, .md and survey .csv', { timeout: 180_000 }, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qeval-formats-'));
    const docs = path.join(dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'interview.docx'), makeDocx([
      para(wrun('Interviewer:', true) + wrun(' How do you work with the police?')),
      para(wrun('Anna:', true) + wrun(' We trust the police officers in our town.')),
      para(wrun('Interviewer:', true) + wrun(' And funding?')),
      para(wrun('Anna:', true) + wrun(' Funding is always late and short.')),
    ].join('')));
    writeFileSync(path.join(docs, 'report.pdf'), makePdf([
      [{ text: 'Annual report', y: 800, size: 9 }, { text: 'The shelter has no regular contact with the munici-', y: 700 }, { text: 'pality.', y: 686 }, { text: '1', y: 40, size: 9 }],
      [{ text: 'Annual report', y: 800, size: 9 }, { text: 'Women trust the staff of the shelter.', y: 700 }, { text: '2', y: 40, size: 9 }],
    ]));
    writeFileSync(path.join(docs, 'meeting.vtt'), 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Do you work with the police?</v>\n\n2\n00:00:05.000 --> 00:00:09.000\n<v Ruta>We trust the police, they call us every week.</v>\n');
    writeFileSync(path.join(docs, 'video.srt'), '1\n00:00:01,000 --> 00:00:04,000\nThe police help us.\n\n2\n00:00:09,000 --> 00:00:12,000\nWe have no money for the shelter.\n');
    writeFileSync(path.join(docs, 'notes.txt'), 'Interviewer: How is it?\n\nR1: Funding is late and we trust the police.\n');
    writeFileSync(path.join(docs, 'memo.md'), '---\nlanguage: en\n---\nThe police do not trust us.\n');
    writeFileSync(path.join(docs, 'survey.csv'), 'respondent,answer\nr1,We trust the police officers a lot here.\n');
    writeFileSync(path.join(dir, 'attributes.csv'), `document,organization\n${['interview.docx', 'report.pdf', 'meeting.vtt', 'video.srt', 'notes.txt', 'memo.md', 'survey.csv'].map((f) => `docs/${f},alpha`).join('\n')}\n`);
  });

  it('codes them all with exact offsets into each document text, pages for the PDF and times for the subtitles', async () => {
    const r = qeval(['code', 'docs', '--no-model', '-f', 'json', '-o', 'segments.json'], dir);
    expect(r.stderr).toContain('coded 7 documents');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'segments.json.failures.csv'))).toBe(false);
    const segments = JSON.parse(readFileSync(path.join(dir, 'segments.json'), 'utf8')) as CodedSegment[];
    const texts = new Map((await readDocuments(['docs'], { cwd: dir })).map((d) => [d.id, d.text]));
    expect(new Set(segments.map((s) => s.document))).toEqual(new Set(['docs/interview.docx', 'docs/report.pdf', 'docs/meeting.vtt', 'docs/video.srt', 'docs/notes.txt', 'docs/memo.md', 'docs/survey.csv#r1']));
    for (const s of segments) expect(sliceCodePoints(texts.get(s.document)!, s.start, s.end)).toBe(s.text);
    const pdf = segments.filter((s) => s.document === 'docs/report.pdf');
    expect(pdf.find((s) => s.text.includes('municipality'))?.page).toBe(1);
    expect(pdf.find((s) => s.text.startsWith('Women trust'))?.page).toBe(2);
    expect(segments.filter((s) => s.document === 'docs/meeting.vtt').map((s) => [s.speaker, s.time])).toContainEqual(['Ruta', '00:00:05']);
    expect(segments.find((s) => s.document === 'docs/video.srt' && s.text.includes('money'))?.time).toBe('00:00:09');
    expect(segments.filter((s) => s.document === 'docs/interview.docx').every((s) => s.speaker === 'Anna')).toBe(true);
    expect(segments.filter((s) => s.document !== 'docs/report.pdf').every((s) => s.page === undefined)).toBe(true);
    // `qeval text` shows a user the very text the offsets index.
    for (const id of ['docs/report.pdf', 'docs/meeting.vtt']) {
      const shown = qeval(['text', id], dir).stdout;
      expect(shown).toBe(texts.get(id));
      for (const s of segments.filter((x) => x.document === id)) expect(sliceCodePoints(shown, s.start, s.end)).toBe(s.text);
    }
  });

  it('writes the page and time columns to CSV, and a report read from that CSV cites them in its quotes', () => {
    expect(qeval(['code', 'docs', '--no-model', '-o', 'segments.csv'], dir).status).toBe(0);
    const r = qeval(['report', 'segments.csv', '-a', 'attributes.csv', '--top', '50', '--format', 'md', '-o', 'reports'], dir);
    expect(r.status).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', 'organizations', 'alpha.md'), 'utf8');
    expect(md).toMatch(/docs\/report\.pdf, line \d+, page 2/);
    expect(md).toMatch(/docs\/meeting\.vtt, line \d+, at 00:00:05/);
  });

  it('with bad files among them: one line each, the others coded, a failures list beside the output, exit 2 (0 with --allow-failures)', () => {
    const bad = path.join(dir, 'docs', 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'locked.pdf'), makePdf([[{ text: 'secret', y: 700 }]], { encrypted: true }));
    writeFileSync(path.join(bad, 'scan.pdf'), makePdf([[]]));
    writeFileSync(path.join(bad, 'broken.docx'), 'PK\u0003\u0004 not really');
    writeFileSync(path.join(bad, 'empty.srt'), '');
    const r = qeval(['code', 'docs', '--no-model', '-o', 'mixed.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('qeval: docs/bad/'))).toEqual([
      expect.stringMatching(/^qeval: docs\/bad\/broken\.docx: not a readable Word file/),
      'qeval: docs/bad/empty.srt: the file is empty',
      expect.stringMatching(/^qeval: docs\/bad\/locked\.pdf: the PDF is encrypted/),
      expect.stringMatching(/^qeval: docs\/bad\/scan\.pdf: the PDF has no text layer .*OCR/),
    ]);
    expect(r.stderr).toContain('coded 7 documents');
    expect(readFileSync(path.join(dir, 'mixed.csv'), 'utf8')).toContain('docs/report.pdf');
    const failures = readFileSync(path.join(dir, 'mixed.csv.failures.csv'), 'utf8').trim().split('\r\n');
    expect(failures[0]).toBe('file,line,code,message');
    expect(failures.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'docs/bad/broken.docx,,ARCHIVE_CORRUPT', 'docs/bad/empty.srt,,EMPTY_FILE', 'docs/bad/locked.pdf,,PDF_ENCRYPTED', 'docs/bad/scan.pdf,,PDF_NO_TEXT',
    ]);
    expect(qeval(['code', 'docs', '--no-model', '-o', 'mixed.csv', '--allow-failures'], dir).status).toBe(0);
    // A later run that reads every file removes the stale list.
    expect(qeval(['code', 'docs/report.pdf', '--no-model', '-o', 'mixed.csv'], dir).status).toBe(0);
    expect(existsSync(path.join(dir, 'mixed.csv.failures.csv'))).toBe(false);
    // A report into a folder gets failures.csv there.
    const rep = qeval(['report', 'docs', '--no-model', '-a', 'attributes.csv', '--format', 'md', '-o', 'reports2'], dir);
    expect(rep.status).toBe(2);
    expect(readFileSync(path.join(dir, 'reports2', 'failures.csv'), 'utf8')).toContain('docs/bad/scan.pdf,,PDF_NO_TEXT');
    expect(existsSync(path.join(dir, 'reports2', 'summary.md'))).toBe(true);
  });
});
