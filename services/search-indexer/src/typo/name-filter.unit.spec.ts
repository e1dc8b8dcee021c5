import { describe, expect, it } from 'vitest';
import { NameFilter } from './name-filter.js';

const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}-pkg`);

describe('NameFilter', () => {
  it('never turns away a name it holds', () => {
    const filter = new NameFilter(20_000);
    const held = names(20_000, 'held');
    for (const name of held) filter.add(name);
    expect(held.every((name) => filter.mightHave(name))).toBe(true);
  });

  it('lets through about 1% of the strings it does not hold, at capacity', () => {
    const filter = new NameFilter(20_000);
    for (const name of names(20_000, 'held')) filter.add(name);
    const passed = names(100_000, 'other').filter((name) => filter.mightHave(name)).length;
    expect(passed / 100_000).toBeLessThan(0.02);
  });

  it('says when it holds more names than it was sized for, counting each name once', () => {
    const filter = new NameFilter(3);
    for (let i = 0; i < 5; i++) filter.add('lodash');
    expect(filter.full).toBe(false);
    for (const name of ['a-b', 'c-d', 'e-f']) filter.add(name);
    expect(filter.full).toBe(true);
  });
});
