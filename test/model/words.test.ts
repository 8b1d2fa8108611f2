// Counts in CLI and error messages agree with their numbers: "1 file was", "3 files were", never "file(s)".
import { describe, expect, it } from 'vitest';
import { agree, counted, noneCouldBeRead } from '../../src/model/words.js';

describe('counted messages', () => {
  it('writes the noun and verb the number takes', () => {
    expect([counted(1, 'file'), counted(0, 'file'), counted(3, 'file'), counted(2, 'query', 'queries')]).toEqual(['1 file', '0 files', '3 files', '2 queries']);
    expect([agree(1, 'was', 'were'), agree(2, 'was', 'were')]).toEqual(['was', 'were']);
    expect(noneCouldBeRead(1)).toBe('the one input file could not be read (it is named above)');
    expect(noneCouldBeRead(4)).toBe('none of the 4 input files could be read (each is named above)');
  });
});
