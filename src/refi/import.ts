// Imports a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) from disk: archive, XML, source texts, then to-qeval.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { QevalError } from '../model/errors.js';
import { languageDetector, type LanguageDetector } from '../io/language-detector.js';
import { normalizeLanguage } from '../lang/language.js';
import { DEFAULT_LIMITS, openArchive, type ArchiveLimits } from './archive.js';
import { parseRefiXml } from './parse.js';
import { countingForProject, type PositionCounting } from './positions.js';
import type { RefiProject, RefiTextSource } from './project.js';
import { projectToQeval, type ImportResult, type SourceText } from './to-qeval.js';

export interface ImportFileOptions {
  /** `auto` (from the project's origin) or a counting (see positions.ts). */
  positions?: PositionCounting | 'auto';
  language?: string;
  skipInvalid?: boolean;
  limits?: ArchiveLimits;
}

/** What an import found, with the counting it used and the project it read. */
export interface ImportedProject extends ImportResult {
  project: RefiProject;
  counting: PositionCounting;
  kind: 'project' | 'codebook';
}

/**
 * Decodes a source's plain text: UTF-8 (the standard's encoding; a BOM is dropped) or UTF-16 with a
 * BOM. Line endings are kept, since positions count them. Throws QevalError `REFI_SOURCE_ENCODING`
 * with the byte offset of the first invalid byte.
 */
export function decodeSourceText(bytes: Uint8Array, file: string, source: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = Buffer.from(bytes).toString('utf8');
    const bad = Buffer.byteLength(lenient.slice(0, lenient.indexOf('\uFFFD')), 'utf8');
    throw new QevalError('REFI_SOURCE_ENCODING', `the text of source "${source}" is not UTF-8 (invalid byte at offset ${bad}); REFI-QDA source texts must be UTF-8`, { file });
  }
}

/** The archive entry a source path names: `internal://x.txt`, `sources/x.txt`, `Sources\x.txt`, or `x.txt` anywhere. */
export function findEntry(names: readonly string[], sourcePath: string): string | undefined {
  const clean = sourcePath.replace(/^internal:\/\//i, '').replace(/\\/g, '/').replace(/^\/+/, '');
  const base = clean.split('/').pop()!.toLowerCase();
  const lower = new Map(names.map((n) => [n.replace(/\\/g, '/').toLowerCase(), n]));
  return lower.get(`sources/${clean.toLowerCase()}`) ?? lower.get(clean.toLowerCase()) ?? names.find((n) => n.replace(/\\/g, '/').split('/').pop()!.toLowerCase() === base);
}

/**
 * Reads a REFI-QDA file and converts it (see `projectToQeval`). `.qdpx` (a ZIP with one `.qde`
 * project, `project.qde` preferred, and its sources), a bare `.qde` (sources looked up in a
 * `sources/` folder beside it), or a `.qdc` codebook. Throws QevalError naming the file and entry.
 */
export async function importRefiFile(file: string, display: string, options: ImportFileOptions = {}): Promise<ImportedProject> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new QevalError('NOT_FOUND', e.code === 'ENOENT' ? 'no such file' : `cannot read (${e.code})`, { file: display });
  });
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let project: RefiProject;
  const texts = new Map<string, SourceText>();
  const archive = isZip ? await openArchive(bytes, display, options.limits ?? DEFAULT_LIMITS) : undefined;
  try {
    let lookup: (source: RefiTextSource, p: string) => Promise<SourceText>;
    if (archive) {
      const qdes = archive.names.filter((n) => /\.qde$/i.test(n));
      const qde = qdes.find((n) => n.toLowerCase() === 'project.qde') ?? (qdes.length === 1 ? qdes[0] : undefined);
      if (!qde) throw new QevalError('REFI_NO_PROJECT', qdes.length === 0 ? 'the archive holds no .qde project file; is it a REFI-QDA .qdpx?' : `the archive holds several .qde files (${qdes.join(', ')}) and no project.qde`, { file: display });
      const where = `${display}:${qde}`;
      project = parseRefiXml(decodeXml(await archive.read(qde), where), where);
      lookup = async (source, p) => {
        const entry = findEntry(archive.names, p);
        if (!entry) return { missing: `"${p}" is not in the archive` };
        return { text: decodeSourceText(await archive.read(entry), display, source.name) };
      };
    } else {
      project = parseRefiXml(decodeXml(bytes, display), display);
      const dir = path.dirname(file);
      const folders = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.toLowerCase() === 'sources');
      lookup = async (source, p) => {
        const name = p.replace(/^internal:\/\//i, '').replace(/\\/g, '/').split('/').pop()!;
        for (const folder of folders) {
          const data = await readFile(path.join(dir, folder, name)).catch(() => undefined);
          if (data) return { text: decodeSourceText(data, display, source.name) };
        }
        return { missing: `"${p}" is not beside the project file (no ${path.join(path.basename(dir), 'sources', name)})` };
      };
    }
    for (const s of project.sources) {
      if (s.content !== undefined) texts.set(s.guid, { text: s.content });
      else if (!s.plainTextPath) texts.set(s.guid, { missing: 'no plainTextPath and no PlainTextContent' });
      else if (/^(relative|absolute):\/\//i.test(s.plainTextPath)) texts.set(s.guid, { missing: `"${s.plainTextPath}" is an external file, not carried by the project` });
      else texts.set(s.guid, await lookup(s, s.plainTextPath));
    }
  } finally {
    archive?.close();
  }
  const counting = options.positions && options.positions !== 'auto' ? options.positions : countingForProject(project);
  const detected = options.language === undefined ? await mostTextsIn(texts) : undefined;
  const result = projectToQeval(project, texts, { file: display, counting, language: options.language, skipInvalid: options.skipInvalid, ...(detected ? { detected } : {}) });
  return { ...result, project, counting, kind: project.kind };
}

/**
 * The language (ISO 639-1) most of the texts are reliably detected in (their first 3,000 UTF-16
 * units; ties to the first in code-point order), or undefined when none is: the imported codebook's
 * language when the project names none (a Lithuanian NVivo project gets a Lithuanian codebook).
 */
async function mostTextsIn(texts: ReadonlyMap<string, SourceText>): Promise<string | undefined> {
  const counts = new Map<string, number>();
  let eld: LanguageDetector | undefined;
  for (const t of texts.values()) {
    if (!('text' in t) || t.text.trim() === '') continue;
    eld ??= await languageDetector();
    const result = eld.detect(t.text.slice(0, 3000));
    const lang = result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
    if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** XML bytes as text: UTF-8 (BOM dropped) or UTF-16 with a BOM. */
function decodeXml(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new QevalError('REFI_XML', 'the XML is not UTF-8', { file });
  }
}
