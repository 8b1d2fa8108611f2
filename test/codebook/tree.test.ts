// Dotted code ids: a code counts for itself and every ancestor whose id is a dotted prefix of its own.
import { describe, expect, it } from 'vitest';
import { ancestry, isWithin, selfAndAncestors, topLevelOf } from '../../src/codebook/tree.js';

describe('code ids in the tree', () => {
  it('a code and its ancestors, top first', () => {
    expect(selfAndAncestors('networking.partner.police')).toEqual(['networking', 'networking.partner', 'networking.partner.police']);
    expect(selfAndAncestors('trust')).toEqual(['trust']);
  });
  it('ancestry gives the same ids as one shared array that no caller can change', () => {
    const a = ancestry('weaknesses.attitudes');
    expect(a).toEqual(selfAndAncestors('weaknesses.attitudes'));
    expect(ancestry('weaknesses.attitudes')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    // selfAndAncestors still gives a new array each time, which its callers may reorder.
    expect(selfAndAncestors('weaknesses.attitudes')).not.toBe(selfAndAncestors('weaknesses.attitudes'));
  });
  it('within is by whole id parts, not by prefix of characters', () => {
    expect(isWithin('networking.partner', 'networking')).toBe(true);
    expect(isWithin('networking', 'networking')).toBe(true);
    expect(isWithin('networkingx', 'networking')).toBe(false);
    expect(topLevelOf('strengths.trust')).toBe('strengths');
  });
});
