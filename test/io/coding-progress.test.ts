// A large file's coding is told as it goes (so the progress bar moves while one large file is coded), in this thread and from worker threads.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, test } from 'vitest';
import { FileAnalyzer, type AnalysisSettings, type FileResult, type FileTask } from '../../src/io/analysis.js';
import { progressBar } from '../../src/cli/progress-bar.js';

const BOOK = `codebook: progress-test
version: 1.0.0
language: en
unit: sentence
codes:
  - id: trust
    label: Trust
    definition: Trust in the services.
    rules:
      - any: [trust]
`;

/** A folder with the codebook, a transcript of about `kb` kB and a short note. */
function corpus(kb: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-io-'));
  writeFileSync(path.join(dir, 'book.yaml'), BOOK);
  const line = 'Women trust the shelter, and the staff answer their calls at night.\n\n';
  writeFileSync(path.join(dir, 'long.txt'), line.repeat(Math.ceil((kb * 1000) / line.length)));
  writeFileSync(path.join(dir, 'short.txt'), 'Women trust the shelter.\n');
  return dir;
}

function settings(dir: string): AnalysisSettings {
  const book = path.join(dir, 'book.yaml');
  return { cwd: dir, root: dir, codebooks: [{ abs: book, display: book }], model: false, code: {}, segments: { format: 'csv' }, scores: false };
}

const task = (dir: string, name: string): FileTask => ({ file: path.join(dir, name), id: name, size: statSync(path.join(dir, name)).size });

describe('FileAnalyzer tells how far a file is coded', () => {
  it('after each window of a document of several windows, in growing bytes short of the whole file', async () => {
    const dir = corpus(60);
    const heard: number[] = [];
    const t = task(dir, 'long.txt');
    const result = await new FileAnalyzer(settings(dir)).analyze(t, (bytes) => heard.push(bytes));
    expect(result.documents[0]!.segments).toBeGreaterThan(100);
    // Some 60 kB in windows of about 8 kB: a report after each window but the last.
    expect(heard.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < heard.length; i++) expect(heard[i]).toBeGreaterThan(heard[i - 1]!);
    expect(heard[0]).toBeGreaterThan(0);
    expect(heard[heard.length - 1]).toBeLessThanOrEqual(t.size!);
    expect(heard[heard.length - 1]).toBeGreaterThan(t.size! * 0.8);
  });
  it('lets the event loop run between windows, so a stop (Ctrl-C) is heard within a window, not after the whole file', async () => {
    const dir = corpus(60);
    let turns = 0;
    let more = true;
    const spin = () => {
      turns++;
      if (more) setImmediate(spin);
    };
    setImmediate(spin);
    let windows = 0;
    await new FileAnalyzer(settings(dir)).analyze(task(dir, 'long.txt'), () => windows++);
    more = false;
    // One turn of the loop at least per window coded.
    expect(windows).toBeGreaterThanOrEqual(5);
    expect(turns).toBeGreaterThanOrEqual(windows);
  });
  it('never for a document of one window (it is done at once)', async () => {
    const dir = corpus(60);
    const heard: number[] = [];
    await new FileAnalyzer(settings(dir)).analyze(task(dir, 'short.txt'), (bytes) => heard.push(bytes));
    expect(heard).toEqual([]);
  });
});

/** The build's pool module (npm test compiles it before the tests run): its worker threads exist only there. */
const BUILT_POOL = new URL('../../dist/io/analysis-pool.js', import.meta.url);
const built = existsSync(fileURLToPath(BUILT_POOL));

describe('a worker thread tells how far it has coded a large file', { timeout: 120_000 }, () => {
  test.skipIf(!built)('on a channel of the task: the main thread hears it before the file is done, the results as in one thread', async () => {
    const { analyzeFiles } = (await import(BUILT_POOL.href)) as typeof import('../../src/io/analysis-pool.js');
    // The large file comes first, so the worker thread takes it while this thread codes the short one.
    const dir = corpus(1300);
    const tasks = [task(dir, 'long.txt'), task(dir, 'short.txt')];
    const heard: [string, number][] = [];
    const results: FileResult[] = [];
    for await (const r of analyzeFiles(tasks, settings(dir), 2, undefined, (id, bytes) => heard.push([id, bytes]))) {
      results.push(r);
      // Nothing is heard of a file once it is handed on.
      const after = heard.length;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard.slice(after).filter(([id]) => id === r.id)).toEqual([]);
    }
    const long = heard.filter(([id]) => id === 'long.txt').map(([, b]) => b);
    expect(long.length).toBeGreaterThan(3);
    for (let i = 1; i < long.length; i++) expect(long[i]).toBeGreaterThan(long[i - 1]!);
    expect(long[long.length - 1]).toBeLessThanOrEqual(tasks[0]!.size!);
    expect(results.map((r) => [r.id, r.documents[0]!.segments])).toEqual([
      ['long.txt', (await new FileAnalyzer(settings(dir)).analyze(tasks[0]!)).documents[0]!.segments],
      ['short.txt', 1],
    ]);
  });
});

describe('the progress bar', () => {
  /** A bar on a fake terminal, and what it drew. */
  async function bar(files: number, bytes: number) {
    let screen = '';
    const term = { write: (c: string | Uint8Array) => ((screen += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true), isTTY: true };
    const io = { stdout: { ...term, isTTY: false }, stderr: term, stdin: Readable.from([]), cwd: '/', env: {} };
    return { b: await progressBar(io, 'coding', files, bytes), screen: () => screen };
  }
  /** The fill of the last frame drawn (the bar is 24 characters of `=` done and `-` to do). */
  const lastFill = (screen: string) => [...screen.matchAll(/coding ([=-]{24}) (\d+)\/(\d+) files/g)].pop()!.slice(1, 3);

  it('leaves line wrapping on (lines written meanwhile are never cut at the margin) and cuts its own frame one column short', async () => {
    let screen = '';
    const term = { write: (c: string | Uint8Array) => ((screen += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true), isTTY: true, columns: 40 };
    const io = { stdout: { ...term, isTTY: false }, stderr: term, stdin: Readable.from([]), cwd: '/', env: {} };
    const b = await progressBar(io, 'coding', 3, 3000);
    b.tick(1000, 'a');
    b.stop();
    expect(screen).not.toContain('\u001b[?7l');
    // eslint-disable-next-line no-control-regex
    const frames = [...screen.matchAll(/coding [^\r\u001b]*/g)].map((m) => m[0]);
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(39);
  });
  it('tells no time left before 2% of the bytes are done', async () => {
    const { b, screen } = await bar(2, 100_000);
    b.coding('big', 1000);
    b.stop();
    expect(screen()).toMatch(/ETA --/);
    expect(screen()).not.toMatch(/ETA \d/);
  });
  it('moves with a file being coded, before the file is done, and counts its bytes once when it is', async () => {
    const { b, screen } = await bar(2, 1000);
    b.coding('big', 500);
    b.coding('big', 400); // an older report: ignored
    b.stop();
    expect(lastFill(screen())).toEqual(['============------------', '0']);
    const again = await bar(2, 1000);
    again.b.coding('big', 500);
    again.b.tick(750, 'big');
    again.b.stop();
    // The file's 750 bytes, not 750 + 500.
    expect(lastFill(again.screen())).toEqual(['==================------', '1']);
  });
});
