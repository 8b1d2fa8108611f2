#!/usr/bin/env node
// Entry point: the only place that touches process.exitCode; everything else returns a status.
import { main } from '../dist/cli/main.js';
import { abandonPendingWrites } from '../dist/io/write.js';

// Stopped by Ctrl-C or kill: the outputs being written are abandoned (no temp file is left behind)
// and the process ends with the conventional status, 128 + the signal's number.
for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    abandonPendingWrites();
    process.exit(status);
  });
}

// `qeval ... | head` closes the pipe early: that is not an error, the rest of the output is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const status = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = status;
