// The progress bar of long runs (cli-progress): files done/total, MB/s and ETA on stderr, only when stderr is a terminal.
import type { CliIO } from './io.js';
import type { CodingProgress } from '../study/evidence.js';

export interface ProgressBar {
  /** One more file done, of `bytes` bytes. */
  tick(bytes: number): void;
  /** Clears the bar (call once, also on failure). */
  stop(): void;
}

const SILENT: ProgressBar = { tick: () => undefined, stop: () => undefined };

/**
 * A bar over `totalFiles` files of `totalBytes` bytes, or a silent one when stderr is not a
 * terminal, with `quiet`, or when `TERM=dumb`. cli-progress is loaded only when a bar is shown.
 * Elapsed time is read from the clock for the display only; nothing else depends on it.
 */
export async function progressBar(io: CliIO, label: string, totalFiles: number, totalBytes: number, quiet = false): Promise<ProgressBar> {
  if (quiet || !io.stderr.isTTY || io.env.TERM === 'dumb' || totalFiles === 0) return SILENT;
  const { SingleBar } = (await import('cli-progress')).default;
  // The bar draws through the stream's own write; any other line written to stderr while it shows
  // (a warning, a file that cannot be read) first clears the bar's line, so it starts a line of its own.
  const stderr = io.stderr;
  const write = stderr.write.bind(stderr);
  const barStream = { write, isTTY: true, get columns() { return (stderr as { columns?: number }).columns; } };
  stderr.write = (chunk: string | Uint8Array) => write(`\r\u001b[2K${String(chunk)}`);
  const bar = new SingleBar({
    stream: barStream as unknown as NodeJS.WritableStream,
    format: `${label} {bar} {files}/${totalFiles} files | {mbps} MB/s | ETA {eta_formatted}`,
    barsize: 24,
    hideCursor: false,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 5,
  });
  const started = performance.now();
  let bytes = 0;
  const mbps = () => (bytes / 1e6 / Math.max(1e-3, (performance.now() - started) / 1000)).toFixed(1);
  // The bar and its ETA follow bytes, not files: one large file takes longer than many small ones.
  bar.start(Math.max(1, totalBytes), 0, { mbps: '0.0', files: 0 });
  let done = 0;
  return {
    tick(n) {
      bytes += n;
      done++;
      bar.update(bytes, { mbps: mbps(), files: done });
    },
    stop() {
      bar.stop();
      stderr.write = write;
    },
  };
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
      file: (bytes) => {
        void bar?.then((b) => b.tick(bytes));
      },
    },
    stop: async () => (await bar)?.stop(),
  };
}
