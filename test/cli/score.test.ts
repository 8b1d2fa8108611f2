// qeval score, --cache, --shard and qeval merge, run in-process on small corpora written to a temp folder.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { csvCells, csvRecords } from '../../src/io/merge-shards.js';
import { runCli, runCliWithoutLanguageNotes } from '../report/harness.js';

const run = (args: string[], cwd: string, tty = false) => runCliWithoutLanguageNotes(args, cwd, { stderrTty: tty });

const BOOK = `codebook: mini
version: 1.0.0
language: en
unit: sentence
codes:
  - { id: strength, label: Strength, definition: d, rules: [{ any: [trust, trusted] }] }
  - { id: weakness, label: Weakness, definition: d, rules: [{ any: [problem, problems] }] }
  - id: networking
    label: Networking
    definition: d
    codes:
      - { id: networking.police, label: Police, definition: d, rules: [{ any: [police] }] }
indices:
  - { id: net, label: Net balance, of: count, weights: { strength: 1, weakness: -1 }, over: [strength, weakness] }
  - { id: talk, label: Networking per 1000 words, weights: { networking: 1 } }
flags:
  - { id: no-police, label: No evidence of work with the police, when: [{ code: networking.police, max: 0 }] }
`;

function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-score-'));
  writeFileSync(path.join(dir, 'book.yaml'), BOOK);
  mkdirSync(path.join(dir, 'docs'));
  // a: 1 strength, 2 weakness, police twice; 20 words in the respondent's turn, the interviewer's 6 not counted.
  writeFileSync(path.join(dir, 'docs/a.md'), '---\ntitle: Šiaulių centras\norganization: north\nlanguage: en\n---\nInterviewer: How is it going?\nRespondent: We trust the police. The police have problems.\nInterviewer: And money?\nRespondent: Money problems are everywhere and nobody helps us with them at all.\n');
  writeFileSync(path.join(dir, 'docs/b.txt'), 'People trusted us. We trust our volunteers too.\n');
  // The documents' language is given (the short texts are too short for language detection).
  writeFileSync(path.join(dir, 'docs/c.txt'), 'Nothing to report here.\n');
  writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization,language\ndocs/b.txt,north,en\ndocs/c.txt,south,en\n');
  return dir;
}

describe('qeval score', () => {
  it('writes one ranked row per document: size, count and density per top-level code, indices, flags', async () => {
    const dir = corpus();
    const r = await run(['score', 'docs', '-c', 'book.yaml'], dir);
    expect(r.status).toBe(0);
    const [header, ...rows] = csvRecords(r.stdout).map(csvCells);
    expect(header).toEqual(['rank:net', 'document', 'title', 'language', 'pages', 'words', 'units', 'segments',
      'count:strength', 'density:strength', 'count:weakness', 'density:weakness', 'count:networking', 'density:networking',
      'index:net', 'index:talk', 'flags', 'flag:no-police']);
    const byDoc = Object.fromEntries(rows.map((row) => [row[1], Object.fromEntries(header!.map((h, i) => [h, row[i]]))]));
    expect(byDoc['docs/a.md']).toMatchObject({ title: 'Šiaulių centras', language: 'en', pages: '1', words: '20', units: '3', 'count:strength': '1', 'count:weakness': '2', 'count:networking': '2', 'density:networking': '100', 'index:net': '-0.3333', 'index:talk': '100', flags: '', 'flag:no-police': '0' });
    expect(byDoc['docs/b.txt']).toMatchObject({ words: '8', 'count:strength': '2', 'density:strength': '250', 'index:net': '1', flags: 'No evidence of work with the police', 'flag:no-police': '1' });
    // c has no strengths or weaknesses: no net balance.
    expect(byDoc['docs/c.txt']).toMatchObject({ 'index:net': '', 'index:talk': '0' });
    // c cannot be ranked by net (no value): it is listed last, without a rank.
    expect(rows.map((row) => `${row[0]} ${row[1]}`)).toEqual(['1 docs/b.txt', '2 docs/a.md', ' docs/c.txt']);
    expect(r.stderr).toBe('scored 3 documents, ranked by net\n');
  });

  it('groups by an attribute (front matter or CSV), adding counts and words before dividing, and ranks by another index ascending', async () => {
    const dir = corpus();
    const r = await run(['score', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '--by', 'organization', '--sort', 'talk', '--ascending', '-f', 'ndjson'], dir);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((x) => [x.rank, x.group, x.documents, x.words])).toEqual([[1, 'south', 1, 4], [2, 'north', 2, 28]]);
    // north: strength 1 + 2 = 3, weakness 2 -> (3 - 2) / 5
    expect((rows[1]!.indices as Record<string, number>).net).toBe(0.2);
    expect(rows[1]!.rank_by).toBe('talk:asc');
  });

  it('refuses a --by no document has (a misspelling) with the attributes there are, and writes nothing; an empty --by too', async () => {
    const dir = corpus();
    const r = await run(['score', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '--by', 'organisation', '-o', 'out.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: --by organisation: no document has the attribute "organisation" (the documents have "language", "organization", "title"); check the spelling, or give it in front matter or with --attributes\n');
    expect(existsSync(path.join(dir, 'out.csv'))).toBe(false);
    const empty = await run(['score', 'docs', '-c', 'book.yaml', '--by', ' '], dir);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('qeval: --by needs the name of a document attribute (e.g. --by organization)\n');
  });

  it('--excel starts the CSV with a UTF-8 BOM and keeps Lithuanian letters as UTF-8', async () => {
    const dir = corpus();
    await run(['score', 'docs', '-c', 'book.yaml', '--excel', '-o', 'out.csv'], dir);
    const bytes = readFileSync(path.join(dir, 'out.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Šiaulių centras');
  });

  it('rejects an unknown --sort with one line naming what it accepts, and writes nothing', async () => {
    const dir = corpus();
    const r = await run(['score', 'docs', '-c', 'book.yaml', '--sort', 'nett', '-o', 'out.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: --sort "nett" is neither an index nor a top-level code of the codebook; use one of net, talk, strength, weakness, networking\n');
    expect(() => readFileSync(path.join(dir, 'out.csv'))).toThrow();
  });

  it('refuses an -o it cannot write before reading any file (not after a night of scoring)', async () => {
    const dir = corpus();
    mkdirSync(path.join(dir, 'out'));
    // A file that cannot be read: were the documents read first, its failure would be reported before the -o error.
    writeFileSync(path.join(dir, 'docs/d.txt'), 'not\u0000text');
    const r = await run(['score', 'docs', '-c', 'book.yaml', '-o', 'out'], dir);
    expect(r.stderr).toBe('qeval: out: is a directory; -o names the output file\n');
    expect(r.status).toBe(2);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('--shard and qeval merge', () => {
  const inputs = ['samples/interviews', 'samples/documents', 'samples/survey.csv', '--root', 'samples', '--no-model', '-q'];
  for (const [command, format, extra] of [['code', 'csv', []], ['code', 'ndjson', []], ['code', 'json', []], ['score', 'csv', ['--excel']], ['score', 'json', []], ['score', 'ndjson', ['-a', 'samples/attributes.csv', '--by', 'organization']]] as const) {
    it(`merged ${command} ${format} shards ${extra.join(' ')} equal the unsharded run byte for byte`, { timeout: 60_000 }, async () => {
      const cwd = process.cwd();
      const whole = await run([command, ...inputs, '-f', format, ...extra], cwd);
      expect(whole.status).toBe(0);
      const dir = mkdtempSync(path.join(tmpdir(), 'qeval-shards-'));
      const parts: string[] = [];
      for (let k = 1; k <= 3; k++) {
        const part = path.join(dir, `part-${k}.${format}`);
        const r = await run([command, ...inputs, '-f', format, ...extra, '--shard', `${k}/3`, '-o', part], cwd);
        expect(r.status).toBe(0);
        parts.push(part);
      }
      // Every shard holds some documents, and none holds them all.
      for (const p of parts) expect(readFileSync(p, 'utf8').length).toBeLessThan(whole.stdout.length);
      const merged = await run(['merge', ...parts], cwd);
      expect(merged.status).toBe(0);
      expect(merged.stdout).toBe(whole.stdout);
    });
  }

  it('refuses shards that overlap, and files of different kinds', async () => {
    const dir = corpus();
    await run(['code', 'docs', '-c', 'book.yaml', '-o', 'one.csv'], dir);
    await run(['score', 'docs', '-c', 'book.yaml', '-o', 'scores.csv'], dir);
    const twice = await run(['merge', '--unchecked', 'one.csv', 'one.csv'], dir);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toBe("qeval: one.csv: given twice; give each shard's file once\n");
    await run(['code', 'docs/a.md', '-c', 'book.yaml', '-o', 'a.csv'], dir);
    const overlap = await run(['merge', '--unchecked', 'one.csv', 'a.csv'], dir);
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/^qeval: (one|a)\.csv: document "docs\/a\.md" is in two shards/);
    const mixed = await run(['merge', 'one.csv', 'scores.csv'], dir);
    expect(mixed.stderr).toMatch(/^qeval: scores\.csv: this is a scores csv file, the first is a segments csv file/);
  });

  describe('refuses files that are not every shard of one run, writing nothing', () => {
    const inputs = ['samples/interviews', 'samples/documents', '--root', 'samples', '--no-model', '-q', '-f', 'ndjson'];
    let dir: string;
    // shard k of n of the sample study's coded segments, written once for all the tests here.
    const part = (k: number, n: number) => path.join(dir, `seg-${k}-of-${n}.ndjson`);
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'qeval-shardset-'));
      for (const [k, n] of [[1, 4], [2, 4], [3, 4], [4, 4], [3, 3]] as const) {
        const r = await run(['code', ...inputs, '--shard', `${k}/${n}`, '-o', part(k, n)], process.cwd());
        expect(r.status).toBe(0);
      }
    }, 120_000);

    it('a missing shard, named in terms of the run the files fit (or of --shards N)', async () => {
      const out = path.join(dir, 'missing.ndjson');
      const r = await run(['merge', part(1, 4), part(2, 4), part(4, 4), '-o', out], process.cwd());
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("qeval: shard 3 of 4 is missing: give every shard's file\n");
      expect(existsSync(out)).toBe(false);
      const stated = await run(['merge', '--shards', '4', part(1, 4), part(2, 4), part(3, 4), '-o', out], process.cwd());
      expect(stated.status).toBe(2);
      expect(stated.stderr).toBe("qeval: shard 4 of 4 is missing: give every shard's file\n");
      expect(existsSync(out)).toBe(false);
    });

    it('a shard given twice', async () => {
      const r = await run(['merge', '--shards', '4', part(1, 4), part(2, 4), part(2, 4), part(4, 4)], process.cwd());
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`qeval: ${part(2, 4)}: given twice; give each shard's file once\n`);
      expect(r.stdout).toBe('');
    });

    it('shards of runs with different N', async () => {
      const r = await run(['merge', part(1, 4), part(2, 4), part(3, 3), part(4, 4)], process.cwd());
      expect(r.status).toBe(2);
      // Their stamps say so first; without stamps, the documents they hold do.
      expect(r.stderr).toBe(`qeval: ${part(3, 3)}: made by --shard 3/3, and ${part(1, 4)} by --shard 1/4: not the shards of one run\n`);
      for (const [k, n] of [[1, 4], [2, 4], [3, 3], [4, 4]] as const) rmSync(path.join(dir, `.seg-${k}-of-${n}.ndjson.qeval-shard`), { force: true });
      const unstamped = await run(['merge', part(1, 4), part(2, 4), part(3, 3), part(4, 4)], process.cwd());
      expect(unstamped.status).toBe(2);
      expect(unstamped.stderr).toMatch(new RegExp(`^qeval: ${part(3, 3).replace(/[.\\/]/g, '\\$&')}: holds documents of shards \\d+(, \\d+)* and \\d+ of 4: not the output of one --shard run of 4 \\(N is the number of files given`));
      expect(r.stdout).toBe('');
    });

    it('--unchecked joins files that are not shards of one run (two folders) into what one run on both writes', async () => {
      const a = path.join(dir, 'interviews.ndjson');
      const b = path.join(dir, 'documents.ndjson');
      const opts = ['--root', 'samples', '--no-model', '-q', '-f', 'ndjson'];
      expect((await run(['code', 'samples/interviews', ...opts, '-o', a], process.cwd())).status).toBe(0);
      expect((await run(['code', 'samples/documents', ...opts, '-o', b], process.cwd())).status).toBe(0);
      const checked = await run(['merge', a, b], process.cwd());
      expect(checked.status).toBe(2);
      expect(checked.stderr).toMatch(/holds documents of shards .* of 2: not the output of one --shard run of 2/);
      const joined = await run(['merge', '--unchecked', a, b], process.cwd());
      expect(joined.status).toBe(0);
      const whole = await run(['code', ...inputs], process.cwd());
      expect(joined.stdout).toBe(whole.stdout);
    });
  });

  it('a shard file without documents stands for a shard without any; one left out is still missing', { timeout: 60_000 }, async () => {
    const dir = corpus();
    const parts: string[] = [];
    for (let k = 1; k <= 8; k++) {
      parts.push(`seg-${k}.ndjson`);
      expect((await run(['code', 'docs', '-c', 'book.yaml', '-f', 'ndjson', '--shard', `${k}/8`, '-o', parts[k - 1]!], dir)).status).toBe(0);
    }
    const empty = parts.filter((p) => readFileSync(path.join(dir, p), 'utf8') === '');
    expect(empty.length).toBeGreaterThan(0); // 3 documents in 8 shards
    const merged = await run(['merge', ...parts], dir);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe((await run(['code', 'docs', '-c', 'book.yaml', '-f', 'ndjson'], dir)).stdout);
    const left = parts.filter((p) => p !== empty[0]);
    // The stamps name the shard that is missing; without them, the documents show that one is.
    const named = await run(['merge', '--shards', '8', ...left], dir);
    expect(named.status).toBe(2);
    expect(named.stderr).toBe(`qeval: shard ${/seg-(\d+)/.exec(empty[0]!)![1]} of 8 is missing: give every shard's file\n`);
    for (const p of parts) rmSync(path.join(dir, `.${p}.qeval-shard`));
    const short = await run(['merge', '--shards', '8', ...left], dir);
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/^qeval: no file holds documents of shards [\d, and]+ of 8 and only \d+ files? holds? none, so 1 shard of 8 is missing: give every shard's file\n$/);
  });

  it('score files grouped with --by list their documents: shards are checked by stamps or, without them, by the documents the groups list', async () => {
    const dir = corpus();
    const by = ['-c', 'book.yaml', '-a', 'attributes.csv', '--by', 'organization', '-f', 'ndjson'];
    for (let k = 1; k <= 2; k++) await run(['score', 'docs', ...by, '--shard', `${k}/2`, '-o', `s-${k}.ndjson`], dir);
    const merged = await run(['merge', '-c', 'book.yaml', 's-1.ndjson', 's-2.ndjson'], dir);
    expect(merged.status).toBe(0);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toBe((await run(['score', 'docs', ...by], dir)).stdout);
    const north = merged.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { group: string; document_ids: string[] }).find((g) => g.group === 'north');
    expect(north?.document_ids).toEqual(['docs/a.md', 'docs/b.txt']);
    // One file of the two: the stamps know there were two shards.
    const alone = await run(['merge', '-c', 'book.yaml', 's-1.ndjson'], dir);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toBe("qeval: shard 2 of 2 is missing: give every shard's file\n");
    // Without stamps (written to standard output, or removed), the documents the groups list say which shards the files are.
    for (let k = 1; k <= 2; k++) rmSync(path.join(dir, `.s-${k}.ndjson.qeval-shard`));
    const unstamped = await run(['merge', '-c', 'book.yaml', 's-1.ndjson', 's-2.ndjson'], dir);
    expect(unstamped.status).toBe(0);
    expect(unstamped.stdout).toBe(merged.stdout);
    expect(unstamped.stderr).not.toContain('--by groups');
    const count = await run(['merge', '-c', 'book.yaml', '--shards', '3', 's-1.ndjson', 's-2.ndjson'], dir);
    expect(count.status).toBe(2);
    // The groups' documents do not fit 3 shards.
    expect(count.stderr).toMatch(/^qeval: s-\d\.ndjson: holds documents of shards [\d, and]+ of 3: not the output of one --shard run of 3\n$/);
  });

  it('merge refuses grouped score files that hold a document twice, rather than count it twice', async () => {
    const dir = corpus();
    const by = ['-c', 'book.yaml', '-a', 'attributes.csv', '--by', 'organization', '-f', 'ndjson'];
    // Two overlapping runs: every document, and docs/a.md again alone.
    await run(['score', 'docs', ...by, '-o', 'all.ndjson'], dir);
    await run(['score', 'docs/a.md', ...by, '-o', 'a.ndjson'], dir);
    // Checked, the two files hold the documents of one shard of 2 twice; unchecked, docs/a.md is in both.
    const checked = await run(['merge', '-c', 'book.yaml', 'all.ndjson', 'a.ndjson', '-o', 'm.ndjson'], dir);
    expect(checked.status).toBe(2);
    expect(checked.stderr).toMatch(/^qeval: a\.ndjson: holds shard \d of 2, as does all\.ndjson: a shard given twice/);
    const unchecked = await run(['merge', '-c', 'book.yaml', '--unchecked', 'all.ndjson', 'a.ndjson', '-o', 'm.ndjson'], dir);
    expect(unchecked.status).toBe(2);
    expect(existsSync(path.join(dir, 'm.ndjson'))).toBe(false);
    expect(unchecked.stderr).toBe('qeval: a.ndjson: document "docs/a.md" (group "north") is in two shards (also in all.ndjson); its counts would be added twice: merge the outputs of disjoint --shard runs\n');
    // A group row that does not list its documents cannot be checked, and is refused.
    const lines = readFileSync(path.join(dir, 'a.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    writeFileSync(path.join(dir, 'old.ndjson'), lines.map((l) => { delete l.document_ids; return `${JSON.stringify(l)}\n`; }).join(''));
    const old = await run(['merge', '-c', 'book.yaml', '--unchecked', 'old.ndjson'], dir);
    expect(old.status).toBe(2);
    expect(old.stderr).toMatch(/^qeval: old\.ndjson: group "north" does not list its 1 document in "document_ids"/);
  });

  describe('shard stamps', () => {
    const shards = async (dir: string, extra: (k: number) => string[] = () => []) => {
      for (let k = 1; k <= 2; k++) {
        const r = await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'ndjson', '--shard', `${k}/2`, '-o', `p-${k}.ndjson`, ...extra(k)], dir);
        expect(r.status).toBe(0);
      }
    };

    it('a --shard run writes beside its -o file a hidden stamp with the shard, the SHA-256 of the file and the settings', async () => {
      const dir = corpus();
      await shards(dir);
      const stamp = JSON.parse(readFileSync(path.join(dir, '.p-2.ndjson.qeval-shard'), 'utf8')) as { shard: unknown; sha256: string; settings: Record<string, string> };
      expect(stamp.shard).toEqual({ k: 2, n: 2 });
      expect(stamp.sha256).toBe(createHash('sha256').update(readFileSync(path.join(dir, 'p-2.ndjson'))).digest('hex'));
      expect(stamp.settings).toMatchObject({ command: 'code', codebooks: expect.stringMatching(/^mini@1\.0\.0 \(en\) sha256:[0-9a-f]{12}$/), format: 'ndjson', unit: "the codebook's" });
      // A run without --shard into the same file removes the stamp, which no longer describes it.
      expect((await run(['code', 'docs', '-c', 'book.yaml', '-f', 'ndjson', '-o', 'p-2.ndjson'], dir)).status).toBe(0);
      expect(existsSync(path.join(dir, '.p-2.ndjson.qeval-shard'))).toBe(false);
    });

    it('merge refuses shards made with other settings, naming what differs, and writes nothing', async () => {
      const dir = corpus();
      await shards(dir, (k) => (k === 2 ? ['--unit', 'paragraph', '--speakers', 'all'] : []));
      const r = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', 'm.ndjson'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("qeval: p-2.ndjson: made with other settings than p-1.ndjson: unit paragraph, not the codebook's; speakers all, not the rules' own; run every shard with one command\n");
      expect(existsSync(path.join(dir, 'm.ndjson'))).toBe(false);
      // Another codebook: named by name, version and the SHA-256 of its bytes.
      writeFileSync(path.join(dir, 'book.yaml'), BOOK.replace('version: 1.0.0', 'version: 1.0.1'));
      expect((await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'ndjson', '--shard', '2/2', '-o', 'p-2.ndjson'], dir)).status).toBe(0);
      const book = await run(['merge', 'p-1.ndjson', 'p-2.ndjson'], dir);
      expect(book.status).toBe(2);
      expect(book.stderr).toMatch(/^qeval: p-2\.ndjson: made with other settings than p-1\.ndjson: codebooks mini@1\.0\.1 \(en\) sha256:[0-9a-f]{12}, not mini@1\.0\.0 \(en\) sha256:[0-9a-f]{12}; run every shard with one command\n$/);
      expect(book.stdout).toBe('');
      // --unchecked joins them all the same.
      expect((await run(['merge', '--unchecked', 'p-1.ndjson', 'p-2.ndjson'], dir)).status).toBe(0);
    });

    it('merge refuses a shard changed after its run, and a stamp qeval did not write', async () => {
      const dir = corpus();
      await shards(dir);
      const whole = readFileSync(path.join(dir, 'p-1.ndjson'), 'utf8');
      writeFileSync(path.join(dir, 'p-1.ndjson'), `${whole}\n`);
      const stale = await run(['merge', 'p-1.ndjson', 'p-2.ndjson'], dir);
      expect(stale.status).toBe(2);
      expect(stale.stderr).toBe('qeval: p-1.ndjson: the file is not what its --shard 1/2 run wrote (its stamp, .p-1.ndjson.qeval-shard, records other bytes): run the shard again, or remove the stamp to merge it unchecked\n');
      writeFileSync(path.join(dir, 'p-1.ndjson'), whole);
      writeFileSync(path.join(dir, '.p-2.ndjson.qeval-shard'), '{"stamp": "qeval shard stamp 1", "shard": {"k": 3, "n": 2}}');
      const broken = await run(['merge', 'p-1.ndjson', 'p-2.ndjson'], dir);
      expect(broken.status).toBe(2);
      expect(broken.stderr).toBe('qeval: .p-2.ndjson.qeval-shard: not a shard stamp qeval wrote (no shard k/n); remove it, or run the shard again\n');
    });

    it('merge recomputes score shards only with the codebooks they were scored with', async () => {
      const dir = corpus();
      for (let k = 1; k <= 2; k++) expect((await run(['score', 'docs', '-c', 'book.yaml', '-f', 'ndjson', '--shard', `${k}/2`, '-o', `s-${k}.ndjson`], dir)).status).toBe(0);
      // Without -c merge would load the bundled codebooks, whose indices are others.
      const bundled = await run(['merge', 's-1.ndjson', 's-2.ndjson', '-o', 'm.ndjson'], dir);
      expect(bundled.status).toBe(2);
      expect(bundled.stderr).toMatch(/^qeval: the shards were scored with mini@1\.0\.0 \(en\) sha256:[0-9a-f]{12}, but merge would recompute their scores with swot-rehabilitation@[^ ]+ \(en\) sha256:[0-9a-f]{12}; swot-rehabilitation-lt@[^ ]+ \(lt\) sha256:[0-9a-f]{12}: give the shards' codebooks with -c\n$/);
      expect(existsSync(path.join(dir, 'm.ndjson'))).toBe(false);
      // Without stamps (standard output), the rows' own indices show that other codebooks scored them.
      for (let k = 1; k <= 2; k++) rmSync(path.join(dir, `.s-${k}.ndjson.qeval-shard`));
      const unstamped = await run(['merge', 's-1.ndjson', 's-2.ndjson'], dir);
      expect(unstamped.status).toBe(2);
      expect(unstamped.stderr).toMatch(/^qeval: s-\d\.ndjson: row "docs\/[a-c]\.(md|txt)": index "[a-z-]+" is .* in the shard but .* with the codebooks merge recomputes with: the shards were scored with other codebooks; give them with -c\n$/);
      const right = await run(['merge', '-c', 'book.yaml', 's-1.ndjson', 's-2.ndjson'], dir);
      expect(right.status).toBe(0);
      expect(right.stdout).toBe((await run(['score', 'docs', '-c', 'book.yaml', '-f', 'ndjson'], dir)).stdout);
      // Flags the indices do not show (another min_words) are checked too.
      writeFileSync(path.join(dir, 'book2.yaml'), BOOK.replace('label: No evidence of work with the police,', 'label: No evidence of work with the police, min_words: 1000,'));
      for (let k = 1; k <= 2; k++) {
        expect((await run(['score', 'docs', '-c', 'book2.yaml', '-f', 'ndjson', '--shard', `${k}/2`, '-o', `f-${k}.ndjson`], dir)).status).toBe(0);
        rmSync(path.join(dir, `.f-${k}.ndjson.qeval-shard`));
      }
      const flagged = await run(['merge', '-c', 'book.yaml', 'f-1.ndjson', 'f-2.ndjson'], dir);
      expect(flagged.status).toBe(2);
      expect(flagged.stderr).toMatch(/^qeval: f-\d\.ndjson: row "docs\/b\.txt": flags none in the shard but no-police with the codebooks merge recomputes with: .*min_words\); give them with -c\n$/);
    });

    it('merge carries over the files the shards could not read: their list beside -o, the summary line and exit status 2 (0 with --allow-failures)', async () => {
      const dir = corpus();
      writeFileSync(path.join(dir, 'docs/zz-broken.docx'), 'not a zip at all');
      const args = ['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'ndjson'];
      const whole = await run([...args, '-o', 'whole.ndjson'], dir);
      expect(whole.status).toBe(2);
      for (let k = 1; k <= 2; k++) await run([...args, '--shard', `${k}/2`, '-o', `p-${k}.ndjson`], dir);
      const merged = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', 'm.ndjson'], dir);
      expect(merged.status).toBe(2);
      expect(merged.stderr).toBe("qeval: 1 input file could not be read by the shards' runs and was left out (1 listed in m.ndjson.failures.csv); exit status 2 (--allow-failures makes it 0)\n");
      expect(readFileSync(path.join(dir, 'm.ndjson'), 'utf8')).toBe(readFileSync(path.join(dir, 'whole.ndjson'), 'utf8'));
      expect(readFileSync(path.join(dir, 'm.ndjson.failures.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'whole.ndjson.failures.csv'), 'utf8'));
      const allowed = await run(['merge', '--allow-failures', 'p-1.ndjson', 'p-2.ndjson', '-o', 'm.ndjson'], dir);
      expect(allowed.status).toBe(0);
      // A glob of the shards that also matches their failures lists: the lists are read beside their shards.
      const globbed = await run(['merge', 'p-1.ndjson', 'p-1.ndjson.failures.csv', 'p-2.ndjson', 'p-2.ndjson.failures.csv', '-o', 'g.ndjson'].filter((f) => !f.endsWith('.failures.csv') || existsSync(path.join(dir, f))), dir);
      expect(globbed.status).toBe(2);
      expect(readFileSync(path.join(dir, 'g.ndjson'), 'utf8')).toBe(readFileSync(path.join(dir, 'whole.ndjson'), 'utf8'));
      // CSV shards beside them: a glob of *.csv matches the NDJSON shards' failures lists, which are never shards.
      for (let k = 1; k <= 2; k++) await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'csv', '--shard', `${k}/2`, '-o', `p-${k}.csv`], dir);
      const csvGlob = readdirSync(dir).filter((f) => f.endsWith('.csv') && f.startsWith('p-')).sort();
      expect(csvGlob.some((f) => f.endsWith('.ndjson.failures.csv'))).toBe(true);
      const csvMerged = await run(['merge', ...csvGlob, '-o', 'c.csv'], dir);
      expect(csvMerged.stderr).not.toMatch(/not a segments or scores file|given twice/);
      expect(csvMerged.status).toBe(2);
      expect(readFileSync(path.join(dir, 'c.csv'), 'utf8')).toBe((await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'csv'], dir)).stdout);
      // Failures lists alone are no shards: a usage error, not an internal one.
      const lists = readdirSync(dir).filter((f) => f.startsWith('p-') && f.endsWith('.failures.csv'));
      const onlyLists = await run(['merge', ...lists, '-o', 'x.ndjson'], dir);
      expect(onlyLists.status).toBe(2);
      expect(onlyLists.stderr).toBe('qeval: no shard file given: failures lists (.failures.csv) are read beside their shards, not as shards; give the shards\' files\n');
      // A damaged list is refused before anything is written.
      const listed = ['p-1.ndjson', 'p-2.ndjson'].find((p) => existsSync(path.join(dir, `${p}.failures.csv`)))!;
      writeFileSync(path.join(dir, `${listed}.failures.csv`), 'garbage\n');
      const damaged = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', 'd.ndjson'], dir);
      expect(damaged.stderr).toBe(`qeval: ${listed}.failures.csv:1: not a failures list qeval wrote (header file,line,code,message expected)\n`);
      expect(existsSync(path.join(dir, 'd.ndjson'))).toBe(false);
    });

    it('a shard whose every file fails still writes its empty output, stamp and failures list, and the shards merge into the unsharded run', async () => {
      const dir = corpus();
      writeFileSync(path.join(dir, 'docs/zz-broken.docx'), 'not a zip at all');
      writeFileSync(path.join(dir, 'docs/zz-empty.txt'), '');
      const args = ['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'csv'];
      await run([...args, '-o', 'whole.csv'], dir);
      const statuses: (number | null)[] = [];
      for (let k = 1; k <= 6; k++) statuses.push((await run([...args, '--shard', `${k}/6`, '-o', `s-${k}.csv`], dir)).status);
      for (let k = 1; k <= 6; k++) expect(existsSync(path.join(dir, `.s-${k}.csv.qeval-shard`))).toBe(true);
      expect(statuses).toContain(2);
      const merged = await run(['merge', ...[1, 2, 3, 4, 5, 6].map((k) => `s-${k}.csv`), '-o', 'm.csv'], dir);
      expect(merged.status).toBe(2);
      expect(readFileSync(path.join(dir, 'm.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'whole.csv'), 'utf8'));
      expect(readFileSync(path.join(dir, 'm.csv.failures.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'whole.csv.failures.csv'), 'utf8'));
    });

    it('merge refuses an -o that is one of its inputs, a folder, CSV shards with and without --excel, an empty JSON shard, and too few files for the stamps', async () => {
      const dir = corpus();
      await shards(dir);
      const self = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', 'p-1.ndjson'], dir);
      expect(self.stderr).toBe('qeval: p-1.ndjson: -o p-1.ndjson is one of the files to merge (or its failures list or stamp): write the merged output to another file\n');
      expect(self.status).toBe(2);
      // Named by another path (a link to the folder), or as a shard's stamp: the same file.
      symlinkSync(dir, path.join(dir, 'here'));
      const linked = await run(['merge', 'here/p-1.ndjson', 'p-2.ndjson', '-o', 'p-1.ndjson'], dir);
      expect(linked.stderr).toMatch(/^qeval: here\/p-1\.ndjson: -o p-1\.ndjson is one of the files to merge/);
      const stamp = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', '.p-2.ndjson.qeval-shard'], dir);
      expect(stamp.stderr).toMatch(/^qeval: p-2\.ndjson: -o \.p-2\.ndjson\.qeval-shard is one of the files to merge \(or its failures list or stamp\)/);
      const folder = await run(['merge', 'docs'], dir);
      expect(folder.stderr).toBe("qeval: docs: a folder: give the shards' files (e.g. out/seg-*.csv)\n");
      // One stamped file of a run of 2 with an unstamped file: the stamp knows the run's N.
      writeFileSync(path.join(dir, 'other.ndjson'), '');
      const few = await run(['merge', 'p-1.ndjson', 'other.ndjson', 'p-2.ndjson'], dir);
      expect(few.status).toBe(2);
      expect(few.stderr).toBe('qeval: p-1.ndjson: made by --shard 1/2, but 3 files given: give one file per shard\n');
      for (const [k, excel] of [[1, []], [2, ['--excel']]] as const) await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '--shard', `${k}/2`, ...excel, '-o', `c-${k}.csv`], dir);
      for (const k of [1, 2]) rmSync(path.join(dir, `.c-${k}.csv.qeval-shard`));
      const bom = await run(['merge', 'c-1.csv', 'c-2.csv'], dir);
      expect(bom.stderr).toBe('qeval: c-2.csv: starts with a byte order mark (--excel), c-1.csv has none: make every shard with or every shard without --excel\n');
      writeFileSync(path.join(dir, 'e-1.json'), '');
      writeFileSync(path.join(dir, 'e-2.json'), '[]\n');
      const empty = await run(['merge', 'e-1.json', 'e-2.json'], dir);
      expect(empty.stderr).toBe('qeval: e-1.json: empty, where a JSON shard holds at least [] (an NDJSON shard without records is empty): the shard was cut short; write it again\n');
      // --excel does nothing to NDJSON: shards with and without it are of one run.
      await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'ndjson', '--shard', '2/2', '--excel', '-o', 'p-2.ndjson'], dir);
      expect((await run(['merge', 'p-1.ndjson', 'p-2.ndjson'], dir)).status).toBe(0);
    });

    it('merge warns about a shard without a stamp among stamped ones, after merging it', async () => {
      const dir = corpus();
      await shards(dir);
      rmSync(path.join(dir, '.p-2.ndjson.qeval-shard'));
      const r = await run(['merge', 'p-1.ndjson', 'p-2.ndjson', '-o', 'm.ndjson'], dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('qeval: warning: p-2.ndjson: no shard stamp beside it: cannot check that it was made with the settings of p-1.ndjson; make sure it was\n');
      expect(readFileSync(path.join(dir, 'm.ndjson'), 'utf8')).toBe((await run(['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '-f', 'ndjson'], dir)).stdout);
    });
  });

  it('rejects a malformed --shard', async () => {
    const r = await run(['code', 'docs', '--shard', '4/3'], corpus());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: --shard takes k/n with 1 ≤ k ≤ n ≤ 100000 (e.g. 2/8), not "4/3"\n');
    const huge = await run(['code', 'docs', '--shard', '99999999999999999998/99999999999999999999'], corpus());
    expect(huge.status).toBe(2);
    expect(huge.stderr).toMatch(/^qeval: --shard takes k\/n with 1 ≤ k ≤ n ≤ 100000/);
  });
});

describe('--quiet', () => {
  it('keeps stderr empty on a terminal (no bar, no summary), and the output the same', async () => {
    const dir = corpus();
    const loud = await run(['code', 'docs', '-c', 'book.yaml', '-f', 'ndjson'], dir, true);
    expect(loud.stderr).toContain('files |');
    const quiet = await run(['code', 'docs', '-c', 'book.yaml', '-f', 'ndjson', '--quiet'], dir, true);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(loud.stdout);
  });
});

describe('--cache', () => {
  it('serves unchanged files from the cache with the same output, and codes a changed file again', async () => {
    const dir = corpus();
    const args = ['code', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'ndjson'];
    const first = await run(args, dir);
    expect(first.stderr).toMatch(/^coded 3 documents: 7 segments\n$/);
    const second = await run(args, dir);
    expect(second.stderr).toBe('coded 3 documents: 7 segments (3 files from the cache)\n');
    expect(second.stdout).toBe(first.stdout);
    writeFileSync(path.join(dir, 'docs/c.txt'), 'We have one problem.\n');
    const third = await run(args, dir);
    expect(third.stderr).toBe('coded 3 documents: 8 segments (2 files from the cache)\n');
    // Another codebook version is another key: nothing is served from the cache.
    writeFileSync(path.join(dir, 'book.yaml'), BOOK.replace('version: 1.0.0', 'version: 1.0.1'));
    expect((await run(args, dir)).stderr).toBe('coded 3 documents: 8 segments\n');
  });

  it('serves score from the cache when only an index or a flag of the codebook changed (they code nothing), with the new figures', async () => {
    const dir = corpus();
    const args = ['score', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'ndjson'];
    const entries = () => readdirSync(path.join(dir, '.cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.entry')).length;
    const first = await run(args, dir);
    expect(first.status).toBe(0);
    expect(entries()).toBe(3);
    // A flag's threshold and an index's weights changed: the counts are the cached ones (no new entry), the flags and indices new.
    writeFileSync(path.join(dir, 'book.yaml'), BOOK.replace('{ code: networking.police, max: 0 }', '{ code: networking.police, max: 5 }').replace('weights: { networking: 1 }', 'weights: { networking: 2 }'));
    const second = await run(args, dir);
    expect(second.stderr).toBe('scored 3 documents, ranked by net (3 files from the cache)\n');
    const fresh = await run(['score', 'docs', '-c', 'book.yaml', '-f', 'ndjson'], dir);
    expect(second.stdout).toBe(fresh.stdout);
    expect(second.stdout).not.toBe(first.stdout);
    expect(entries()).toBe(3);
    // A rule changed codes differently: every file is coded again, under new keys.
    writeFileSync(path.join(dir, 'book.yaml'), BOOK.replace('any: [police]', 'any: [police, officers]'));
    expect((await run(args, dir)).status).toBe(0);
    expect(entries()).toBe(6);
  });

  it('gives on a re-run from the cache the warnings reading the files gave (languages detected, label-like lines), without reading them as documents', async () => {
    const dir = corpus();
    // No language attribute: detected; label-like lines that were not read as turns.
    writeFileSync(path.join(dir, 'docs/d.txt'), 'Speaker 1  0:05\nWhat about the police and the municipality in this town?\n\nSome prose in between, where we trust our partners and the police.\n\nAnn Lee 1:10\nThey call us whenever there is a problem with a young woman who needs shelter.\n');
    const args = ['code', 'docs', '-c', 'book.yaml', '-a', 'attributes.csv', '--cache', '.cache', '-f', 'ndjson'];
    const first = await runCli(args, dir);
    expect(first.stderr).toMatch(/^qeval: warning: docs\/d\.txt: 2 lines \(line 1 "Speaker 1", line 6 "Ann Lee"\) look like speaker labels/m);
    expect(first.stderr).toMatch(/no language attribute: detected English \(en\) in 1 file: docs\/d\.txt/);
    const again = await runCli(args, dir);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toBe(first.stderr.replace(/segments\n$/, 'segments (4 files from the cache)\n'));
    // A changed attributes row is another key for its file only.
    writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization,language\ndocs/b.txt,west,en\ndocs/c.txt,south,en\n');
    expect((await runCli(args, dir)).stderr).toMatch(/\(3 files from the cache\)\n$/);
  });

  it('refuses an empty --cache name rather than leave the cache out silently', async () => {
    const r = await run(['code', 'docs', '-c', 'book.yaml', '--cache', ''], corpus());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: --cache takes a folder, not an empty name\n');
  });

  it('treats a cache entry of another shape (as an earlier build wrote it) as a miss, and writes it anew', async () => {
    const dir = corpus();
    const args = ['code', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'json'];
    const first = await run(args, dir);
    // Entries as an earlier build wrote them: one JSON object, no format mark, each document's body one string.
    const entries = readdirSync(path.join(dir, '.cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.entry'));
    expect(entries).toHaveLength(3);
    for (const f of entries) {
      const file = path.join(dir, '.cache', f);
      const bytes = readFileSync(file);
      // The digest's line, then the JSON line.
      const head = bytes.indexOf(10);
      const line = bytes.indexOf(10, head + 1);
      const data = JSON.parse(bytes.toString('utf8', head + 1, line)) as { format?: number; documents: { body?: string; bodyBytes?: number[] }[] };
      delete data.format;
      let at = line + 1;
      for (const d of data.documents) {
        d.body = (d.bodyBytes ?? []).map((n) => bytes.toString('utf8', at, (at += n))).join(',');
        delete d.bodyBytes;
      }
      expect(at).toBe(bytes.length);
      writeFileSync(file, JSON.stringify(data));
    }
    const again = await run(args, dir);
    expect(again.stderr).toBe('coded 3 documents: 7 segments\n');
    expect(again.stdout).toBe(first.stdout);
    expect((await run(args, dir)).stderr).toBe('coded 3 documents: 7 segments (3 files from the cache)\n');
  });

  it('never serves an entry with a byte changed in place (lengths intact): it is a miss, coded and written anew', async () => {
    const dir = corpus();
    const args = ['code', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'csv'];
    const first = await run(args, dir);
    const entries = readdirSync(path.join(dir, '.cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.entry'));
    let flipped = 0;
    for (const f of entries) {
      const file = path.join(dir, '.cache', f);
      const bytes = readFileSync(file);
      const at = bytes.lastIndexOf(',');
      if (at <= bytes.indexOf(10)) continue;
      bytes[at] = 0x3b; // "," becomes ";" inside the formatted segments
      writeFileSync(file, bytes);
      flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    const again = await run(args, dir);
    expect(again.stdout).toBe(first.stdout);
    const served = 3 - flipped;
    expect(again.stderr).toBe(`coded 3 documents: 7 segments${served === 0 ? '' : served === 1 ? ' (1 file from the cache)' : ` (${served} files from the cache)`}\n`);
    expect((await run(args, dir)).stderr).toBe('coded 3 documents: 7 segments (3 files from the cache)\n');
  });

  it('never serves a score entry whose measures were changed in place (a count or word total in its JSON line): it is a miss', async () => {
    const dir = corpus();
    const args = ['score', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'csv'];
    const first = await run(args, dir);
    const entries = readdirSync(path.join(dir, '.cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.entry'));
    for (const f of entries) {
      const file = path.join(dir, '.cache', f);
      const text = readFileSync(file, 'latin1');
      const edited = text.replace(/"words":(\d)/, (_, d: string) => `"words":${(Number(d) + 1) % 10}`);
      expect(edited).not.toBe(text);
      writeFileSync(file, edited, 'latin1');
    }
    const again = await run(args, dir);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).not.toMatch(/from the cache/);
  });

  it('never serves an entry copied over another key (an older result of a file that has changed since): it is a miss', async () => {
    const dir = corpus();
    const args = ['code', 'docs', '-c', 'book.yaml', '--cache', '.cache', '-f', 'csv'];
    await run(args, dir);
    const entriesNow = () => new Set(readdirSync(path.join(dir, '.cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.entry')));
    const before = entriesNow();
    const [doc] = readdirSync(path.join(dir, 'docs')).sort();
    writeFileSync(path.join(dir, 'docs', doc!), `${readFileSync(path.join(dir, 'docs', doc!), 'utf8')}\nThe police are a strong partner now.\n`);
    const changed = await run(args, dir);
    const added = [...entriesNow()].filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    // The old entry of the changed file, copied over its new key, as a hand or a sync tool might.
    const stale = [...before].map((f) => ({ f, text: readFileSync(path.join(dir, '.cache', f), 'utf8') })).find((e) => e.text.includes(doc!))!;
    writeFileSync(path.join(dir, '.cache', added[0]!), readFileSync(path.join(dir, '.cache', stale.f)));
    const again = await run(args, dir);
    expect(again.stdout).toBe(changed.stdout);
    expect(again.stderr).toBe('coded 3 documents: 8 segments (2 files from the cache)\n');
  });
});
