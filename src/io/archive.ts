// Reads the parts of a ZIP container (DOCX, ODT) in memory, within limits on entry count and decompressed size.
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { QevalError } from '../model/errors.js';

/** Limits on a ZIP container, against archive bombs. */
export interface ArchiveLimits {
  /** Most entries the archive may list (all entries, read or not). */
  entries: number;
  /** Most bytes the kept entries may decompress to, together (as declared; decompression never writes past a declared size). */
  bytes: number;
}

/**
 * The entries of a ZIP archive that `keep` selects, decompressed into memory (nothing is written to
 * disk, so entry names never become paths). Throws QevalError ARCHIVE_TOO_MANY_ENTRIES,
 * ARCHIVE_TOO_LARGE or ARCHIVE_CORRUPT naming `file`.
 */
export function readArchive(bytes: Uint8Array, file: string, kind: string, limits: ArchiveLimits, keep: (name: string) => boolean): Unzipped {
  let entries = 0;
  let total = 0;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        entries += 1;
        if (entries > limits.entries) {
          throw new QevalError('ARCHIVE_TOO_MANY_ENTRIES', `the ${kind} archive has more than ${limits.entries} entries; not read (a damaged or hostile file?)`, { file });
        }
        if (!keep(entry.name)) return false;
        total += entry.originalSize;
        if (total > limits.bytes) {
          throw new QevalError('ARCHIVE_TOO_LARGE', `the ${kind} archive's text parts decompress to more than ${Math.round(limits.bytes / 2 ** 20)} MiB; not read (a damaged or hostile file?)`, { file });
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof QevalError) throw e;
    throw new QevalError('ARCHIVE_CORRUPT', `not a readable ${kind} file (damaged ZIP container: ${(e as Error).message})`, { file });
  }
  return files;
}

/** Packs entries into a ZIP again (stored, uncompressed), for libraries that take a whole container. */
export function packArchive(files: Unzipped): Uint8Array {
  return zipSync(files, { level: 0 });
}
