// What readers find in files they can read (PDF pages without text, subtitle cues out of order) reaches the user of every streaming command, cached or not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makePdf } from '../io/make-pdf.js';
import { runCliWithoutLanguageNotes as runCli } from '../report/harness.js';

describe('reader findings in streaming commands', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-reader-findings-'));
  writeFileSync(path.join(dir, 'scan.pdf'), makePdf([[{ text: 'We trust the police.', y: 700 }], []]));
  writeFileSync(path.join(dir, 'call.vtt'), 'WEBVTT\n\n00:00:05.000 --> 00:00:03.000\n<v Anna>We trust the police.\n');
  const pdfLine = 'qeval: warning: scan.pdf: page 2 has no text layer (scanned?); its text is missing (qeval does not do OCR)\n';
  const vttLine = /^qeval: warning: call\.vtt: line 3: end timestamp is not greater than start timestamp; the cues are read in order of their start times/m;

  test('code and score say them once per file, and a re-run served from the cache says them again', async () => {
    for (const argv of [['code', '.', '--no-model', '-o', 'segments.csv'], ['score', '.', '--no-model', '-o', 'scores.csv'], ['code', '.', '--no-model', '--cache', 'cache', '-o', 'a.csv'], ['code', '.', '--no-model', '--cache', 'cache', '-o', 'b.csv']]) {
      const r = await runCli([...argv, '-q'], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr.split(pdfLine).length - 1, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toMatch(vttLine);
    }
  });
});
