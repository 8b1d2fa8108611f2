// Counts in CLI and error messages, in English: "1 file", "3 files", with the verb that agrees.

/** `n` and the noun in the number `n` takes: counted(1, 'file') -> "1 file", counted(3, 'file') -> "3 files" (`plural` when not noun + "s"). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** The verb form that agrees with a count: agree(1, 'has', 'have') -> "has". */
export function agree(n: number, one: string, other: string): string {
  return n === 1 ? one : other;
}

/** NO_DOCUMENTS_READ's message: no input file of `n` could be read (each was named before it). */
export function noneCouldBeRead(n: number): string {
  return n === 1 ? 'the one input file could not be read (it is named above)' : `none of the ${n} input files could be read (each is named above)`;
}
