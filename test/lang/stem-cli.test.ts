// End-to-end runs of `qeval stem` through the CLI entry point with in-memory streams.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../report/harness.js';

const REFERENCE = new URL('../data/lt-snowball-stems/voc_stem_pairs.tsv', import.meta.url);

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

const run = (argv: string[], stdin: string | Uint8Array = ''): Promise<Run> => runCli(argv, process.cwd(), { stdin });

function readReference(): { words: string[]; stems: string[] } {
  const rows = readFileSync(REFERENCE, 'utf8').split('\n').slice(1).filter((line) => line !== '');
  const words: string[] = [];
  const stems: string[] = [];
  for (const row of rows) {
    const [word = '', stem = ''] = row.split('\t');
    words.push(word);
    stems.push(stem);
  }
  return { words, stems };
}

describe('qeval stem', () => {
  it('stems all 86,109 reference words read from stdin exactly as the Snowball reference', async () => {
    const { words, stems } = readReference();
    expect(words).toHaveLength(86_109);
    const result = await run(['stem', '--lang', 'lt'], `${words.join('\n')}\n`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = result.stdout.split('\n');
    expect(output.pop()).toBe('');
    expect(output).toHaveLength(stems.length);
    const mismatches = output.filter((stem, i) => stem !== stems[i]).length;
    expect(mismatches, `${mismatches} of ${stems.length} stems differ from the reference`).toBe(0);
  });

  it('takes words from arguments, lowercases them, and prints one stem per line', async () => {
    const result = await run(['stem', '--lang', 'lt', 'Prekyba', 'PREKYBOS', 'aukoms']);
    expect(result).toEqual({ status: 0, stdout: 'prekyb\nprekyb\nauk\n', stderr: '' });
  });

  it('splits stdin on any whitespace and drops a UTF-8 BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' collaborate\tcollaboration\r\n\ncollaborating ')]);
    const result = await run(['stem', '--lang', 'en'], bytes);
    expect(result).toEqual({ status: 0, stdout: 'collabor\ncollabor\ncollabor\n', stderr: '' });
  });

  it('prints nothing for empty stdin', async () => {
    expect(await run(['stem', '--lang', 'en'], '')).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('rejects an unknown language with status 2 and one qeval: line', async () => {
    const result = await run(['stem', '--lang', 'xx', 'word']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('qeval: unknown language "xx"; use one of: en, lt\n');
  });

  it('rejects stdin that is not UTF-8 with status 2', async () => {
    const result = await run(['stem', '--lang', 'lt'], Uint8Array.from([0x6b, 0xe0, 0x72])); // "kąr" in Windows-1257
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^qeval: <stdin>: stdin is not valid UTF-8[^\n]*\n$/);
  });

  it('shows usage with an example', async () => {
    const result = await run(['stem', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--lang <code>');
    expect(result.stdout).toContain('qeval stem --lang lt');
  });
});
