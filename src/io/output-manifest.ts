// The files a report run wrote into its output folder, kept in the folder, so that a later run into it removes what it no longer writes.
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The manifest's name in the output folder (one path relative to the folder per line, `/` separators). */
export const MANIFEST = '.qeval-files';

/**
 * After a run wrote `written` (absolute paths) into `dir`: removes the files the previous run into
 * `dir` wrote (listed in its manifest) that this run did not write, e.g. the report of an
 * organization no longer in the study, and the folders that leaves empty; then records `written` as
 * the new manifest. Only files a qeval run wrote are ever removed: the folder's other files are not
 * touched, and a folder without a manifest loses nothing. Returns the paths removed (absolute).
 * Throws the file system's error when the manifest cannot be written.
 */
export async function replaceOutputs(dir: string, written: readonly string[]): Promise<string[]> {
  const manifest = path.join(dir, MANIFEST);
  const now = new Set(written.map((f) => path.relative(dir, f).split(path.sep).join('/')));
  const before = await readFile(manifest, 'utf8').then(
    (text) => text.split('\n').filter((line) => line !== ''),
    () => [] as string[],
  );
  const removed: string[] = [];
  for (const rel of before) {
    // A line that would leave the folder (a hand-edited manifest) is not followed.
    if (now.has(rel) || rel.startsWith('/') || rel.split('/').includes('..')) continue;
    const file = path.join(dir, ...rel.split('/'));
    await rm(file, { force: true });
    removed.push(file);
    for (let d = path.dirname(file); d.length > dir.length && d.startsWith(dir); d = path.dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
    }
  }
  await writeFile(manifest, [...now].sort().map((f) => `${f}\n`).join(''));
  return removed;
}
