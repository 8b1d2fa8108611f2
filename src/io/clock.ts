// Clock times of quotes from timed sources (subtitle cues, time-coded transcripts): one written form.

/** `hh:mm:ss` of a time in seconds (milliseconds dropped: a citation, not a cue). */
export function formatTime(seconds: number): string {
  const s = Math.floor(seconds + 1e-6);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `hh:mm:ss` of a written time code: `m:ss`, `mm:ss`, `h:mm:ss` or `hh:mm:ss`, optionally with `.mmm` or `,mmm`. */
export function clockTime(written: string): string {
  const parts = written.replace(/[.,]\d+$/u, '').split(':').map(Number);
  const seconds = parts.reduce((total, n) => total * 60 + n, 0);
  return formatTime(seconds);
}
