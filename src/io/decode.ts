// Bytes -> normalized text: BOM sniffing, strict UTF-8, legacy single-byte detection, LF line ends.
import iconv from 'iconv-lite';
import { QevalError } from '../model/errors.js';

export interface Decoded {
  text: string;
  encoding: string;
}

const LEGACY_CANDIDATES = ['windows-1257', 'iso-8859-13', 'windows-1252'] as const;
// Letters of the alphabets the candidates serve: Baltic (Lithuanian, Latvian, with the Polish and
// German letters Windows-1257 also holds) and Western European.
const BALTIC_LETTER = /^[ąčęėįšųūžĄČĘĖĮŠŲŪŽāēģīķļņōŗĀĒĢĪĶĻŅŌŖćłńóśźżĆŁŃÓŚŹŻäöüõåæøßÄÖÜÕÅÆØé]$/u;
const WESTERN_LETTER = /^[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŠŽŸ]$/u;
// The letters that speak for one candidate over another: Lithuanian ones for the Baltic encodings,
// French, German, Spanish ... ones for Windows-1252 ("naïve" is not "naļve").
const LITHUANIAN_LETTER = /^[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]$/u;
const WESTERN_CORE = /^[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒ]$/u;
// Typographic characters a word processor writes in any language; they prove nothing either way.
// Typographic characters and common signs a word processor writes in any language (the euro in
// nearly every budget); they prove nothing either way.
const TYPOGRAPHY = new Set([...'„“”‚‘’«»‹›–—…•·°§©®™±×÷€£¥¢‰†‡¹²³¼½¾µ¶\u00a0\u00ad']);

/**
 * The first bytes of a text file as text, for telling what the file is: UTF-16 when they start with
 * its byte-order mark (a file saved again as "Unicode"), else UTF-8 (an odd last byte of UTF-16 is
 * left out). Never throws; the text may end mid-character.
 */
export function headText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const even = (b: Buffer) => b.subarray(2, b.length - (b.length % 2));
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return even(buffer).toString('utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(even(buffer)).swap16().toString('utf16le');
  return buffer.toString('utf8');
}

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
  // UTF-32's little-endian mark begins with UTF-16's (FF FE): it is looked for first.
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return { text: normalizeNewlines(strictUtf32(bytes, true, file)), encoding: 'utf-32le' };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return { text: normalizeNewlines(strictUtf32(bytes, false, file)), encoding: 'utf-32be' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: normalizeNewlines(strictUtf16(bytes, true, file)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: normalizeNewlines(strictUtf16(bytes, false, file)), encoding: 'utf-16be' };
  const named = encoding?.toLowerCase().replace(/_/g, '-');
  if (named && named !== 'utf-8' && named !== 'utf8') {
    if (!iconv.encodingExists(named)) throw new QevalError('UNKNOWN_ENCODING', unknownEncodingMessage(encoding!), { file });
    const codec = named.replace(/[^a-z0-9]/g, '');
    // A named encoding is for every input of a run: UTF-16 is read strictly, and only from a file
    // that looks like it (so a UTF-8 report in the same folder is refused, not read as CJK).
    if (codec === 'utf16le' || codec === 'ucs2' || codec === 'utf16be' || codec === 'utf16') {
      const order = utf16Order(bytes);
      if (order === undefined) {
        throw new QevalError('UNDECODABLE', `not UTF-16: the file has no NUL bytes in every other place, as UTF-16 text in a European language does${isValidUtf8(bytes) ? ' (it is valid UTF-8)' : ''}; the encoding named is for every input, so name it only when every file is UTF-16 (a UTF-16 file with a byte-order mark is read as such without it)`, { file, line: 1, column: 1 });
      }
      const asked = codec === 'utf16be' ? 'be' : codec === 'utf16' ? order : 'le';
      if (order !== asked) {
        throw new QevalError('UNDECODABLE', `UTF-16 ${order === 'be' ? 'big' : 'little'}-endian, not ${asked === 'be' ? 'big' : 'little'}-endian (its NUL bytes come ${order === 'be' ? 'first' : 'second'} in each pair); name it with --encoding utf-16${order}, or save it as UTF-8`, { file, line: 1, column: 1 });
      }
      return { text: normalizeNewlines(strictUtf16(bytes, order === 'le', file, 0)), encoding: `utf-16${order}` };
    }
    // A single-byte encoding reads any bytes, so what is no text in it is refused first: NUL bytes
    // (a binary file, an image, UTF-16), and a UTF-8 file, which is read as UTF-8 when it is valid
    // ("Ä—" is not "ė") and refused when one character of it is damaged.
    refuseNul(bytes, file);
    if (isValidUtf8(bytes)) {
      if (bytes.some((b) => b >= 0x80)) return { text: normalizeNewlines(strictUtf8(bytes, file, 0)), encoding: 'utf-8' };
    } else refuseDamagedUtf8(bytes, file);
    const text = iconv.decode(Buffer.from(bytes), named, { stripBOM: true });
    return { text: normalizeNewlines(text), encoding: named };
  }
  refuseNul(bytes, file);
  if (named || isValidUtf8(bytes)) return { text: normalizeNewlines(strictUtf8(bytes, file, 0)), encoding: 'utf-8' };
  return decodeLegacy(bytes, file);
}

/**
 * Throws QevalError BINARY_INPUT at the first NUL byte: no text file holds one. Only bytes laid out
 * as UTF-16 get the advice to name it; a binary file or an image is no text at all.
 */
function refuseNul(bytes: Uint8Array, file: string): void {
  const nul = bytes.indexOf(0);
  if (nul < 0) return;
  const order = utf16Order(bytes);
  const advice = order === undefined ? 'not a text file (a binary file, an image or a damaged document)' : `UTF-16 without a byte-order mark, it seems (name it with --encoding utf-16${order}, or save it as UTF-8)`;
  throw new QevalError('BINARY_INPUT', `a NUL byte here: ${advice}`, { file, line: lineNumber(bytes, nul), column: columnNumber(bytes, nul) });
}

/**
 * The text of UTF-16 bytes after their 2-byte mark, every unit checked: QevalError UNDECODABLE
 * (naming the byte offset, line and column) for a lone surrogate half, or an odd number of bytes
 * (a file cut short), never a replacement character in silence.
 */
function strictUtf16(bytes: Uint8Array, littleEndian: boolean, file: string, start = 2): string {
  const unit = (i: number) => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  const units = new Uint16Array(Math.floor((bytes.length - start) / 2));
  for (let k = 0; k < units.length; k++) units[k] = unit(start + 2 * k);
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u < 0xd800 || u > 0xdfff) continue;
    const low = units[k + 1];
    if (u <= 0xdbff && low !== undefined && low >= 0xdc00 && low <= 0xdfff) {
      k++;
      continue;
    }
    throw undecodable(`invalid UTF-16 at byte ${start + 2 * k} (half of a surrogate pair, alone)`, units, k, file);
  }
  if ((bytes.length - start) % 2 === 1) throw undecodable(`the UTF-16 file ends in the middle of a character (an odd number of bytes, ${bytes.length}): it was cut short or is not UTF-16`, units, units.length, file);
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(start));
}

/**
 * Whether bytes without a byte-order mark are laid out as UTF-16 text in a European language: most
 * characters' high byte is 0, so NUL fills every other place (odd places: little-endian `le`, even
 * places: big-endian `be`). Looks at the first 4,096 bytes: more than 40% of one parity's bytes NUL
 * and under 5% of the other's. Undefined otherwise (binary data, or text in another encoding).
 */
function utf16Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > 0.4 * half && even < 0.05 * half) return 'le';
  if (even > 0.4 * half && odd < 0.05 * half) return 'be';
  return undefined;
}

/**
 * The text of UTF-32 bytes after their 4-byte mark, every code point checked: QevalError
 * UNDECODABLE (naming the byte offset, line and column) for a value above U+10FFFF, a surrogate,
 * or bytes that are not a whole number of 4-byte characters.
 */
function strictUtf32(bytes: Uint8Array, littleEndian: boolean, file: string): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const units: number[] = [];
  for (let i = 4; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw undecodable(`invalid UTF-32 at byte ${i} (U+${cp.toString(16).toUpperCase()} is no character)`, Uint16Array.from(units), units.length, file);
    if (cp < 0x10000) units.push(cp);
    else units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
  }
  const text = Uint16Array.from(units);
  if ((bytes.length - 4) % 4 !== 0) throw undecodable(`the UTF-32 file ends in the middle of a character (${bytes.length} bytes, not a multiple of 4): it was cut short`, text, text.length, file);
  return textOfUnits(text, 0, text.length);
}

/** UTF-16 code units [from, to) as a string, in pieces (String.fromCharCode takes a bounded number of arguments). */
function textOfUnits(units: Uint16Array, from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i += 8192) parts.push(String.fromCharCode(...units.subarray(i, Math.min(to, i + 8192))));
  return parts.join('');
}

/** An UNDECODABLE error at the character after the first `at` units of decoded text (line and column counted in it, line ends normalized as everywhere). */
function undecodable(message: string, units: Uint16Array, at: number, file: string): QevalError {
  const before = normalizeNewlines(textOfUnits(units, 0, at));
  const lineStart = before.lastIndexOf('\n') + 1;
  return new QevalError('UNDECODABLE', message, { file, line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 });
}

function strictUtf8(bytes: Uint8Array, file: string, skipped: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A UTF-8 file with one damaged character is said to be one, with no other encoding to name.
    refuseDamagedUtf8(bytes, file, skipped);
    const bad = firstInvalidUtf8(bytes);
    const line = lineNumber(bytes, bad);
    throw new QevalError('UNDECODABLE', `invalid UTF-8 at byte ${bad + skipped}; name the file's encoding with --encoding (e.g. windows-1257)`, { file, line, column: columnNumber(bytes, bad) });
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

/**
 * Throws QevalError UNDECODABLE when bytes that are not valid UTF-8 hold valid multi-byte UTF-8
 * characters elsewhere: a UTF-8 file with a damaged character, which no other encoding reads right
 * (a single-byte one would turn each of its accented letters into two characters).
 */
function refuseDamagedUtf8(bytes: Uint8Array, file: string, skipped = 0): void {
  // UTF-8 when its characters outnumber the bytes that fit none: a Windows-1257 file may hold a byte
  // pair that happens to be valid UTF-8 ("Ė“" is CB 93) among many that are not.
  const { valid: utf8, invalid } = utf8Census(bytes);
  if (utf8 === 0 || utf8 < invalid) return;
  const bad = firstInvalidUtf8(bytes);
  throw new QevalError('UNDECODABLE', `invalid UTF-8 at byte ${bad + skipped}, in a file whose other ${utf8} accented character${utf8 === 1 ? ' is' : 's are'} UTF-8: a damaged character, not another encoding; fix that character (naming another encoding would garble the others)`, { file, line: lineNumber(bytes, bad), column: columnNumber(bytes, bad) });
}

/**
 * Bytes that are not UTF-8, decoded as a legacy single-byte encoding only on strong evidence: the
 * bytes hold no valid multi-byte UTF-8 character (else it is UTF-8 with a damaged character), and
 * in the candidate encoding every byte above 127 is a letter of its alphabet or common typographic
 * punctuation (quotes, dashes), with at least one such letter. Otherwise an UNDECODABLE error names
 * the file, the first invalid byte's offset and its line.
 */
function decodeLegacy(bytes: Uint8Array, file: string): Decoded {
  const bad = firstInvalidUtf8(bytes);
  refuseDamagedUtf8(bytes, file);
  const buffer = Buffer.from(bytes);
  let best: { encoding: string; text: string; score: number } | undefined;
  for (const encoding of LEGACY_CANDIDATES) {
    const text = iconv.decode(buffer, encoding);
    const high = [...text].filter((c) => c.charCodeAt(0) > 0x7f);
    const western = encoding === 'windows-1252';
    const letters = high.filter((c) => (western ? WESTERN_LETTER : BALTIC_LETTER).test(c)).length;
    const other = high.length - letters - high.filter((c) => TYPOGRAPHY.has(c)).length;
    if (other > 0 || letters === 0) continue;
    const score = high.filter((c) => (western ? WESTERN_CORE : LITHUANIAN_LETTER).test(c)).length;
    // windows-1257 and iso-8859-13 agree on the letters; windows-1257 wins ties (it is far more common).
    if (!best || score > best.score) best = { encoding, text, score };
  }
  if (!best) {
    // The byte to look at: the first that Windows-1257 (the likeliest legacy encoding here) reads as
    // neither a letter of its alphabet nor typography; one byte is one character in these encodings.
    const baltic = iconv.decode(buffer, 'windows-1257');
    const at = [...baltic].findIndex((c) => c.charCodeAt(0) > 0x7f && !BALTIC_LETTER.test(c) && !TYPOGRAPHY.has(c));
    const where = at < 0 ? bad : at;
    const shown = at < 0 ? '' : ` (byte 0x${bytes[at]!.toString(16).toUpperCase()} at offset ${at}, "${baltic[at] === '\ufffd' ? '?' : baltic[at]}" in Windows-1257, is no letter of these alphabets)`;
    throw new QevalError('UNDECODABLE', `not valid UTF-8 (first bad byte at offset ${bad}) and not recognizably Windows-1257, ISO-8859-13 or Windows-1252${shown}; name the encoding with --encoding`, { file, line: lineNumber(bytes, where), column: columnNumber(bytes, where, at >= 0) });
  }
  return { text: normalizeNewlines(best.text), encoding: best.encoding };
}

/** How many well-formed multi-byte UTF-8 characters the bytes hold. */
/** Valid multi-byte UTF-8 characters in `bytes`, and bytes of 0x80 or more that are part of none. */
function utf8Census(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    const need = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : 0;
    let ok = need > 0;
    for (let k = 1; k <= need && ok; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need;
    } else invalid++;
  }
  return { valid, invalid };
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

/** The 1-based column (code points) of byte `offset` in its line; the bytes before it are valid UTF-8 (it is the first invalid one). */
function columnNumber(bytes: Uint8Array, offset: number, singleByte = false): number {
  let start = offset;
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  // In a single-byte encoding every byte is a character; in UTF-8 a code point is a byte that does not
  // continue a multi-byte character (10xxxxxx).
  if (singleByte) return offset - start + 1;
  let column = 1;
  for (let i = start; i < offset && i < bytes.length; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return column;
}


/** Whether `name` is an encoding qeval can decode (`utf-8`, `windows-1257`, `ISO_8859-13` ...: case and `_` for `-` aside). */
export function knownEncoding(name: string): boolean {
  const named = name.toLowerCase().replace(/_/g, '-');
  return named === 'utf-8' || named === 'utf8' || iconv.encodingExists(named);
}

/** `unknown encoding "x"; use e.g. ...`: the words of every refusal of an encoding name. */
export function unknownEncodingMessage(name: string): string {
  return `unknown encoding "${name}"; use e.g. utf-8, utf-16le, windows-1257, iso-8859-13`;
}
