import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { semverSortKey } from './semver-sort-key.js';

const num = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 ** 40 }));
const identifier = fc.oneof(
  num.map(String),
  fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/).filter((s) => !/^\d+$/.test(s)),
);
const version = fc
  .tuple(num, num, num, fc.array(identifier, { maxLength: 4 }))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length ? `-${pre.join('.')}` : ''}`);

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('semverSortKey', () => {
  it('orders byte-wise exactly as semver precedence', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ka = semverSortKey(a);
        const kb = semverSortKey(b);
        expect(sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(sign(semver.compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders the spec example list', () => {
    const list = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '10.0.0',
    ];
    expect([...list].reverse().sort((a, b) => (semverSortKey(a) < semverSortKey(b) ? -1 : 1))).toEqual(list);
  });

  it('handles numbers beyond 2^53 and ignores build metadata', () => {
    expect(semverSortKey('99999999999999999999.0.0') > semverSortKey('9999999999999999999.0.0')).toBe(true);
    expect(semverSortKey('1.0.0+build.5')).toBe(semverSortKey('1.0.0'));
    expect(() => semverSortKey('1.0')).toThrow(TypeError);
  });
});
