// The progress bar of long runs (cli-progress): files done/total, MB/s and ETA on stderr, only when stderr is a terminal.
import type { CliIO } from './io.js';
import type { CodingProgress } from '../study/evidence.js';

export interface ProgressBar {
  /** One more file done, of `bytes` bytes (the file `id`, whose coding so far it replaces). */
  tick(bytes: number, id?: string): void;
  /** File `id` is coded as far as `bytes` of its bytes (a large file, while a thread codes it): the bar and its ETA move on before it is done. */
  coding(id: string, bytes: number): void;
  /** Clears the bar (call once, also on failure). */
  stop(): void;
}

/** The share of the bytes done before the bar tells a time left. */
const EARLIEST_ETA = 0.02;

const SILENT: ProgressBar = { tick: () => undefined, coding: () => undefined, stop: () => undefined };

/**
 * A bar over `totalFiles` files of `totalBytes` bytes, or a silent one when stderr is not a
 * terminal, with `quiet`, or when `TERM=dumb`. cli-progress is loaded only when a bar is shown.
 * Elapsed time is read from the clock for the display only; nothing else depends on it.
 */
export async function progressBar(io: CliIO, label: string, totalFiles: number, totalBytes: number, quiet = false): Promise<ProgressBar> {
  if (quiet || !io.stderr.isTTY || io.env.TERM === 'dumb' || totalFiles === 0) return SILENT;
  const { SingleBar } = (await import('cli-progress')).default;
  // The bar is drawn on the terminal's last line through the stream's own write. Every other line
  // written while it shows, to stderr (a warning, a file that cannot be read) or to stdout when that
  // is the same terminal (segments), first clears the bar's line, so it starts a line of its own,
  // and the bar is drawn again below it. The bar's cursor save and restore (ESC 7, ESC 8) are left
  // out: restoring the cursor to where the bar started would write its last frame, and the lines
  // after it, over the lines written since.
  const stderr = io.stderr;
  const write = stderr.write.bind(stderr);
  const stdout = io.stdout;
  const writeOut = stdout.write.bind(stdout);
  // Line wrapping stays on (the bar's `linewrap`): turning it off for the run would cut every line
  // written meanwhile at the right margin, an error's advice or a segment record. The bar's own frame
  // is cut one column short of the margin instead, so it never wraps to a second line.
  // Whether the terminal's cursor is in the middle of a line of stdout (a chunk of segments that did
  // not end its line): the bar is not drawn then, and nothing clears that line.
  let midLine = false;
  const barStream = {
    write: (chunk: string) => (midLine ? true : write(String(chunk).replaceAll('\u001b7', '').replaceAll('\u001b8', ''))),
    isTTY: true,
    get columns() {
      const columns = (stderr as { columns?: number }).columns;
      return columns ? Math.max(1, columns - 1) : undefined;
    },
  };
  const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  const endsLine = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk.endsWith('\n') : chunk[chunk.length - 1] === 0x0a);
  // The streams' other arguments (a callback the output sink waits for) and their return value (whether
  // to wait for a drain) are passed on.
  type Write = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const before = midLine ? '\n' : '\r\u001b[2K';
    midLine = false;
    return (write as Write)(`${before}${text(chunk)}`, ...rest);
  }) as typeof stderr.write;
  if (stdout.isTTY) {
    stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (!midLine) write('\r\u001b[2K');
      if (chunk.length > 0) midLine = !endsLine(chunk);
      return (writeOut as Write)(chunk, ...rest);
    }) as typeof stdout.write;
  }
  // Bytes of the files done, and of the files being coded as far as they are (by file id).
  let bytes = 0;
  const partial = new Map<string, number>();
  let partialBytes = 0;
  const bar = new SingleBar({
    stream: barStream as unknown as NodeJS.WritableStream,
    format: `${label} {bar} {files}/${totalFiles} files | {mbps} MB/s | ETA {eta_formatted}`,
    barsize: 24,
    hideCursor: false,
    clearOnComplete: true,
    linewrap: true,
    fps: 5,
    // The time left is the bytes to do at the rate since the first progress: the first moments
    // (reading, loading the codebooks and models) are not coding, and would make it far too long.
    // None is told before EARLIEST_ETA of the bytes are done.
    formatTime: () => timeLeft(),
  });
  const started = performance.now();
  let first: { at: number; bytes: number } | undefined;
  const timeLeft = (): string => {
    const now = bytes + partialBytes;
    if (first === undefined || now < EARLIEST_ETA * totalBytes) return '--';
    const rate = (now - first.bytes) / ((performance.now() - first.at) / 1000);
    return rate > 0 ? clockTime((totalBytes - now) / rate) : '--';
  };
  const moved = () => {
    first ??= { at: performance.now(), bytes: bytes + partialBytes };
  };
  const mbps = () => ((bytes + partialBytes) / 1e6 / Math.max(1e-3, (performance.now() - started) / 1000)).toFixed(1);
  // The bar and its ETA follow bytes, not files: one large file takes longer than many small ones.
  bar.start(Math.max(1, totalBytes), 0, { mbps: '0.0', files: 0 });
  let done = 0;
  return {
    tick(n, id) {
      if (id !== undefined && partial.has(id)) {
        partialBytes -= partial.get(id)!;
        partial.delete(id);
      }
      bytes += n;
      done++;
      moved();
      bar.update(bytes + partialBytes, { mbps: mbps(), files: done });
    },
    coding(id, n) {
      const before = partial.get(id) ?? 0;
      if (n <= before) return;
      partial.set(id, n);
      partialBytes += n - before;
      moved();
      bar.update(bytes + partialBytes, { mbps: mbps(), files: done });
    },
    stop() {
      bar.stop();
      stderr.write = write;
      stdout.write = writeOut;
    },
  };
}

/**
 * A time left for the bar: `45s`, `3m05s`, `1h07m` (seconds rounded first, so never `2m60s`).
 * `seconds` is a number of seconds; a time that cannot be told (not finite) is `--`.
 */
export function clockTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A CodingProgress for the library's coding (swot, report, run) drawn as the bar of `progressBar`
 * once the files are known; `stop()` clears it (call once, also on failure).
 */
export function codingBar(io: CliIO, label: string, quiet = false): { progress: CodingProgress; stop(): Promise<void> } {
  let bar: Promise<ProgressBar> | undefined;
  return {
    progress: {
      start: (files, bytes) => {
        bar = progressBar(io, label, files, bytes, quiet);
      },
      file: (bytes, id) => {
        void bar?.then((b) => b.tick(bytes, id));
      },
      coding: (id, bytes) => {
        void bar?.then((b) => b.coding(id, bytes));
      },
    },
    stop: async () => (await bar)?.stop(),
  };
}
