import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectGarbage, eventLoopActivity, heapGrowth, IdleReclaimer } from './idle-reclaimer.js';

describe('IdleReclaimer', () => {
  afterEach(() => vi.useRealTimers());

  it('releases and collects once after activity stops for the idle time, and not while idle', () => {
    vi.useFakeTimers();
    let work = 0;
    const release = vi.fn();
    const collect = vi.fn();
    const reclaimer = new IdleReclaimer(() => work, release, 1_000, collect);
    vi.advanceTimersByTime(5_000);
    expect(release).not.toHaveBeenCalled();
    for (let i = 0; i < 10; i++) {
      work++;
      vi.advanceTimersByTime(250);
    }
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_500);
    expect(release).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1);
    reclaimer.stop();
  });

  it('does not take its own collection for a new burst of work', () => {
    vi.useFakeTimers();
    let work = 1;
    // A collection is work too: an activity signal such as eventLoopActivity() sees it.
    const collect = vi.fn(() => {
      work++;
    });
    const reclaimer = new IdleReclaimer(() => work, undefined, 1_000, collect);
    work++;
    vi.advanceTimersByTime(30_000);
    expect(collect).toHaveBeenCalledTimes(1);
    reclaimer.stop();
  });
});

describe('IdleReclaimer with an asynchronous collection', () => {
  afterEach(() => vi.useRealTimers());

  it('runs one collection at a time and none again until there is new work', async () => {
    vi.useFakeTimers();
    let work = 1;
    const collect = vi.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 3_000)));
    const reclaimer = new IdleReclaimer(() => work, undefined, 1_000, collect);
    work++;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(collect).toHaveBeenCalledTimes(1);
    work++;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(collect).toHaveBeenCalledTimes(2);
    reclaimer.stop();
  });
});

describe('eventLoopActivity', () => {
  it('counts an interval with a busy event loop, and not an idle one', async () => {
    const activity = eventLoopActivity();
    const start = activity();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterIdle = activity();
    expect(afterIdle).toBe(start);
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // keep the loop busy for 60 ms
    }
    expect(activity()).toBe(afterIdle + 1);
  });
});

/** The collections a second apart are for V8's young generation heuristics, not what these tests check. */
const QUICK_ONLY = { slowCollections: 0 };

describe('collectGarbage', () => {
  it('gives back most of the committed heap a burst of garbage left behind', async () => {
    await collectGarbage(QUICK_ONLY);
    const baseline = process.memoryUsage().heapTotal;
    // Every tenth object survives, so live objects are spread over nearly every page, as they are
    // in a service after a burst: V8 then needs several collections to compact and let pages go.
    const survivors: unknown[] = [];
    let garbage: unknown[] | undefined = [];
    for (let i = 0; i < 400_000; i++) {
      garbage.push({ text: `${'x'.repeat(100)}${i}`, pair: [i, i + 1] });
      if (i % 10 === 0) survivors.push(garbage[i]);
    }
    const grown = process.memoryUsage().heapTotal;
    expect(grown - baseline).toBeGreaterThan(80 * 2 ** 20);
    garbage = undefined;
    await collectGarbage(QUICK_ONLY);
    // One plain gc() gives back only a tenth of this; the repeated collections most of it.
    expect(process.memoryUsage().heapTotal - baseline).toBeLessThan((grown - baseline) / 2);
    expect(survivors).toHaveLength(40_000);
  });
});

describe('heapGrowth', () => {
  it('counts the committed heap growing by a step, and not its shrinking', async () => {
    await collectGarbage(QUICK_ONLY);
    const growth = heapGrowth(4 * 2 ** 20);
    const start = growth();
    const kept: unknown[] = [];
    for (let i = 0; i < 200_000; i++) kept.push({ text: `${'y'.repeat(64)}${i}` });
    expect(growth()).toBeGreaterThan(start);
    const grown = growth();
    kept.length = 0;
    await collectGarbage(QUICK_ONLY);
    expect(growth()).toBe(grown);
  });
});
