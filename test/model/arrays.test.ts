// Lists of any length are appended without passing their items as arguments (which overflows the stack).
import { describe, expect, it } from 'vitest';
import { pushAll } from '../../src/model/arrays.js';

describe('pushAll', () => {
  it('appends 500,000 items (the segments of a large transcript), where push(...items) throws', () => {
    const items = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [0].push(...items)).toThrow(RangeError);
    const target = [-1];
    pushAll(target, items);
    expect(target.length).toBe(500_001);
    expect(target[0]).toBe(-1);
    expect(target[500_000]).toBe(499_999);
  });
  it('appends any iterable, in order', () => {
    const target = ['a'];
    pushAll(target, new Set(['b', 'c']));
    expect(target).toEqual(['a', 'b', 'c']);
  });
});
