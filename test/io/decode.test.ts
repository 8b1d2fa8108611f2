// Decoding: BOMs, strict UTF-8, legacy Baltic encodings, and clear errors instead of mojibake.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/io/decode.js';
import { QevalError } from '../../src/model/errors.js';

const lt = 'Bendradarbiavimas su savivaldybe – atsitiktinis.\r\nŽmonės čia šiltesni.';
const normalized = lt.replace(/\r\n/g, '\n');

describe('a named encoding, which is for every input of a run', () => {
  const utf8 = Buffer.from('Bendradarbiavimas su policija – sistemingas. Žmonės čia šiltesni.\n', 'utf8');
  const fail = (f: () => unknown): QevalError => {
    try {
      f();
    } catch (e) {
      return e as QevalError;
    }
    throw new Error('no error');
  };

  it('UTF-16 is read from a file laid out as UTF-16, and a UTF-8 file is refused, never read as CJK', () => {
    const text = 'Bendradarbiavimas su policija – sistemingas.\n';
    expect(decodeBytes(Buffer.from(text, 'utf16le'), 'a.txt', 'utf-16le')).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeBytes(Buffer.from(text, 'utf16le').swap16(), 'a.txt', 'utf-16be')).toEqual({ text, encoding: 'utf-16be' });
    const e = fail(() => decodeBytes(utf8, 'report.md', 'utf-16le'));
    expect(e.code).toBe('UNDECODABLE');
    expect(e.message).toMatch(/^not UTF-16: .*\(it is valid UTF-8\)/);
    // Cut short: an odd number of bytes is refused, not ended with a replacement character.
    expect(fail(() => decodeBytes(Buffer.concat([Buffer.from(text, 'utf16le'), Buffer.from([0x41])]), 'a.txt', 'utf-16le')).message).toMatch(/odd number of bytes/);
  });

  it('UTF-16 of the other byte order is refused, naming the order it is', () => {
    const be = Buffer.from('Mūsų darbuotoja sėdėjo su ja.\n', 'utf16le').swap16();
    const e = fail(() => decodeBytes(be, 'be.txt', 'utf-16le'));
    expect(e.code).toBe('UNDECODABLE');
    expect(e.message).toMatch(/^UTF-16 big-endian, not little-endian .*--encoding utf-16be/);
    expect(decodeBytes(be, 'be.txt', 'utf-16').text).toBe('Mūsų darbuotoja sėdėjo su ja.\n');
  });

  it('a single-byte encoding never reads NUL bytes (a binary file, an image, UTF-16) or a UTF-8 file with one damaged character', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(fail(() => decodeBytes(png, 'img.txt', 'windows-1257')).code).toBe('BINARY_INPUT');
    expect(fail(() => decodeBytes(Buffer.from('Mūsų darbuotoja.\n', 'utf16le'), 'u.txt', 'windows-1257')).message).toMatch(/UTF-16 without a byte-order mark/);
    const damaged = Buffer.concat([Buffer.from('Mūsų darbuotoja sėdėjo su ja ', 'utf8'), Buffer.from([0x96]), Buffer.from(' kurios grįžo.\n', 'utf8')]);
    for (const named of [undefined, 'windows-1257']) {
      const e = fail(() => decodeBytes(damaged, 'd.txt', named));
      expect(e.message).toMatch(/a damaged character, not another encoding; fix that character \(naming another encoding would garble the others\)$/);
    }
  });

  it('a Windows-1257 file holding one byte pair that happens to be valid UTF-8 ("Ė“" is CB 93) is read as Windows-1257, named or not', () => {
    const text = 'Su Užimtumo tarnyba (anksčiau „DARBO BIRŽĖ“) bendradarbiaujame nuolat. Moterys grįžta į darbą, o savivaldybė padeda.\n';
    const bytes = iconv.encode(text, 'windows-1257');
    expect(decodeBytes(bytes, 'w.txt', 'windows-1257')).toEqual({ text, encoding: 'windows-1257' });
    expect(decodeBytes(bytes, 'w.txt').text).toBe(text);
    // Named UTF-8, a damaged character is still said to be one, with no encoding to name.
    const damaged = Buffer.concat([Buffer.from('Mūsų darbuotoja sėdėjo ', 'utf8'), Buffer.from([0x96]), Buffer.from(' grįžo.\n', 'utf8')]);
    expect(fail(() => decodeBytes(damaged, 'd.txt', 'utf-8')).message).toMatch(/a damaged character, not another encoding; fix that character/);
  });

  it('a single-byte encoding is not forced on a file in valid UTF-8 with accented letters', () => {
    expect(decodeBytes(utf8, 'a.txt', 'windows-1257')).toEqual({ text: utf8.toString('utf8'), encoding: 'utf-8' });
    const legacy = iconv.encode('Žmonės čia šiltesni.\n', 'windows-1257');
    expect(decodeBytes(legacy, 'a.txt', 'windows-1257')).toEqual({ text: 'Žmonės čia šiltesni.\n', encoding: 'windows-1257' });
  });

  it('a NUL byte suggests UTF-16 only when the bytes are laid out as UTF-16; a binary file is said to be one', () => {
    expect(fail(() => decodeBytes(Buffer.from('Interviewer: How do you work?\n', 'utf16le'), 'a.txt')).message).toBe('a NUL byte here: UTF-16 without a byte-order mark, it seems (name it with --encoding utf-16le, or save it as UTF-8)');
    expect(fail(() => decodeBytes(Buffer.from('Interviewer: How do you work?\n', 'utf16le').swap16(), 'a.txt')).message).toMatch(/--encoding utf-16be/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x7f, 0x3a, 0xc4, 0x11]);
    expect(fail(() => decodeBytes(png, 'logo.md')).message).toBe('a NUL byte here: not a text file (a binary file, an image or a damaged document)');
  });
});

describe('decodeBytes', () => {
  it('reads UTF-8 and normalizes CRLF to LF', () => {
    expect(decodeBytes(Buffer.from(lt, 'utf8'), 'a.txt')).toEqual({ text: normalized, encoding: 'utf-8' });
  });
  it('drops a UTF-8 BOM', () => {
    const r = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lt)]), 'a.txt');
    expect(r.text).toBe(normalized);
  });
  it('reads UTF-16 LE and BE with a BOM', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lt, 'utf16le')]), 'a.txt').text).toBe(normalized);
    const be = Buffer.from(lt, 'utf16le').swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'a.txt').text).toBe(normalized);
  });
  it('reads UTF-32 LE and BE with a BOM (the LE mark begins like UTF-16\'s), astral characters included', () => {
    const text = `${lt} 😀`;
    const le = Buffer.alloc(4 * (1 + [...text].length));
    [0xfeff, ...[...text].map((c) => c.codePointAt(0)!)].forEach((cp, i) => le.writeUInt32LE(cp, 4 * i));
    expect(decodeBytes(le, 'a.txt')).toEqual({ text: `${normalized} 😀`, encoding: 'utf-32le' });
    const be = Buffer.from(le).swap32();
    expect(decodeBytes(be, 'a.txt')).toEqual({ text: `${normalized} 😀`, encoding: 'utf-32be' });
  });
  it('refuses UTF-16 and UTF-32 that is cut short or holds no character, naming the place, never a replacement character', () => {
    const failure = (bytes: Uint8Array) => {
      try {
        decodeBytes(bytes, 'bad.txt');
      } catch (e) {
        expect((e as QevalError).code).toBe('UNDECODABLE');
        return [(e as QevalError).message, (e as QevalError).place];
      }
      throw new Error('expected an error');
    };
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab\ncd', 'utf16le')]);
    expect(failure(Buffer.concat([u16, Buffer.from([0x41])]))).toEqual([`the UTF-16 file ends in the middle of a character (an odd number of bytes, ${u16.length + 1}): it was cut short or is not UTF-16`, { file: 'bad.txt', line: 2, column: 3 }]);
    const lone = Buffer.from(u16);
    lone.writeUInt16LE(0xd800, 2 + 2 * 4);
    expect(failure(lone)).toEqual(['invalid UTF-16 at byte 10 (half of a surrogate pair, alone)', { file: 'bad.txt', line: 2, column: 2 }]);
    const u32 = Buffer.alloc(4 * 6);
    [0xfeff, 0x61, 0x0a, 0x62, 0x110000, 0x63].forEach((cp, i) => u32.writeUInt32LE(cp, 4 * i));
    expect(failure(u32)).toEqual(['invalid UTF-32 at byte 16 (U+110000 is no character)', { file: 'bad.txt', line: 2, column: 2 }]);
    u32.writeUInt32LE(0x64, 16);
    expect(failure(u32.subarray(0, 22))).toEqual(['the UTF-32 file ends in the middle of a character (22 bytes, not a multiple of 4): it was cut short', { file: 'bad.txt', line: 2, column: 3 }]);
  });
  it('detects Windows-1257', () => {
    const r = decodeBytes(iconv.encode(lt, 'windows-1257'), 'a.txt');
    expect(r).toEqual({ text: normalized, encoding: 'windows-1257' });
  });
  it('decodes ISO-8859-13 when named', () => {
    const plain = normalized.replace(' –', ',');
    const r = decodeBytes(iconv.encode(plain, 'iso-8859-13'), 'a.txt', 'iso-8859-13');
    expect(r.text).toBe(plain);
  });
  it('refuses invalid UTF-8 when UTF-8 is named, naming the file and line', () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline two '), Buffer.from([0xc3, 0x28])]);
    try {
      decodeBytes(bytes, 'bad.txt', 'utf-8');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(QevalError);
      expect((e as QevalError).code).toBe('UNDECODABLE');
      // Column 10: "line two " is nine code points.
      expect((e as QevalError).place).toEqual({ file: 'bad.txt', line: 2, column: 10 });
    }
  });
  it('refuses bytes that are neither UTF-8 nor a recognizable legacy encoding', () => {
    expect(() => decodeBytes(Buffer.from([0x41, 0x81, 0x8d, 0x90, 0x9d, 0x42]), 'x.txt')).toThrow(/not valid UTF-8/);
  });
  it('refuses binary files', () => {
    expect(() => decodeBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'x.docx')).toThrow(/a NUL byte here/);
    // Placed at the NUL byte's line and column (code points), as every error in a file is.
    const nul = (() => {
      try {
        decodeBytes(Buffer.from('first line\nab\u00e9\u0000cd\n', 'utf8'), 'n.txt');
      } catch (e) {
        return e as { place: unknown; message: string };
      }
    })();
    expect(nul?.place).toEqual({ file: 'n.txt', line: 2, column: 4 });
  });
  it('rejects an unknown encoding name', () => {
    expect(() => decodeBytes(Buffer.from('a'), 'a.txt', 'klingon-8')).toThrow(/unknown encoding/);
  });
});

describe('legacy encodings only on strong evidence', () => {
  const fail = (bytes: Buffer, file = 'x.txt') => {
    try {
      decodeBytes(bytes, file);
    } catch (e) {
      return e as QevalError;
    }
    throw new Error('expected an error');
  };
  it('refuses a UTF-8 file with one damaged character, naming its byte offset and line, instead of reading it as Windows-1257', () => {
    const bytes = Buffer.concat([Buffer.from('Žmonės čia šiltesni.\nAntra eilutė '), Buffer.from([0xe8]), Buffer.from(' pabaiga.\n')]);
    const e = fail(bytes, 'damaged.txt');
    expect(e.code).toBe('UNDECODABLE');
    // Column 14 in code points ("Antra eilutė " is 13 of them, 14 bytes).
    expect(e.place).toEqual({ file: 'damaged.txt', line: 2, column: 14 });
    expect(e.message).toContain(`byte ${Buffer.byteLength('Žmonės čia šiltesni.\nAntra eilutė ')}`);
  });
  it('refuses bytes whose legacy reading gives symbols rather than letters', () => {
    // In Windows-1257 these are "¤¦¨" and in Windows-1252 "¤¦¨": currency and box signs, not text.
    expect(fail(Buffer.from([0x41, 0xa4, 0x20, 0xa6, 0x20, 0xa8, 0x42])).code).toBe('UNDECODABLE');
  });
  it('reads Windows-1257 Lithuanian with typographic quotes and dashes', () => {
    const text = '„Žmonės“ – čia šiltesni…';
    expect(decodeBytes(iconv.encode(text, 'windows-1257'), 'a.txt')).toEqual({ text, encoding: 'windows-1257' });
  });
  it('reads Windows-1257 with the signs of a budget (€, ‰, ™, ½): they are typography, not a sign of another encoding', () => {
    const text = 'Projekto biudžetas – 12 000 €, t. y. 5 ‰ lėšų; „Word™“ ½ etato.';
    expect(decodeBytes(iconv.encode(text, 'windows-1257'), 'a.txt')).toEqual({ text, encoding: 'windows-1257' });
  });
  it('names the byte no legacy alphabet reads as a letter, at its own line and column', () => {
    const bytes = Buffer.concat([iconv.encode('Biudžetas\nantra ', 'windows-1257'), Buffer.from([0x81, 0x0a])]);
    const e = fail(bytes);
    expect(e.code).toBe('UNDECODABLE');
    expect(e.message).toContain('byte 0x81 at offset 16');
    expect(e.place).toMatchObject({ line: 2, column: 7 });
    // A euro sign before it is one character, as in Windows-1257 (it is no UTF-8 character start).
    const euro = fail(Buffer.concat([iconv.encode('Kaina € ir ', 'windows-1257'), Buffer.from([0x81, 0x0a])]));
    expect(euro.place).toMatchObject({ line: 1, column: 12 });
  });
  it('reads Western European text as Windows-1252, not as Baltic look-alikes', () => {
    const text = 'Une approche naïve, déjà vue à Genève.';
    expect(decodeBytes(iconv.encode(text, 'windows-1252'), 'a.txt')).toEqual({ text, encoding: 'windows-1252' });
  });
});
