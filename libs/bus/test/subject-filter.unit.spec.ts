import { describe, expect, it } from 'vitest';
import { subjectMatches } from '../src/subject-filter.js';

describe('subjectMatches (the filter JetStream applies, applied to store reads)', () => {
  it.each([
    [undefined, 'market.events.package.X', true],
    ['market.events.>', 'market.events.package.X', true],
    ['market.events.package.>', 'market.events.package.X', true],
    ['market.events.package.>', 'market.events.key.X', false],
    ['market.events.package.>', 'market.events.package', false],
    ['market.events.*.DownloadsCounted', 'market.events.package.DownloadsCounted', true],
    ['market.events.*.DownloadsCounted', 'market.events.package.DistTagSet', false],
    ['market.events.*', 'market.events.package.X', false],
    ['market.events.package.X', 'market.events.package.X', true],
    ['market.events.package.X', 'market.events.package.X.Y', false],
  ])('%s ~ %s → %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});
