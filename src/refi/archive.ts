// Reads and writes .qdpx archives (ZIP) at the edge, with limits against hostile files.
import yauzl from 'yauzl';
import yazl from 'yazl';
import { QevalError } from '../model/errors.js';

/** Limits on what an archive may make qeval read (hostile archives: zip bombs, entry floods). */
export interface ArchiveLimits {
  /** Most entries an archive may have. */
  maxEntries: number;
  /** Most bytes one entry read may decompress to. */
  maxEntryBytes: number;
  /** Most bytes all entries read may decompress to together. */
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { maxEntries: 20_000, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

/** An opened archive: its entry names, and a reader for one entry that enforces the limits. */
export interface Archive {
  names: string[];
  read(name: string): Promise<Buffer>;
  close(): void;
}

const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;

/**
 * Opens a ZIP archive held in memory. Entry names are only looked up, never used as paths to write
 * to. Throws QevalError `REFI_ZIP` for a broken archive, `REFI_ZIP_LIMIT` past a limit (checked
 * against the declared sizes before decompressing and again while decompressing, since yauzl
 * also rejects entries that inflate past their declared size).
 */
export async function openArchive(bytes: Buffer, file: string, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<Archive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err || !z ? reject(zipError(err, file)) : resolve(z)));
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new QevalError('REFI_ZIP_LIMIT', `the archive has ${zip.entryCount} entries, more than the ${limits.maxEntries} qeval accepts`, { file });
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(zipError(err, file)));
    zip.readEntry();
  });
  let total = 0;
  return {
    names: [...entries.keys()],
    close: () => zip.close(),
    async read(name) {
      const entry = entries.get(name);
      if (!entry) throw new QevalError('REFI_ZIP', `the archive has no entry "${name}"`, { file });
      const declared = entry.uncompressedSize;
      if (declared > limits.maxEntryBytes) throw new QevalError('REFI_ZIP_LIMIT', `entry "${name}" would decompress to ${mib(declared)}, more than the ${mib(limits.maxEntryBytes)} qeval reads from one entry`, { file });
      if (total + declared > limits.maxTotalBytes) throw new QevalError('REFI_ZIP_LIMIT', `the archive's entries would decompress to more than the ${mib(limits.maxTotalBytes)} qeval reads from one archive`, { file });
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(zipError(err, file, name)) : resolve(s))));
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of stream) {
          size += (chunk as Buffer).length;
          if (size > declared || size > limits.maxEntryBytes) throw new QevalError('REFI_ZIP_LIMIT', `entry "${name}" decompresses to more than its declared ${declared} bytes`, { file });
          chunks.push(chunk as Buffer);
        }
      } catch (e) {
        throw e instanceof QevalError ? e : zipError(e as Error, file, name);
      }
      total += size;
      return Buffer.concat(chunks);
    },
  };
}

function zipError(err: Error | null | undefined, file: string, entry?: string): QevalError {
  return new QevalError('REFI_ZIP', `not a readable ZIP archive${entry ? ` (entry "${entry}")` : ''}: ${err?.message ?? 'unknown error'}`, { file });
}

/** The fixed time stamp of every entry written, so the same project gives the same bytes. */
const FIXED_TIME = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** A ZIP archive of `files` in the given order, deflated, with fixed time stamps and permissions. */
export async function writeArchive(files: readonly { path: string; data: string | Uint8Array }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(Buffer.from(f.data), f.path, { mtime: FIXED_TIME, mode: 0o100644, compress: true, forceDosTimestamp: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
