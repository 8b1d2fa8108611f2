// Shard stamps: what a `--shard K/N -o FILE` run was made with, written beside FILE, so that `qeval merge` can refuse shards of different runs.
import { counted } from '../model/words.js';
import { jsonFailure } from './json-errors.js';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Codebook } from '../codebook/types.js';
import { QevalError } from '../model/errors.js';
import { QEVAL_VERSION } from '../version.js';
import { modelFilesOf, type AnalysisSettings } from './analysis.js';
import { writeFileAtomic } from './write.js';

/** The first field of every stamp, and its version. */
const STAMP_MARK = 'qeval shard stamp 1';

/**
 * What a shard was made with, as the settings a user gives (names and values in words): qeval's
 * version, the command, codebooks and models (by name and SHA-256 of their bytes, not by path, so
 * that machines with the corpus or qeval elsewhere agree), coding options, output format and score
 * options. Two shards of one run have equal settings.
 */
export type RunSettings = Record<string, string>;

/**
 * A shard stamp as written: the shard, the SHA-256 (hex) of the output file's bytes, the number of
 * input files the run could not read (listed in `<output>.failures.csv`), the number of documents it
 * read (absent in stamps of earlier builds), and the run's settings.
 */
export interface ShardStamp {
  stamp: typeof STAMP_MARK;
  shard: { k: number; n: number };
  sha256: string;
  failures: number;
  documents?: number;
  settings: RunSettings;
}

/** The stamp of output file `file`: a hidden file beside it, `.<name>.qeval-shard` (globs such as `out/*.csv` and `out/*` pass it over). */
export function stampPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.qeval-shard`);
}

const short = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;

/**
 * The settings of a `code` or `score` run (see RunSettings). `output` names the output options of
 * the command (format, --excel, --by, --sort ...). Reads the codebook and model files to hash them;
 * throws what reading throws.
 */
export async function runSettings(command: 'code' | 'score', settings: AnalysisSettings, codebooks: readonly Codebook[], output: RunSettings): Promise<RunSettings> {
  const described = await describeCodebooks(settings.codebooks, codebooks);
  const models = settings.model === false ? [] : modelFilesOf(settings, codebooks).filter((f) => existsSync(f));
  const modelNames = await Promise.all(models.map(async (f) => `${path.basename(f)} ${short(await readFile(f))}`));
  const code = settings.code;
  return {
    qeval: QEVAL_VERSION,
    command,
    codebooks: described,
    models: settings.model === false ? 'none (--no-model)' : modelNames.join('; ') || 'none',
    unit: code.unit ?? "the codebook's",
    speakers: code.speakers === undefined ? "the rules' own" : [code.speakers].flat().join('; '),
    interviewer: (code.interviewerLabels ?? []).join('; ') || 'none given',
    encoding: settings.encoding ?? 'detected',
    'open columns': (settings.openColumns ?? []).join('; ') || 'none given',
    attributes: settings.attributes ? short(JSON.stringify(settings.attributes)) : 'none',
    ...output,
  };
}

/**
 * Codebooks as a stamp names them: `name@version (language) sha256:<first 12 hex digits of the
 * file's SHA-256>`, joined by `; `, in the order given. `files` are the codebook files (absolute),
 * `codebooks` the same loaded. Throws what reading a file throws.
 */
export async function describeCodebooks(files: readonly { abs: string }[], codebooks: readonly Codebook[]): Promise<string> {
  const described = await Promise.all(
    files.map(async (c, i) => {
      const spec = codebooks[i]?.spec;
      const name = spec ? `${spec.codebook}@${spec.version} (${spec.language})` : path.basename(c.abs);
      return `${name} ${short(await readFile(c.abs))}`;
    }),
  );
  return described.join('; ');
}

/** SHA-256 (hex) of a file's bytes, read a megabyte at a time. Throws what reading throws. */
export async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * After a run wrote `output` (absolute): with a shard, writes its stamp beside it (atomically);
 * without, removes a stamp an earlier shard run left there, which no longer describes the file.
 * Throws what reading the output or writing the stamp throws.
 */
export async function stampOutput(output: string, shard: { k: number; n: number } | undefined, counts: { failures: number; documents: number }, settings: () => Promise<RunSettings>): Promise<void> {
  const file = stampPath(output);
  if (!shard) {
    await rm(file, { force: true });
    return;
  }
  const stamp: ShardStamp = { stamp: STAMP_MARK, shard, sha256: await fileSha256(output), failures: counts.failures, documents: counts.documents, settings: await settings() };
  await writeFileAtomic(file, `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * The stamp beside shard file `file` (absolute; `display` names it in messages), or undefined when
 * there is none. Throws QevalError MERGE_STAMP naming the stamp when it is not one qeval wrote.
 */
export async function readStamp(file: string, display: string): Promise<ShardStamp | undefined> {
  const at = stampPath(file);
  const text = await readFile(at, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const shown = stampPath(display);
  const bad = (why: string) => new QevalError('MERGE_STAMP', `not a shard stamp qeval wrote (${why}); remove it, or run the shard again`, { file: shown });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw bad(`not valid JSON: ${jsonFailure(text, e).reason}`);
  }
  const s = data as Partial<ShardStamp> | null;
  if (!s || typeof s !== 'object' || s.stamp !== STAMP_MARK) throw bad('no "stamp" mark');
  const k = s.shard?.k;
  const n = s.shard?.n;
  if (!Number.isInteger(k) || !Number.isInteger(n) || k! < 1 || k! > n!) throw bad('no shard k/n');
  if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256)) throw bad('no sha256 of the shard');
  if (!Number.isInteger(s.failures) || s.failures! < 0) throw bad('no count of failures');
  if (s.documents !== undefined && (!Number.isInteger(s.documents) || s.documents < 0)) throw bad('a count of documents that is not a whole number');
  if (!s.settings || typeof s.settings !== 'object' || Object.values(s.settings).some((v) => typeof v !== 'string')) throw bad('no settings');
  return s as ShardStamp;
}

/** A shard file as merge checks it: its name, the SHA-256 (hex) of its bytes, and its stamp if it has one. */
export interface StampedShard {
  file: string;
  sha256: string;
  stamp?: ShardStamp;
}

/**
 * Checks the stamps of the shards given to merge: each must describe its file's bytes as they are
 * (QevalError MERGE_STAMP_STALE: the file changed after its run), and all must carry the same
 * settings (QevalError MERGE_SETTINGS_DIFFER, naming up to three that differ). Returns what merge
 * warns about: shards without a stamp when others have one, or no stamps at all.
 */
export function checkStampSettings(shards: readonly StampedShard[]): string[] {
  for (const s of shards) {
    if (s.stamp && s.stamp.sha256 !== s.sha256) {
      throw new QevalError('MERGE_STAMP_STALE', `the file is not what its --shard ${s.stamp.shard.k}/${s.stamp.shard.n} run wrote (its stamp, ${path.basename(stampPath(s.file))}, records other bytes): run the shard again, or remove the stamp to merge it unchecked`, { file: s.file });
    }
  }
  const stamped = shards.filter((s) => s.stamp);
  const first = stamped[0];
  if (!first) return [`no shard stamps beside the files (a --shard run writes one beside its -o file): cannot check that they were made with the same codebooks, models and options; make sure they were`];
  for (const s of stamped.slice(1)) {
    const a = first.stamp!.settings;
    const b = s.stamp!.settings;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => a[key] !== b[key]);
    if (keys.length > 0) {
      const said = keys.slice(0, 3).map((key) => `${key} ${b[key] ?? '(not recorded)'}, not ${a[key] ?? '(not recorded)'}`).join('; ');
      const more = keys.length > 3 ? `; and ${keys.length - 3} more` : '';
      throw new QevalError('MERGE_SETTINGS_DIFFER', `made with other settings than ${first.file}: ${said}${more}; run every shard with one command`, { file: s.file });
    }
  }
  const bare = shards.filter((s) => !s.stamp);
  if (bare.length === 0) return [];
  const names = bare.slice(0, 3).map((s) => s.file).join(', ') + (bare.length > 3 ? ` and ${bare.length - 3} more` : '');
  return [`${names}: no shard stamp beside ${bare.length === 1 ? 'it' : 'them'}: cannot check that ${bare.length === 1 ? 'it was' : 'they were'} made with the settings of ${first.file}; make sure ${bare.length === 1 ? 'it was' : 'they were'}`];
}

/**
 * Checks with the stamps that the files are every shard of one run of N (`n` when given, else the
 * stamps' N): every stamp of the same N, no shard twice, as many files as shards, and, when every
 * file has a stamp, none missing. Throws QevalError MERGE_SHARD_COUNT, MERGE_SHARD_TWICE or
 * MERGE_SHARD_MISSING. Returns true when every file has a stamp (the set is then fully checked),
 * false otherwise (nothing, or only what the stamps there are show, was checked).
 */
export function checkStampSet(shards: readonly StampedShard[], n: number | undefined): boolean {
  const stamped = shards.filter((s) => s.stamp);
  const first = stamped[0];
  if (!first) return false;
  const of = n ?? first.stamp!.shard.n;
  const holder = new Map<number, string>();
  for (const s of stamped) {
    const { k, n: m } = s.stamp!.shard;
    if (m !== of) {
      const other = n === undefined ? `, and ${first.file} by --shard ${first.stamp!.shard.k}/${of}` : `, not of --shards ${n}`;
      throw new QevalError('MERGE_SHARD_COUNT', `made by --shard ${k}/${m}${other}: not the shards of one run`, { file: s.file });
    }
    const same = holder.get(k);
    if (same !== undefined) throw new QevalError('MERGE_SHARD_TWICE', `holds shard ${k} of ${of}, as does ${same}: a shard given twice; give each shard's file once`, { file: s.file });
    holder.set(k, s.file);
  }
  const all = stamped.length === shards.length;
  if (all) for (let k = 1; k <= of; k++) if (!holder.has(k)) throw new QevalError('MERGE_SHARD_MISSING', `shard ${k} of ${of} is missing: give every shard's file`);
  if (shards.length !== of) throw new QevalError('MERGE_SHARD_COUNT', `made by --shard ${first.stamp!.shard.k}/${of}, but ${counted(shards.length, 'file')} given: give one file per shard`, { file: first.file });
  return all;
}
