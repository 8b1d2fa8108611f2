// Shared helpers of the REFI-QDA tests: the CLI in-process, temp folders, hand-made archives, xmllint.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeArchive } from '../../src/refi/archive.js';
import { runCli } from '../report/harness.js';

export const DATA = path.join(import.meta.dirname, 'data');

export const qeval = (args: string[], cwd: string) => runCli(args, cwd, { env: { NO_COLOR: '1' } });

export const tempDir = (prefix = 'qeval-refi-') => mkdtempSync(path.join(tmpdir(), prefix));

/** Writes a .qdpx made of `files` (path -> content) into `dir` and returns its path. */
export async function makeQdpx(dir: string, name: string, files: Record<string, string | Buffer>): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await writeArchive(Object.entries(files).map(([p, data]) => ({ path: p, data }))));
  return file;
}

/** A minimal project.qde with the given origin, one user, codes, and text sources with selections. */
export function projectXml(opts: {
  origin: string;
  codes: string;
  sources: { guid: string; name: string; path?: string; selections: [number, number, string][] }[];
  namespace?: string;
}): string {
  const user = 'a0000000-0000-4000-8000-000000000001';
  const sources = opts.sources.map((s) => `<TextSource guid="${s.guid}" name="${s.name}" plainTextPath="${s.path ?? `internal://${s.guid.replace(/[{}]/g, '')}.txt`}">${
    s.selections.map(([start, end, code], i) => `<PlainTextSelection guid="b0000000-0000-4000-8000-${String(i).padStart(12, '0')}" startPosition="${start}" endPosition="${end}" creatingUser="${user}"><Coding guid="c0000000-0000-4000-8000-${String(i).padStart(12, '0')}" creatingUser="${user}"><CodeRef targetGUID="${code}"/></Coding></PlainTextSelection>`).join('')
  }</TextSource>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="${opts.namespace ?? 'urn:QDA-XML:project:1.0'}" name="Test" origin="${opts.origin}"><Users><User guid="${user}" name="Ana"/></Users><CodeBook><Codes>${opts.codes}</Codes></CodeBook><Sources>${sources}</Sources></Project>`;
}

/** Whether Debian's xmllint (libxml2-utils) is installed; in CI it must be (.ci/run installs it). */
export function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Validates an XML file against an XSD with xmllint; returns xmllint's verdict. */
export function validate(xml: string, xsd: string): { ok: boolean; output: string } {
  const dir = tempDir('qeval-xsd-');
  const file = path.join(dir, 'file.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
