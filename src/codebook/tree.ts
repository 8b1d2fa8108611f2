// Helpers for dotted code ids: a code counts for every ancestor whose id is a dotted prefix of its own.

/** `a.b.c` -> [`a`, `a.b`, `a.b.c`]. */
export function selfAndAncestors(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
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
