import { describe, expect, it } from 'vitest';
import { ResultCache } from './result-cache.js';

describe('ResultCache', () => {
  it('answers while the version holds and forgets everything when it moves', () => {
    const cache = new ResultCache<number>();
    cache.set('a', 1n, 10);
    expect(cache.get('a', 1n)).toBe(10);
    expect(cache.get('a', 2n)).toBeUndefined();
    expect(cache.get('a', 1n)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new ResultCache<number>(2);
    cache.set('a', 1n, 1);
    cache.set('b', 1n, 2);
    cache.get('a', 1n);
    cache.set('c', 1n, 3);
    expect([cache.get('a', 1n), cache.get('b', 1n), cache.get('c', 1n)]).toEqual([1, undefined, 3]);
  });
});
