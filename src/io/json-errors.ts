// Where a JSON text fails to parse, as a place a user can go to (line and column) rather than V8's character position.

/**
 * The reason and place of a JSON.parse failure on `text`: V8's "… in JSON at position 12" becomes a
 * 1-based line and column (code points) with the reason left without its position; "Unexpected end of
 * JSON input" is placed after the last character; a message that quotes the text instead of a position
 * ("Unexpected token 'x', "…" is not valid JSON") keeps its first part, with no place. Pure.
 */
export function jsonFailure(text: string, error: unknown): { reason: string; line?: number; column?: number } {
  const message = (error as Error)?.message ?? String(error);
  const at = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  const end = /^Unexpected end of JSON input/.test(message);
  if (!at && !end) return { reason: message.split(/, "|\n/)[0]!.slice(0, 120) };
  const position = at ? Math.min(Number(at[1]), text.length) : text.length;
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { reason: (at ? message.replace(at[0], '') : message).split('\n')[0]!.slice(0, 120), line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}
