import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back the buffers it was given, newest first, and allocates when none is idle', () => {
    const pool = new BufferPool(1024, 2);
    const a = pool.take();
    const b = pool.take();
    expect(a).not.toBe(b);
    expect(a.length).toBe(1024);
    pool.give(a);
    pool.give(b);
    expect(pool.take()).toBe(b);
    expect(pool.take()).toBe(a);
  });

  it('keeps at most `keep` idle buffers, never one of another size, and drains to none', () => {
    const pool = new BufferPool(64, 2);
    const taken = [pool.take(), pool.take(), pool.take()];
    for (const buffer of taken) pool.give(buffer);
    expect(pool.idleCount).toBe(2);
    pool.give(Buffer.alloc(32));
    expect(pool.idleCount).toBe(2);
    pool.drain();
    expect(pool.idleCount).toBe(0);
    expect(taken).not.toContain(pool.take());
  });
});
