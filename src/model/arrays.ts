// Array helpers for lists of any length.

/**
 * Appends every item of `items` to `target`, one at a time. `target.push(...items)` passes the items
 * as arguments, and throws RangeError (Maximum call stack size exceeded) past some 100,000-200,000
 * of them: the segments of a 10 MB transcript, the rows of a large survey. Throws nothing else.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
