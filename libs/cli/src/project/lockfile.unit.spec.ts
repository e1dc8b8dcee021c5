import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/cli-error.js';
import { LOCKFILE_VERSION, parseLockfile, renderLockfile, type Lockfile } from './lockfile.js';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const segment = fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}$/);
const name = fc.tuple(segment, segment).map(([ns, n]) => `${ns}/${n}`);
const version = fc
  .tuple(
    fc.nat(20),
    fc.nat(20),
    fc.nat(20),
    fc.option(fc.constantFrom('alpha.1', 'beta.2', 'rc.0'), { nil: undefined }),
  )
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
const range = fc.oneof(
  version.map((v) => `^${v}`),
  version.map((v) => `~${v}`),
  version,
  fc.constant('*'),
  version.map((v) => `>=${v} <99.0.0`),
);
const base64 = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));

const lockfile: fc.Arbitrary<Lockfile> = fc.record({
  lockfileVersion: fc.constant(LOCKFILE_VERSION as 1),
  requirements: fc.dictionary(name, range, { maxKeys: 5 }),
  packages: fc.dictionary(
    name,
    fc.record({
      version,
      sha256: hex(64),
      blake3: hex(64),
      size: fc.nat(),
      keyId: hex(32),
      signature: base64,
      dependencies: fc.dictionary(name, range, { maxKeys: 4 }),
    }),
    { maxKeys: 8 },
  ),
});

const reorder = <T>(value: T, seed: number): T => {
  if (Array.isArray(value)) return value.map((v) => reorder(v, seed)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (seed % 2 === 1) entries.reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, seed)])) as T;
};

describe('market.lock', () => {
  it('round-trips: parse(render(lock)) equals lock, and render is a fixed point (property)', () => {
    fc.assert(
      fc.property(lockfile, (lock) => {
        const text = renderLockfile(lock);
        const parsed = parseLockfile(text);
        expect(parsed).toEqual(lock);
        expect(renderLockfile(parsed)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('renders the same bytes whatever order the keys were built in (property)', () => {
    fc.assert(
      fc.property(lockfile, fc.nat(), (lock, seed) => {
        expect(renderLockfile(reorder(lock, seed))).toBe(renderLockfile(lock));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses any single corrupted field with lockfile_invalid naming it (property)', () => {
    const corruptions: [string, (l: Lockfile & Record<string, unknown>, pkg: string) => void][] = [
      ['sha256', (l, p) => (l.packages[p]!.sha256 = 'zz')],
      ['blake3', (l, p) => (l.packages[p]!.blake3 = l.packages[p]!.blake3.toUpperCase() + 'A')],
      ['size', (l, p) => (l.packages[p]!.size = -1)],
      ['version', (l, p) => (l.packages[p]!.version = 'latest')],
      ['keyId', (l, p) => (l.packages[p]!.keyId = 'not-hex')],
      ['extra', (l, p) => ((l.packages[p] as Record<string, unknown>).extra = true)],
    ];
    fc.assert(
      fc.property(
        lockfile.filter((l) => Object.keys(l.packages).length > 0),
        fc.constantFrom(...corruptions),
        (lock, [field, corrupt]) => {
          const copy = JSON.parse(JSON.stringify(lock)) as Lockfile & Record<string, unknown>;
          corrupt(copy, Object.keys(copy.packages)[0]!);
          let failure: unknown;
          try {
            parseLockfile(JSON.stringify(copy));
          } catch (error) {
            failure = error;
          }
          expect(failure).toBeInstanceOf(CliError);
          expect((failure as CliError).code).toBe('lockfile_invalid');
          expect((failure as CliError).message).toMatch(field === 'extra' ? /unrecognized key/i : new RegExp(field));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses hostile documents: not JSON, another version, unnormalised or prototype keys', () => {
    const good: Lockfile = { lockfileVersion: 1, requirements: {}, packages: {} };
    const bad = [
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...good, lockfileVersion: 2 }),
      JSON.stringify({ ...good, packages: { 'Acme/Widgets': {} } }),
      '{"lockfileVersion":1,"requirements":{},"packages":{"__proto__":{"version":"1.0.0"}}}',
      JSON.stringify({ ...good, requirements: { 'acme/x': 'not a range!!' } }),
    ];
    for (const text of bad) expect(() => parseLockfile(text), text).toThrow(CliError);
  });
});
