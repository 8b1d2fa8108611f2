// Advice in warnings and errors names only what the command has: flags a command lacks, or a study run's keys in place of flags.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { studyWording } from '../../src/cli/commands/run.js';
import { runCli } from '../report/harness.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'qeval-advice-'));
const ASKS = 'Speaker 1: How is the work going with the partners?\n\nSpeaker 2: It is hard, we do not have enough staff and the funding comes late.\n\nSpeaker 1: And what works well?\n\nSpeaker 2: The team is strong and the women trust us.\n';

describe('advice names what the command has', { timeout: 120_000 }, () => {
  test('swot, report and export, which have no --interviewer, name the codebook\'s interviewer list; code names the flag', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'stt.txt'), ASKS);
    writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization,language\nstt.txt,alpha,en\n');
    for (const args of [['swot', 'stt.txt', '--format', 'json'], ['report', 'stt.txt', '-o', 'rep', '--format', 'json'], ['export', 'stt.txt', '-o', 'x.qdpx']]) {
      const r = await runCli([...args, '-a', 'attributes.csv', '--no-model'], dir);
      expect(r.status, args[0]).toBe(0);
      expect(r.stderr, args[0]).toContain('"Speaker 1" asks questions in 2 of 2 turns');
      expect(r.stderr, args[0]).toContain('add them to the codebook\'s speakers: interviewer list');
      expect(r.stderr, args[0]).not.toContain('--interviewer');
    }
    const code = await runCli(['code', 'stt.txt', '--no-model', '-q'], dir);
    expect(code.stderr).toContain('name them with --interviewer LABEL');
  });

  test('a study run says the study file\'s "encoding:" key where a command names --encoding', async () => {
    expect(studyWording('a NUL byte here: not a text file, or UTF-16 without a byte-order mark (name it with --encoding utf-16le)')).toBe('a NUL byte here: not a text file, or UTF-16 without a byte-order mark (name it with "encoding: utf-16le" in the study file)');
    expect(studyWording('not valid UTF-8; name the encoding with --encoding')).toBe('not valid UTF-8; name the encoding with "encoding:" in the study file');
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.txt'), 'R1: The police call us every week and we trust them.\n');
    // UTF-16 without a byte-order mark: the advice is to name the encoding.
    writeFileSync(path.join(dir, 'bad.txt'), Buffer.from('R1: We trust the police and the shelter.\n', 'utf16le'));
    writeFileSync(path.join(dir, 'qeval.yaml'), 'title: T\nsources: [good.txt, bad.txt]\nlang: [en]\nformats: [json]\noutput: out\n');
    const r = await runCli(['run', '--no-grid', '--no-model', '--allow-failures'], dir);
    expect(r.stderr).toContain('bad.txt:1:2: a NUL byte here: UTF-16 without a byte-order mark, it seems (name it with "encoding: utf-16le" in the study file, or save it as UTF-8)');
    expect(r.stderr).not.toContain('--encoding');
    // The document outside every organization is named, in the number it has, as report names it.
    expect(r.stderr).toContain('qeval: warning: 1 document has no "organization" attribute (good.txt): it counts in the overall SWOT and the summary, but in no organization report\n');
  });
});
