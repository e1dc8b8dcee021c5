import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/cli-error.js';
import { parseProjectManifest, renderProjectManifest, withDependency } from './project-manifest.js';

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
const name = fc.tuple(segment, segment).map(([ns, n]) => `${ns}/${n}`);
const range = fc.tuple(fc.nat(9), fc.nat(9)).map(([a, b]) => `^${a}.${b}.0`);

describe('market.toml', () => {
  it('reads a [dependencies] table of name = range', () => {
    const m = parseProjectManifest('[dependencies]\n"acme/widgets" = "^1.2.0"\n"acme/base" = ">=1.0.0 <3"\n');
    expect(m.dependencies).toEqual({ 'acme/widgets': '^1.2.0', 'acme/base': '>=1.0.0 <3' });
    expect(parseProjectManifest('').dependencies).toEqual({});
  });

  it('round-trips through render, sorted (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(name, range, { maxKeys: 10 }), (dependencies) => {
        const text = renderProjectManifest({ dependencies });
        expect(parseProjectManifest(text).dependencies).toEqual(dependencies);
        const names = Object.keys(parseProjectManifest(text).dependencies);
        expect(names).toEqual([...names].sort());
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['a typo in the table name', '[dependency]\n"acme/x" = "^1.0.0"\n', /unknown top-level key "dependency"/],
    ['a bad name', '[dependencies]\n"no-namespace" = "^1.0.0"\n', /not a namespace\/name/],
    ['a bad range', '[dependencies]\n"acme/x" = "one point oh"\n', /not a semver range/],
    ['a non-string range', '[dependencies]\n"acme/x" = 1\n', /not a semver range/],
    ['look-alike names', '[dependencies]\n"acme/my_pack" = "^1.0.0"\n"acme/My-Pack" = "^1.0.0"\n', /same package/],
    ['broken TOML', '[dependencies\n', /line 1/],
  ])('refuses %s, naming the problem', (_what, text, message) => {
    expect(() => parseProjectManifest(text)).toThrow(CliError);
    expect(() => parseProjectManifest(text)).toThrow(message);
  });

  it('withDependency replaces a look-alike spelling instead of adding a second entry', () => {
    const m = withDependency({ dependencies: { 'acme/my_pack': '^1.0.0' } }, 'Acme/My-Pack', '^2.0.0');
    expect(m.dependencies).toEqual({ 'acme/my_pack': '^2.0.0' });
  });
});
