import { describe, expect, it } from 'vitest';
import {
  DEPRECATION_PENALTY,
  DOC_ID_LIMIT,
  EXACT_NAME_BONUS,
  TYPO_NAME_BONUS,
  blendScore,
  bucketOf,
  popularity,
  rankBucket,
  rankKey,
  staticScore,
} from './ranking.js';

describe('ranking formula', () => {
  it('popularity is ln(1 + monthly downloads)', () => {
    expect(popularity(0)).toBe(0);
    expect(popularity(Math.E - 1)).toBeCloseTo(1);
    expect(popularity(-5)).toBe(0);
  });

  it('rank keys order documents by popularity, deprecated ones lower, whatever their id', () => {
    const key = (downloads: number, deprecated: boolean, id: number) => rankKey(rankBucket(downloads, deprecated), id);
    expect(key(1_000_000, false, 1)).toBeGreaterThan(key(999, false, DOC_ID_LIMIT - 1));
    expect(key(1_000, false, 1)).toBeGreaterThan(key(1_000, true, 2));
    expect(key(0, true, 5)).toBeGreaterThan(0);
    expect(bucketOf(key(1234, false, 77))).toBe(rankBucket(1234, false));
  });

  it('the static score is popularity (to 0.00001) minus the deprecation penalty', () => {
    const k = rankKey(rankBucket(1_000_000, false), 3);
    expect(staticScore(k)).toBeCloseTo(popularity(1_000_000), 2);
    expect(staticScore(rankKey(rankBucket(1_000_000, true), 3))).toBeCloseTo(
      popularity(1_000_000) - DEPRECATION_PENALTY,
      2,
    );
  });

  it('score = relevance + static score (+ the exact-name bonus)', () => {
    const k = rankKey(rankBucket(50_000, false), 9);
    expect(blendScore(12.5, k)).toBeCloseTo(12.5 + staticScore(k));
    expect(blendScore(12.5, k, 'exact')).toBeCloseTo(12.5 + staticScore(k) + EXACT_NAME_BONUS);
    expect(blendScore(12.5, k, 'typo')).toBeCloseTo(12.5 + staticScore(k) + TYPO_NAME_BONUS);
    // An exact name outranks a typo-corrected one, which outranks any relevance + popularity a corpus can produce.
    const best = blendScore(400, rankKey(rankBucket(1e12, false), 1));
    expect(blendScore(0, rankKey(0, 1), 'exact')).toBeGreaterThan(
      blendScore(400, rankKey(rankBucket(1e12, false), 1), 'typo'),
    );
    expect(blendScore(0, rankKey(0, 1), 'typo')).toBeGreaterThan(best);
  });

  it('refuses ids that would collide with the bucket bits', () => {
    expect(() => rankKey(1, 0)).toThrow(RangeError);
    expect(() => rankKey(1, DOC_ID_LIMIT)).toThrow(RangeError);
    expect(Number.isSafeInteger(rankKey(rankBucket(1e15, false), DOC_ID_LIMIT - 1))).toBe(true);
    expect(rankBucket(682_296_466, false)).toBeGreaterThan(rankBucket(681_758_186, false));
  });
});
