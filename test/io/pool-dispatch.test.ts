// How the worker pool of `--jobs` takes files: a large file never waits behind another in a busy worker.
import { describe, expect, it } from 'vitest';
import { poolTakes, QUEUE_BEHIND_BYTES } from '../../src/io/analysis-pool.js';

describe('poolTakes', () => {
  it('gives any file, large or small, to a free worker', () => {
    expect(poolTakes(0, 1, 50 * QUEUE_BEHIND_BYTES)).toBe(true);
    expect(poolTakes(2, 3, 50 * QUEUE_BEHIND_BYTES)).toBe(true);
  });

  it('queues a small file behind the one a busy worker codes, so the worker goes on without waiting for this thread', () => {
    expect(poolTakes(1, 1, 10_000)).toBe(true);
    expect(poolTakes(1, 1, QUEUE_BEHIND_BYTES)).toBe(true);
  });

  it('keeps a large file out of a busy worker, for this thread or the next free worker to take, so two large files are coded side by side', () => {
    expect(poolTakes(1, 1, QUEUE_BEHIND_BYTES + 1)).toBe(false);
    expect(poolTakes(3, 3, 10 * QUEUE_BEHIND_BYTES)).toBe(false);
  });

  it('holds at most two files per worker', () => {
    expect(poolTakes(2, 1, 100)).toBe(false);
    expect(poolTakes(6, 3, 100)).toBe(false);
  });
});
