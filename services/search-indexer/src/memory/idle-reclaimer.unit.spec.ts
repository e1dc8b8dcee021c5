import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleReclaimer } from './idle-reclaimer.js';

describe('IdleReclaimer', () => {
  afterEach(() => vi.useRealTimers());

  it('releases once after activity stops for the idle time, and not while idle', () => {
    vi.useFakeTimers();
    let work = 0;
    const release = vi.fn();
    const reclaimer = new IdleReclaimer(() => work, release, 1_000);
    vi.advanceTimersByTime(5_000);
    expect(release).not.toHaveBeenCalled();
    for (let i = 0; i < 10; i++) {
      work++;
      vi.advanceTimersByTime(250);
    }
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_500);
    expect(release).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1);
    reclaimer.stop();
  });
});
