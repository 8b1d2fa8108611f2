// The output sinks report a failed write from commit, however late the stream's error comes.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { atomicFileSink, streamSink } from '../../src/io/write.js';
import { QevalError } from '../../src/model/errors.js';

const hasDevFull = existsSync('/dev/full');

/** A stream whose every write fails with `code`. */
function failing(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(`${code}: write failed`), { code, syscall: 'write' }));
    },
  });
}

/** The error `promise` rejects with, as `file: message`. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(() => undefined, (error: unknown) => error);
  expect(e).toBeInstanceOf(QevalError);
  return (e as QevalError).format();
}

describe('write sinks', { timeout: 60_000 }, () => {
  it.runIf(hasDevFull)('atomicFileSink on a device (/dev/full): commit of one small write rejects, every time', async () => {
    for (let i = 0; i < 5; i++) {
      const sink = await atomicFileSink('/dev/full');
      await sink.write('document,score\na,1\n');
      expect(await failure(sink.commit())).toBe('/dev/full: cannot write here (the disk is full: ENOSPC)');
    }
  });

  it('atomicFileSink on a plain file still writes it whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-write-sinks-'));
    const sink = await atomicFileSink(path.join(dir, 'out.csv'));
    await sink.write('a,b\n');
    await sink.write(new TextEncoder().encode('1,2\n'));
    await sink.commit();
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('streamSink: a write that fails (ENOSPC) is thrown (by that write or by commit), naming standard output', async () => {
    const stream = failing('ENOSPC');
    const sink = streamSink(stream);
    expect(await failure(sink.write('one\n').then(() => sink.commit()))).toBe('standard output: cannot write (the disk is full: ENOSPC)');
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('streamSink: commit waits for a write whose failure comes late', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        setTimeout(() => callback(Object.assign(new Error('ENOSPC: write failed'), { code: 'ENOSPC' })), 20);
      },
    });
    const sink = streamSink(stream);
    await sink.write('one\n');
    expect(await failure(sink.commit())).toBe('standard output: cannot write (the disk is full: ENOSPC)');
  });

  it('streamSink: a later write after a failure throws too', async () => {
    const sink = streamSink(failing('EIO'));
    await sink.write('one\n').catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await failure(sink.write('two\n'))).toBe('standard output: cannot write (EIO)');
  });

  it('streamSink: a reader gone (EPIPE) is not an error, the rest is dropped', async () => {
    const stream = failing('EPIPE');
    stream.on('error', () => undefined);
    const sink = streamSink(stream);
    await sink.write('one\n');
    await sink.write('two\n');
    await expect(sink.commit()).resolves.toBeUndefined();
  });

  it('streamSink on a plain object with a write method (no events) writes every piece', async () => {
    let out = '';
    const sink = streamSink({ write: (c: string | Uint8Array) => (out += String(c)) });
    await sink.write('a');
    await sink.write('b');
    await sink.commit();
    expect(out).toBe('ab');
  });
});
