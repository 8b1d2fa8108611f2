#!/usr/bin/env node
// Entry point: the only place that touches process.exitCode; everything else returns a status.
import { main } from '../dist/cli/main.js';

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
