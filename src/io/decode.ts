// Bytes -> normalized text: BOM sniffing, strict UTF-8, legacy single-byte detection, LF line ends.
import iconv from 'iconv-lite';
import { QevalError } from '../model/errors.js';

export interface Decoded {
  text: string;
  encoding: string;
}

const LEGACY_CANDIDATES = ['windows-1257', 'iso-8859-13', 'windows-1252'] as const;
const BALTIC_LETTERS = /[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]/gu;
const WESTERN_LETTERS = /[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÄÇÈÉÊËÍÎÏÑÓÔÖÚÛÜ]/gu;
// C1 controls and replacement characters never occur in real text: a decoding that yields them is wrong.
const IMPOSSIBLE = /[\u0080-\u009f\ufffd]/gu;

/** Normalizes line endings to LF (CRLF and lone CR). */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Decodes a file's bytes. With `encoding`, uses it (strictly for UTF-8); otherwise honours a BOM,
 * accepts valid UTF-8, and else tries the legacy single-byte encodings, failing rather than guessing.
 */
export function decodeBytes(bytes: Uint8Array, file: string, encoding?: string): Decoded {
  // A byte-order mark is certain: it wins over a named encoding.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: normalizeNewlines(strictUtf8(bytes.subarray(3), file, 3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: normalizeNewlines(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: normalizeNewlines(new TextDecoder('utf-16be').decode(bytes.subarray(2))), encoding: 'utf-16be' };
  }
  const named = encoding?.toLowerCase().replace(/_/g, '-');
  if (named && named !== 'utf-8' && named !== 'utf8') {
    if (!iconv.encodingExists(named)) {
      throw new QevalError('UNKNOWN_ENCODING', `unknown encoding "${encoding}"; use e.g. utf-8, utf-16le, windows-1257, iso-8859-13`);
    }
    const text = iconv.decode(Buffer.from(bytes), named, { stripBOM: true });
    return { text: normalizeNewlines(text), encoding: iconv.getCodec(named).encodingName ?? named };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new QevalError('BINARY_INPUT', `${lineOf(bytes, nul)}contains NUL bytes: not a text file, or UTF-16 without a byte-order mark (name it with --encoding utf-16le)`, { file });
  }
  if (named || isValidUtf8(bytes)) return { text: normalizeNewlines(strictUtf8(bytes, file, 0)), encoding: 'utf-8' };
  return decodeLegacy(bytes, file);
}

function strictUtf8(bytes: Uint8Array, file: string, skipped: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = lineNumber(bytes, bad);
    throw new QevalError('UNDECODABLE', `invalid UTF-8 at byte ${bad + skipped}; name the file's encoding with --encoding (e.g. windows-1257)`, { file, line, column: 1 });
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeLegacy(bytes: Uint8Array, file: string): Decoded {
  const buffer = Buffer.from(bytes);
  let best: { encoding: string; text: string; score: number } | undefined;
  for (const encoding of LEGACY_CANDIDATES) {
    const text = iconv.decode(buffer, encoding);
    const impossible = (text.match(IMPOSSIBLE) ?? []).length;
    if (impossible > 0) continue;
    const letters = encoding === 'windows-1252' ? (text.match(WESTERN_LETTERS) ?? []).length : (text.match(BALTIC_LETTERS) ?? []).length;
    // windows-1257 and iso-8859-13 agree on the letters; windows-1257 wins ties (it is far more common).
    if (!best || letters > best.score) best = { encoding, text, score: letters };
  }
  if (!best || best.score === 0) {
    const bad = firstInvalidUtf8(bytes);
    throw new QevalError('UNDECODABLE', `not valid UTF-8 (first bad byte ${bad}) and not recognizably Windows-1257, ISO-8859-13 or Windows-1252; name the encoding with --encoding`, { file, line: lineNumber(bytes, bad), column: 1 });
  }
  return { text: normalizeNewlines(best.text), encoding: best.encoding };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function lineNumber(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineOf(bytes: Uint8Array, offset: number): string {
  return `line ${lineNumber(bytes, offset)} `;
}
