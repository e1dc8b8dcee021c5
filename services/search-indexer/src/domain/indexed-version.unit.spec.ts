import { describe, expect, it } from 'vitest';
import { pickIndexedVersion } from './indexed-version.js';

const v = (version: string, yanked = false) => ({ version, yanked });

describe('pickIndexedVersion', () => {
  it('takes the highest release, not the latest published', () => {
    expect(pickIndexedVersion([v('2.0.0'), v('1.9.9'), v('10.0.0'), v('1.10.0')])?.version).toBe('10.0.0');
  });

  it('prefers releases over higher prereleases, and prereleases over nothing', () => {
    expect(pickIndexedVersion([v('1.0.0'), v('2.0.0-beta.1')])?.version).toBe('1.0.0');
    expect(pickIndexedVersion([v('2.0.0-beta.1'), v('2.0.0-beta.10'), v('2.0.0-beta.2')])?.version).toBe(
      '2.0.0-beta.10',
    );
  });

  it('skips yanked versions and gives nothing when all are yanked', () => {
    expect(pickIndexedVersion([v('1.0.0'), v('2.0.0', true)])?.version).toBe('1.0.0');
    expect(pickIndexedVersion([v('1.0.0', true)])).toBeUndefined();
    expect(pickIndexedVersion([])).toBeUndefined();
  });
});
