// `swot`, `report`, `terms`, `text` and `kwic` read "-" from standard input like `code`: a document, or segments `qeval code` wrote.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { segmentsKindOf } from '../../src/io/read-segments.js';
import { runCli } from '../report/harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qeval-stdin-'));
const TRANSCRIPT = '---\nlanguage: en\norganization: alpha\n---\nInterviewer: How do you work with the police?\n\nRespondent: We trust the staff, but the police never call us back and funding arrives late.\n';
writeFileSync(path.join(dir, 'a.md'), TRANSCRIPT);

const run = (args: string[], stdin = '') => runCli(args, dir, { stdin });

describe('standard input', () => {
  it('tells segments from documents', () => {
    expect(segmentsKindOf('[\n  {"document": "a"}]')).toBe('json');
    expect(segmentsKindOf('[]\n')).toBe('json');
    expect(segmentsKindOf('{"document":"a"}\n')).toBe('ndjson');
    expect(segmentsKindOf('document,code,start,end,line,unit,speaker,text\r\n')).toBe('csv');
    expect(segmentsKindOf('[Interviewer] How are you?\n[Ona] Fine.')).toBeUndefined();
    expect(segmentsKindOf('Interviewer: How?')).toBeUndefined();
  });
  it('reads a segments CSV a spreadsheet re-saved with ";", a BOM, CRLF and decimal commas as the file qeval wrote', async () => {
    const coded = await run(['code', 'a.md', '-f', 'csv']);
    expect(coded.status).toBe(0);
    const { parseCsvRecords } = await import('../../src/io/csv.js');
    const { records } = parseCsvRecords(coded.stdout, 'seg.csv');
    const cell = (c: string) => (/[;"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : /^0\.\d+$/.test(c) ? c.replace('.', ',') : c);
    writeFileSync(path.join(dir, 'seg-excel.csv'), `\ufeff${records.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`);
    writeFileSync(path.join(dir, 'seg-plain.csv'), coded.stdout);
    expect(segmentsKindOf(readFileSync(path.join(dir, 'seg-excel.csv'), 'utf8'))).toBe('csv');
    const excel = await run(['swot', 'seg-excel.csv', '-f', 'json']);
    const plain = await run(['swot', 'seg-plain.csv', '-f', 'json']);
    expect(excel.stderr.replace(/seg-excel/g, 'seg-plain')).toBe(plain.stderr);
    expect(excel.status).toBe(0);
    expect(excel.stdout.replace(/seg-excel/g, 'seg-plain')).toBe(plain.stdout);
    // Saved as "Unicode text": UTF-16 with a byte order mark, cells between tabs.
    const tabbed = records.map((r) => r.map((c) => (/[\t"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t')).join('\r\n');
    writeFileSync(path.join(dir, 'seg-u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${tabbed}\r\n`, 'utf16le')]));
    const u16 = await run(['swot', 'seg-u16.csv', '-f', 'json']);
    expect(u16.status).toBe(0);
    expect(u16.stdout.replace(/seg-u16/g, 'seg-plain')).toBe(plain.stdout);
  });
  it('swot reads segments piped from `qeval code` (JSON and CSV) as it reads them from a file', async () => {
    for (const format of ['json', 'csv', 'ndjson']) {
      const coded = await run(['code', 'a.md', '-f', format, '--no-model']);
      expect(coded.status).toBe(0);
      writeFileSync(path.join(dir, `seg.${format}`), coded.stdout);
      const fromFile = await run(['swot', `seg.${format}`, '-f', 'json', '--no-model']);
      const fromPipe = await run(['swot', '-', '-f', 'json', '--no-model'], coded.stdout);
      expect(fromPipe.status, fromPipe.stderr).toBe(0);
      expect(fromPipe.stdout).toBe(fromFile.stdout);
      expect(JSON.parse(fromPipe.stdout).overall.segments).toBeGreaterThan(0);
    }
  });
  it('swot, report and terms code a document piped in', async () => {
    const swot = await run(['swot', '-', '-f', 'json', '--no-model'], TRANSCRIPT);
    expect(swot.status, swot.stderr).toBe(0);
    expect(swot.stdout).toBe((await run(['swot', 'a.md', '-f', 'json', '--no-model'])).stdout.replaceAll('"a.md"', '"-"'));
    const report = await run(['report', '-', '--no-model', '-o', 'out', '--format', 'md'], TRANSCRIPT);
    expect(report.status, report.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toContain('summary.md');
    expect(readFileSync(path.join(dir, 'out', 'summary.md'), 'utf8')).toContain('police');
    const terms = await run(['terms', '-', '--lang', 'en', '-f', 'csv', '--no-stopwords'], TRANSCRIPT);
    expect(terms.status, terms.stderr).toBe(0);
    expect(terms.stdout).toMatch(/\r\npolic,1,1,police\r\n/);
    // The interviewer's question is not counted: "work" appears only there.
    expect(terms.stdout).not.toMatch(/\r\nwork,/);
  });
  it('text prints, and kwic searches, a document piped in as they do the same file', async () => {
    const text = await run(['text', '-'], TRANSCRIPT);
    expect(text.status, text.stderr).toBe(0);
    // Front matter is no text of the document, from a file or a pipe.
    expect(text.stdout).toBe((await run(['text', 'a.md'])).stdout);
    expect(text.stdout).toContain('the police never call us back');
    const kwic = await run(['kwic', 'police', '-', '--term', '-f', 'csv'], TRANSCRIPT);
    expect(kwic.status, kwic.stderr).toBe(0);
    expect(kwic.stdout).toBe((await run(['kwic', 'police', 'a.md', '--term', '-f', 'csv'])).stdout.replaceAll('a.md', "'-"));
  });
  it('reports broken segments on standard input with "-" and the line', async () => {
    const r = await run(['swot', '-', '--no-model'], '{"document":"a.md","code":"x"}\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: -:1:1: missing field "start"/);
  });
});
