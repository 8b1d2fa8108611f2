#!/usr/bin/env node
// Entry point: the only place that touches process.exitCode; everything else returns a status.
import { main } from '../dist/cli/main.js';

const status = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = status;
