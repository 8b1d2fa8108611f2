// `qeval run` on a study whose sources hold unreadable files: the others are reported on, failures.csv is written in the output folder.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makePdf } from '../io/make-pdf.js';
import { runCli } from '../report/harness.js';

const qeval = (args: string[], cwd: string) => runCli(args, cwd, { env: { NO_COLOR: '1' } });

describe('qeval run with unreadable sources', { timeout: 120_000 }, () => {
  it('codes the readable ones, names each failure, lists them in failures.csv and exits 2 (0 with --allow-failures)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-run-'));
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'a.md'), '---\norganization: alpha\nlanguage: en\n---\nR1: We trust the police.\n\nInterviewer: And funding?\n\nR1: Funding is always late.\n');
    writeFileSync(path.join(dir, 'docs', 'scan.pdf'), makePdf([[]]));
    writeFileSync(path.join(dir, 'qeval.yaml'), 'title: Test study\nsources: [docs]\nformats: [md]\noutput: out\n');
    const r = await qeval(['run', '--no-model', '--no-grid'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: docs\/scan\.pdf: the PDF has no text layer/m);
    expect(readFileSync(path.join(dir, 'out', 'failures.csv'), 'utf8')).toBe('file,line,code,message\r\ndocs/scan.pdf,,PDF_NO_TEXT,the PDF has no text layer on any of its 1 page (a scanned document?); qeval does not do OCR: run OCR first (e.g. ocrmypdf) or give the text\r\n');
    expect(readFileSync(path.join(dir, 'out', 'segments.csv'), 'utf8')).toContain('docs/a.md');
    expect((await qeval(['run', '--no-model', '--no-grid', '--allow-failures'], dir)).status).toBe(0);
    writeFileSync(path.join(dir, 'docs', 'scan.pdf'), makePdf([[{ text: 'The police call us.', y: 700 }]]));
    expect((await qeval(['run', '--no-model', '--no-grid'], dir)).status).toBe(0);
    expect(existsSync(path.join(dir, 'out', 'failures.csv'))).toBe(false);
  });
});
