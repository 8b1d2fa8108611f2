// Helpers for dotted code ids: a code counts for every ancestor whose id is a dotted prefix of its own.

/** `a.b.c` -> [`a`, `a.b`, `a.b.c`] (a new array). */
export function selfAndAncestors(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Ancestries worked out so far (code ids are few: a codebook's, or a segments file's). */
const ancestries = new Map<string, readonly string[]>();
const ANCESTRIES_KEPT = 10_000;

/**
 * selfAndAncestors as one shared, frozen array per id, made once: for loops over many segments, which
 * then neither build the ids again nor hash new strings when they look them up.
 */
export function ancestry(id: string): readonly string[] {
  let found = ancestries.get(id);
  if (found === undefined) {
    found = Object.freeze(selfAndAncestors(id));
    if (ancestries.size < ANCESTRIES_KEPT) ancestries.set(id, found);
  }
  return found;
}


/** True when `code` is `ancestor` or lies below it in the tree. */
export function isWithin(code: string, ancestor: string): boolean {
  return code === ancestor || code.startsWith(`${ancestor}.`);
}

/** The top-level code of a dotted id. */
export function topLevelOf(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}
