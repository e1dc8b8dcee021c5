import { normalizePackageName } from '@market/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { MAX_PACK_TOML_BYTES, parsePackToml } from './parse-pack-toml.js';
import { renderPackToml } from './render-pack-toml.js';

const minimal = '[pack]\nname = "acme/hello"\nversion = "1.2.3"\nlicense = "MIT"\n';

const rejection = (text: string): string => {
  try {
    parsePackToml(text);
  } catch (error) {
    if (isPackError(error, 'manifest_invalid')) return error.detail;
    throw error;
  }
  throw new Error('expected manifest_invalid');
};

describe('parsePackToml', () => {
  it('reads every field of a complete manifest', () => {
    const parsed = parsePackToml(`
[pack]
name = "Acme/Hello_World"
version = "1.0.0-rc.1+build.5"
description = "Greets"
license = "Apache-2.0"
authors = ["Ada <ada@example.com>"]
categories = ["templates"]
keywords = ["hello", "demo"]
homepage = "https://example.com/hello"
repository = "git+https://example.com/hello.git"

[dependencies]
"acme/base" = "^1.2.0"
"other/lib" = ">=2 <3 || 4.x"
`);
    expect(parsed).toEqual({
      name: 'Acme/Hello_World',
      version: '1.0.0-rc.1+build.5',
      manifest: {
        description: 'Greets',
        license: 'Apache-2.0',
        authors: ['Ada <ada@example.com>'],
        categories: ['templates'],
        keywords: ['hello', 'demo'],
        homepage: 'https://example.com/hello',
        repository: 'git+https://example.com/hello.git',
        dependencies: { 'acme/base': '^1.2.0', 'other/lib': '>=2 <3 || 4.x' },
      },
    });
  });

  it('fills defaults for optional fields', () => {
    expect(parsePackToml(minimal).manifest).toEqual({
      description: '',
      license: 'MIT',
      authors: [],
      categories: [],
      keywords: [],
      dependencies: {},
    });
  });

  it.each([
    ['a = ', /line 1, column \d+/],
    ['', /missing \[pack\] table/],
    [`${minimal}[dependency]\n`, /unknown top-level key "dependency"/],
    [minimal.replace('license', 'licence'), /unknown key "pack.licence"/],
    [minimal.replace('acme/hello', 'hello'), /pack.name "hello" must be namespace\/name/],
    [minimal.replace('acme/hello', '../x'), /pack.name/],
    [minimal.replace('"1.2.3"', '"1.2"'), /pack.version "1.2" must be a semantic version/],
    [minimal.replace('"1.2.3"', '"v1.2.3"'), /pack.version/],
    [minimal.replace('"1.2.3"', '1'), /pack.version must be a string/],
    [minimal.replace('license = "MIT"\n', ''), /pack.license is required/],
    [minimal.replace('"MIT"', '" "'), /pack.license must not be empty/],
    [`${minimal}authors = "ada"\n`, /pack.authors must be an array of strings/],
    [`${minimal}keywords = ["a", 1]\n`, /pack.keywords\[1\] must be a string/],
    [`${minimal}authors = ["${'a'.repeat(201)}"]\n`, /pack.authors\[0\]:/],
    [`${minimal}homepage = "javascript:alert(1)"\n`, /pack.homepage must use one of http: https:/],
    [`${minimal}homepage = "not a url"\n`, /pack.homepage "not a url" is not a URL/],
    [
      `${minimal}[dependencies]\n"nonamespace" = "1"\n`,
      /dependencies."nonamespace": "nonamespace" is not a namespace\/name/,
    ],
    [`${minimal}[dependencies]\n"acme/x" = "^^1"\n`, /dependencies."acme\/x": "\^\^1" is not a valid semver range/],
    [`${minimal}[dependencies]\n"acme/x" = ""\n`, /dependencies."acme\/x": empty range/],
    [`${minimal}[dependencies]\n"acme/x" = 1\n`, /dependencies."acme\/x" must be a version range string/],
    [`${minimal}[dependencies]\n"Acme/Hello" = "1"\n`, /cannot depend on itself/],
    [`${minimal}[dependencies]\n"acme/a-b" = "1"\n"acme/A_B" = "2"\n`, /"acme\/A_B".*same package as "acme\/a-b"/],
    [`${minimal}dependencies = 3\n`, /unknown key "pack.dependencies"/],
    ['dependencies = 3\n[pack]\nname="a/b"\nversion="1.0.0"\nlicense="MIT"', /\[dependencies\] must be a table/],
  ])('rejects %j naming the field', (text, detail) => {
    expect(rejection(text)).toMatch(detail);
  });

  it('rejects an oversized file before parsing it', () => {
    expect(rejection(`${minimal}#${'x'.repeat(MAX_PACK_TOML_BYTES)}`)).toMatch(/larger than/);
  });
});

describe('renderPackToml', () => {
  it('scaffolds a manifest that parses back', () => {
    const text = renderPackToml({ name: 'acme/hello', version: '0.1.0', license: 'MIT' });
    expect(text).toContain('[pack]\nname = "acme/hello"');
    expect(text).toContain('[dependencies]');
    expect(parsePackToml(text).name).toBe('acme/hello');
  });

  it('refuses input that would not parse', () => {
    expect(() => renderPackToml({ name: 'acme/hello', version: 'one' })).toThrow(/pack.version/);
  });

  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/);
  const name = fc.tuple(segment, segment).map(([ns, n]) => `${ns}/${n}`);
  const version = fc
    .tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.option(fc.constantFrom('alpha.1', 'rc.2'), { nil: undefined }))
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });

  it('round-trips any valid manifest (property)', () => {
    fc.assert(
      fc.property(
        name,
        version,
        text,
        fc.array(text, { maxLength: 3 }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
        fc.dictionary(name, fc.constantFrom('^1.0.0', '~2.3', '*', '>=1 <2', '1.x || 3'), { maxKeys: 3 }),
        (n, v, description, authors, keywords, deps) => {
          // Self-dependencies and look-alike duplicates are errors, tested above.
          const seen = new Set([normalizePackageName(n)]);
          const dependencies = Object.fromEntries(
            Object.entries(deps).filter(
              ([d]) => !seen.has(normalizePackageName(d)) && !!seen.add(normalizePackageName(d)),
            ),
          );
          const input = { name: n, version: v, description, license: 'MIT', authors, keywords, dependencies };
          const parsed = parsePackToml(renderPackToml(input));
          expect(parsed.name).toBe(n);
          expect(parsed.version).toBe(v);
          expect(parsed.manifest).toEqual({
            description,
            license: 'MIT',
            authors,
            keywords,
            categories: [],
            dependencies,
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
