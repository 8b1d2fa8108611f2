// Benchmark (npm run bench): generates a deterministic corpus of interviews and very large documents, then times qeval code/score (1 and 2 jobs, rules alone and with the model), ripgrep on the same terms, peak memory and start-up.
// Settings (environment): QEVAL_BENCH_MB sizes in MB, comma-separated (default 100,500); QEVAL_BENCH_LARGE_MB size of each of the
// two very large documents per corpus (default 10, at most a fifth of the corpus each); QEVAL_BENCH_DIR where corpora are generated and kept (default <tmp>/qeval-bench);
// QEVAL_BENCH_MODEL=0 leaves out the runs with the model; QEVAL_BENCH_ONLY keeps only the runs named, comma-separated, as
// command-coder-jobs (code-rules-1, code-rules-2, score-rules-1, score-rules-2, code-model-1 ... score-model-2, and code-model-cache
// or code-rules-cache: a first run with --cache into an empty folder and an unchanged re-run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCodebookFile } from '../io/load-codebook.js';
import { compileCodebook } from '../engine/compile.js';
import { mulberry32 } from '../learn/train.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = path.join(root, 'bin/qeval.js');
const sizes = (process.env.QEVAL_BENCH_MB ?? '100,500').split(',').map(Number).filter((n) => n > 0);
const largeMb = Number(process.env.QEVAL_BENCH_LARGE_MB ?? 10);
const benchDir = process.env.QEVAL_BENCH_DIR ?? path.join(tmpdir(), 'qeval-bench');
const withModel = process.env.QEVAL_BENCH_MODEL !== '0';
const only = process.env.QEVAL_BENCH_ONLY ? new Set(process.env.QEVAL_BENCH_ONLY.split(',').map((x) => x.trim())) : undefined;
const MB = 1_000_000;

/** A seeded generator (mulberry32), so every run writes the same corpus. */
const random = mulberry32;

/** Questions and answer sentences of the English sample interviews and documents, the material of the generated corpus. */
function material(): { questions: string[]; sentences: string[] } {
  const questions: string[] = [];
  const sentences: string[] = [];
  for (const dir of ['samples/interviews', 'samples/documents']) {
    for (const f of readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.md')).sort()) {
      const text = readFileSync(path.join(root, dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      if (/^language:\s*lt/m.test(readFileSync(path.join(root, dir, f), 'utf8'))) continue;
      for (const line of text.split('\n')) {
        const m = /^([A-Za-z][A-Za-z .]{0,20}):\s+(.*)$/.exec(line);
        if (m && /interviewer/i.test(m[1]!)) questions.push(m[2]!.trim());
        else for (const s of (m ? m[2]! : line).split(/(?<=[.!?])\s+(?=[A-Z"])/)) if (s.trim().split(/\s+/).length >= 4) sentences.push(s.trim());
      }
    }
  }
  return { questions, sentences };
}

/** One generated transcript of about `bytes` bytes: interviewer questions and respondent turns of 2-8 sampled sentences. */
function transcript(rand: () => number, m: ReturnType<typeof material>, bytes: number, out: (chunk: string) => void): void {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const respondent = pick(['Respondent', 'R1', 'Director', 'Officer', 'Coordinator']);
  let written = 0;
  while (written < bytes) {
    let turn = `Interviewer: ${pick(m.questions)}\n\n${respondent}:`;
    const n = 2 + Math.floor(rand() * 7);
    for (let i = 0; i < n; i++) turn += ` ${pick(m.sentences)}`;
    turn += '\n\n';
    out(turn);
    written += Buffer.byteLength(turn);
  }
}

/** Writes (or finds, when already complete) the corpus of `mb` MB: documents of 20-80 kB and two very large ones. */
function corpus(mb: number): string {
  // The very large documents are at most a fifth of the corpus each, so a small corpus (20 MB) is still mostly ordinary documents.
  const large = Math.min(largeMb, mb / 5);
  const dir = path.join(benchDir, `corpus-${mb}mb-large${large}`);
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const m = material();
  const rand = random(mb * 7919);
  let total = 0;
  for (const big of [1, 2]) {
    const fd = openSync(path.join(dir, `large-${big}.txt`), 'w');
    transcript(rand, m, large * MB, (s) => writeSync(fd, s));
    closeSync(fd);
    total += large * MB;
  }
  for (let i = 0; total < mb * MB; i++) {
    const size = 20_000 + Math.floor(rand() * 60_000);
    const parts: string[] = [];
    transcript(rand, m, size, (s) => parts.push(s));
    const text = parts.join('');
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `doc-${String(i).padStart(6, '0')}.txt`), text);
    total += Buffer.byteLength(text);
  }
  writeFileSync(done, `${total}\n`);
  return dir;
}

interface Timing {
  seconds: number;
  rssMb: number;
  ok: boolean;
}

/** Runs a command under GNU time: wall seconds and peak resident memory (of the process and its threads). */
function timed(cmd: string, args: string[]): Timing {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MB });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [s, kb] = last.split(' ').map(Number);
  if (r.status !== 0) process.stderr.write(`bench: ${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}\n`);
  return { seconds: s ?? NaN, rssMb: (kb ?? NaN) / 1024, ok: r.status === 0 };
}

function ensureTools(): void {
  const missing = ['rg', 'time'].filter((t) => spawnSync('sh', ['-c', `command -v ${t === 'time' ? '/usr/bin/time' : t}`]).status !== 0);
  if (missing.length === 0) return;
  process.stderr.write(`bench: installing ${missing.join(', ')} (Debian packages ripgrep, time)\n`);
  const pkgs = missing.map((t) => (t === 'rg' ? 'ripgrep' : 'time'));
  spawnSync('sh', ['-c', `apt-get install -y -qq ${pkgs.join(' ')} >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq ${pkgs.join(' ')} >/dev/null)`], { stdio: 'inherit' });
}

/** The codebook's terms as plain words for ripgrep's fixed-string search: wildcards and stem marks dropped. */
async function termsFile(): Promise<string> {
  const book = compileCodebook(await loadCodebookFile(path.join(root, 'codebooks/swot.yaml')));
  const terms = [...new Set(book.terms.map((t) => t.text.replace(/^~/, '').replace(/\*/g, '').trim()).filter((t) => t !== ''))].sort();
  mkdirSync(benchDir, { recursive: true });
  const file = path.join(benchDir, 'terms.txt');
  writeFileSync(file, `${terms.join('\n')}\n`);
  return file;
}

function startupMs(): number {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(process.execPath, [bin, '--help'], { stdio: 'ignore' });
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[3]!;
}

ensureTools();
const terms = await termsFile();
const termCount = readFileSync(terms, 'utf8').trim().split('\n').length;
const rows: string[][] = [['corpus', 'run', 'jobs', 'wall s', 'MB/s', 'peak RSS MB', '× ripgrep']];
let last: { ratio: number; mbps: number; rss: number } | undefined;
const cacheNotes: string[] = [];
for (const mb of sizes) {
  const dir = corpus(mb);
  const bytes = Number(readFileSync(path.join(dir, '.complete'), 'utf8'));
  const size = bytes / MB;
  const rg = timed('rg', ['-F', '-i', '-w', '-o', '-f', terms, '--no-filename', dir]);
  rows.push([`${size.toFixed(0)} MB`, `rg -F -i -w -o (${termCount} terms)`, 'all', rg.seconds.toFixed(2), (size / rg.seconds).toFixed(1), rg.rssMb.toFixed(0), '1.00']);
  process.stderr.write(`bench: ${rows[rows.length - 1]!.join('  ')}\n`);
  const runs: [string, string[], number][] = [
    ['code, rules alone', ['code', dir, '--no-model', '-q', '-f', 'csv'], 1],
    ['code, rules alone', ['code', dir, '--no-model', '-q', '-f', 'csv'], 2],
    ['score, rules alone', ['score', dir, '--no-model', '-q'], 1],
    ['score, rules alone', ['score', dir, '--no-model', '-q'], 2],
  ];
  if (withModel) {
    runs.push(
      ['code, rules + model', ['code', dir, '-q', '-f', 'csv'], 1],
      ['code, rules + model', ['code', dir, '-q', '-f', 'csv'], 2],
      ['score, rules + model', ['score', dir, '-q'], 1],
      ['score, rules + model', ['score', dir, '-q'], 2],
    );
  }
  for (const [label, args, jobs] of runs) {
    if (only && !only.has(`${args[0]}-${label.includes('model') ? 'model' : 'rules'}-${jobs}`)) continue;
    const t = timed(process.execPath, [bin, ...args, '--jobs', String(jobs)]);
    rows.push([`${size.toFixed(0)} MB`, label, String(jobs), t.seconds.toFixed(2), (size / t.seconds).toFixed(1), t.rssMb.toFixed(0), (t.seconds / rg.seconds).toFixed(2)]);
    // Each row as it is measured (the table comes at the end), so a long run shows where it is.
    process.stderr.write(`bench: ${rows[rows.length - 1]!.join('  ')}\n`);
    // The summary line is for `qeval code` as users run it by default: with the bundled model (rules alone with QEVAL_BENCH_MODEL=0).
    if (label === (withModel ? 'code, rules + model' : 'code, rules alone') && jobs === 2) last = { ratio: t.seconds / rg.seconds, mbps: size / t.seconds, rss: t.rssMb };
  }
  // --cache: a first run fills an empty cache, an unchanged re-run reads it (2 jobs, as users run it by default).
  const coder = withModel ? 'model' : 'rules';
  if (!only || only.has(`code-${coder}-cache`)) {
    const cacheDir = path.join(benchDir, `cache-${mb}mb`);
    rmSync(cacheDir, { recursive: true, force: true });
    const args = [bin, 'code', dir, ...(withModel ? [] : ['--no-model']), '-q', '-f', 'csv', '--jobs', '2', '--cache', cacheDir];
    const first = timed(process.execPath, args);
    const again = timed(process.execPath, args);
    rmSync(cacheDir, { recursive: true, force: true });
    for (const [label, t] of [['--cache, first run', first], ['--cache, unchanged re-run', again]] as const) {
      rows.push([`${size.toFixed(0)} MB`, `code, rules${withModel ? ' + model' : ' alone'}, ${label}`, '2', t.seconds.toFixed(2), (size / t.seconds).toFixed(1), t.rssMb.toFixed(0), (t.seconds / rg.seconds).toFixed(2)]);
      process.stderr.write(`bench: ${rows[rows.length - 1]!.join('  ')}\n`);
    }
    cacheNotes.push(`${size.toFixed(0)} MB: an unchanged re-run with --cache took ${((100 * again.seconds) / first.seconds).toFixed(1)}% of the first run's time`);
  }
}
const startup = startupMs();
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
process.stdout.write(`${[line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')}\n`);
for (const note of cacheNotes) process.stdout.write(`cache: ${note}\n`);
process.stdout.write(`qeval --help: ${startup.toFixed(0)} ms (median of 7); corpora in ${benchDir}\n`);
process.stdout.write(`bench: ratio-to-ripgrep ${last ? last.ratio.toFixed(2) : 'n/a'}, throughput ${last ? last.mbps.toFixed(1) : 'n/a'} MB/s, peak RSS ${last ? last.rss.toFixed(0) : 'n/a'} MB, startup ${startup.toFixed(0)} ms\n`);
