// The files a report run wrote into its output folder, kept in the folder, so that a later run into it removes what it no longer writes.
import { createHash } from 'node:crypto';
import { lstat, readFile, realpath, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, type OutputFile } from './write.js';

/**
 * The manifest's name in the output folder: one line per file written, `<sha-256 of its bytes> <path
 * relative to the folder, / separators>`.
 */
export const MANIFEST = '.qeval-files';

/** The kinds of file report runs write; a manifest line naming anything else is never followed. */
const OUTPUT_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.html', '.json', '.csv', '.docx', '.dot']);

/** The kinds of file `qeval import` writes (documents, attributes and segments, the codebook). */
export const IMPORT_EXTENSIONS: ReadonlySet<string> = new Set(['.txt', '.md', '.csv', '.yaml']);

/** SHA-256 of a file's bytes (a string as the UTF-8 it is written in). */
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * After a run wrote `files` (paths relative to `dir`, as writeFilesAtomic took them) into `dir`: removes the files the previous run into
 * `dir` wrote (listed in its manifest) that this run did not write, e.g. the report of an
 * organization no longer in the study, and the folders that leaves empty; then records `files` (each
 * with the SHA-256 of its data, hashed as written, not read back) as the new manifest (written by rename, never through a link). A listed file is removed only when it
 * is still exactly what that run wrote (same SHA-256), is a regular file of a kind report runs write,
 * and really lies inside `dir` (no `..`, no absolute path, no symbolic link leading out): a file the
 * user changed or put there is never removed, and a damaged line is passed over. `kinds`: the
 * extensions of the files the command writes (default: report runs'). Returns the paths removed
 * (absolute). Throws what writing the manifest throws.
 */
export async function replaceOutputs(dir: string, files: readonly OutputFile[], kinds: ReadonlySet<string> = OUTPUT_EXTENSIONS): Promise<string[]> {
  const manifest = path.join(dir, MANIFEST);
  const now = new Map(files.map((f) => [f.path, sha256(f.data)]));
  const before = await readFile(manifest, 'utf8').then(
    (text) => text.split('\n'),
    () => [] as string[],
  );
  const realDir = await realpath(dir);
  const removed: string[] = [];
  for (const line of before) {
    const m = /^([0-9a-f]{64}) (.+)$/.exec(line);
    if (!m || line.length > 4096 || line.includes('\u0000')) continue;
    const [, hash, rel] = m as unknown as [string, string, string];
    if (now.has(rel) || rel.startsWith('/') || rel.includes('\\') || rel.split('/').some((p) => p === '..' || p === '.' || p === '')) continue;
    if (!kinds.has(path.extname(rel).toLowerCase())) continue;
    const file = path.join(dir, ...rel.split('/'));
    if (!(await isOwnedOutput(file, realDir, hash))) continue;
    await rm(file, { force: true });
    removed.push(file);
    for (let d = path.dirname(file); d.length > dir.length && d.startsWith(dir); d = path.dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
    }
  }
  await writeFileAtomic(manifest, [...now].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([f, h]) => `${h} ${f}\n`).join(''));
  return removed;
}

/** Whether `file` is a regular file (not a link), really inside `realDir`, whose bytes still hash to `hash`. */
async function isOwnedOutput(file: string, realDir: string, hash: string): Promise<boolean> {
  try {
    const info = await lstat(file);
    if (!info.isFile()) return false;
    const real = await realpath(file);
    if (!real.startsWith(realDir + path.sep)) return false;
    return sha256(await readFile(file)) === hash;
  } catch {
    return false;
  }
}
