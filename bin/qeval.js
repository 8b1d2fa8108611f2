#!/usr/bin/env node
// Entry point: the only place that touches process.exitCode; everything else returns a status.
import { main } from '../dist/cli/main.js';
import { abandonPendingWrites, streamWriteError, surfacedBySink } from '../dist/io/write.js';

// Stopped by Ctrl-C or kill: the outputs being written are abandoned (no temp file is left behind)
// and the process ends with the conventional status, 128 + the signal's number.
for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    abandonPendingWrites();
    // A progress bar's last frame is cleared, so the shell's prompt does not start on it.
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');
    process.exit(status);
  });
}

// `qeval ... | head` closes the pipe early: that is not an error, the rest of the output is dropped.
// Any other failed write to standard output (`> /dev/full`) is one line, `qeval: standard output:
// cannot write (the disk is full: ENOSPC)`, and status 2, never a stack trace. A command writing
// through a sink reports it itself (the sink throws it as a QevalError); otherwise it is reported
// here, when the command ends, or after a moment if the command does not end: then the outputs
// being written are abandoned and the process ends.
const GRACE_MS = 1000;
let running = true;
let stdoutFailure;
let stderrFailed = false;
let reported = false;
let timer;
const reportStdoutFailure = () => {
  clearTimeout(timer);
  if (reported) return;
  reported = true;
  if (!surfacedBySink(stdoutFailure)) process.stderr.write(`qeval: ${streamWriteError(stdoutFailure).format()}\n`);
  process.exitCode = 2;
};
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE' || stdoutFailure) return;
  stdoutFailure = error;
  process.exitCode = 2;
  if (!running) {
    reportStdoutFailure();
    return;
  }
  timer = setTimeout(() => {
    reportStdoutFailure();
    abandonPendingWrites();
    process.exit(2);
  }, GRACE_MS);
});
// Standard error that cannot be written cannot say why: the status alone tells.
process.stderr.on('error', (error) => {
  if (error.code === 'EPIPE') return;
  stderrFailed = true;
  process.exitCode = 2;
});

const status = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
running = false;
if (stdoutFailure) reportStdoutFailure();
else process.exitCode = stderrFailed ? 2 : status;
