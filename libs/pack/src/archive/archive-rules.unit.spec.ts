import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digestBytes } from '../digest/digest-bytes.js';
import { isPackError } from '../errors/pack-error.js';
import { inspectPackArchive } from './inspect-pack-archive.js';
import type { ArchiveLimits } from './archive-limits.js';
import {
  END_OF_ARCHIVE,
  file,
  PACK_TOML,
  paxHeader,
  rawFile,
  rawHeader,
  rawTgz,
  tarOf,
  tgzOf,
  type FixtureEntry,
} from './testing/tar-fixtures.js';

/** The rejection detail, failing the test unless the archive was refused as archive_invalid. */
const refusal = async (archive: Buffer | Readable, limits?: Partial<ArchiveLimits>): Promise<string> => {
  const error = await inspectPackArchive(archive, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPackError(error)) throw new Error(`expected a PackError, got ${String(error)}`);
  expect(error.code).toBe('archive_invalid');
  return error.detail;
};

const entry = (
  name: string,
  type: FixtureEntry['header']['type'],
  extra: Partial<FixtureEntry['header']> = {},
): FixtureEntry => ({
  header: { name, type, mode: 0o644, mtime: new Date(0), ...extra },
});

describe('inspectPackArchive accepts', () => {
  it('an ordinary archive from another tar writer, listing its files', async () => {
    const archive = await tgzOf([entry('src', 'directory'), file('src/a.txt', 'hello'), file('é/ü.txt', 'unicode')]);
    const result = await inspectPackArchive(archive);
    expect(result.manifestText).toBe(PACK_TOML);
    expect(result.files).toEqual([
      { path: 'pack.toml', size: PACK_TOML.length },
      { path: 'src/a.txt', size: 5 },
      { path: 'é/ü.txt', size: 7 },
    ]);
    expect(result.digest).toEqual(digestBytes(archive));
  });

  it('a stream as well as a buffer, with the same digest', async () => {
    const archive = await tgzOf([file('a', 'b'.repeat(100_000))]);
    const chunks = Array.from({ length: Math.ceil(archive.length / 333) }, (_, i) =>
      archive.subarray(i * 333, (i + 1) * 333),
    );
    const result = await inspectPackArchive(Readable.from(chunks));
    expect(result.digest).toEqual(digestBytes(archive));
    expect(result.files.map((f) => f.path)).toEqual(['pack.toml', 'a']);
  });

  it('long paths carried in pax headers, and GNU-magic headers', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}`;
    expect((await inspectPackArchive(await tgzOf([file(long)]))).files[1]?.path).toBe(long);
    expect((await inspectPackArchive(rawTgz(rawFile('gnu.txt', 'g', { magic: 'gnu' })))).files[1]?.path).toBe(
      'gnu.txt',
    );
  });

  it('zero padding after the end-of-archive marker (as GNU tar writes it)', async () => {
    const tarball = await tarOf([file('pack.toml', PACK_TOML)]);
    await expect(inspectPackArchive(gzipSync(Buffer.concat([tarball, Buffer.alloc(8192)])))).resolves.toBeDefined();
  });
});

describe('inspectPackArchive refuses', () => {
  it.each([
    ['an absolute path', '/etc/passwd', /absolute path/],
    ['a .. segment', 'a/../../x', /"\.\." path segment/],
    ['a leading ..', '../x', /"\.\." path segment/],
    ['a . segment', './x', /"\." path segment/],
    ['an empty segment', 'a//b', /empty path segment/],
    ['a backslash', 'a\\..\\x', /forbidden character "\\\\"/],
    ['a drive letter', 'C:x', /forbidden character ":"/],
    ['a control character', 'a\u001b[31m', /forbidden character "\\u001b"/],
    ['a too-long segment', 'x'.repeat(256), /segment longer than 255 bytes/],
  ])('%s', async (_what, name, detail) => {
    expect(await refusal(await tgzOf([file(name)]))).toMatch(detail);
  });

  it('an empty path', async () => {
    expect(await refusal(rawTgz(rawFile('', 'x')))).toMatch(/empty path/);
  });

  it.each([
    ['symlink', 'symbolic link', { linkname: '/etc/passwd' }],
    ['link', 'hard link', { linkname: 'pack.toml' }],
    ['character-device', 'character device', {}],
    ['block-device', 'block device', {}],
    ['fifo', 'FIFO', {}],
  ] as const)('%s entries', async (type, kind, extra) => {
    expect(await refusal(await tgzOf([entry('evil', type, extra)]))).toBe(`"evil": ${kind} entries are not allowed`);
  });

  it.each([
    ['g', /pax global header entries are not allowed/],
    ['L', /GNU long name entries are not allowed/],
    ['K', /GNU long link name entries are not allowed/],
    ['S', /GNU sparse file entries are not allowed/],
    ['7', /contiguous file entries are not allowed/],
    ['Z', /type "Z" entries are not allowed/],
  ])('typeflag %s', async (typeflag, detail) => {
    expect(await refusal(rawTgz(rawHeader({ name: 'x', typeflag })))).toMatch(detail);
  });

  it('duplicate paths', async () => {
    expect(await refusal(await tgzOf([file('a'), file('a')]))).toBe('"a": duplicate entry');
    expect(await refusal(await tgzOf([file('pack.toml')]))).toBe('"pack.toml": duplicate entry');
  });

  it('paths that collide on case-insensitive filesystems', async () => {
    expect(await refusal(await tgzOf([file('README'), file('readme')]))).toMatch(/collide on case-insensitive/);
    expect(await refusal(await tgzOf([file('A/x'), file('a/y')]))).toMatch(/collide/);
  });

  it('a path that is both a file and a directory', async () => {
    expect(await refusal(await tgzOf([file('a'), file('a/b')]))).toBe('"a" is both a file and a directory');
    expect(await refusal(await tgzOf([file('a/b'), file('a')]))).toBe('"a" is both a file and a directory');
    expect(await refusal(await tgzOf([entry('d', 'directory'), file('d')]))).toMatch(/both a file and a directory/);
  });

  it('a file over maxEntryBytes, judged from its header before reading it', async () => {
    expect(await refusal(await tgzOf([file('big', Buffer.alloc(2000))]), { maxEntryBytes: 1000 })).toBe(
      '"big" is 2000 bytes; the limit is 1000',
    );
  });

  it('files over maxTotalBytes together', async () => {
    const archive = await tgzOf([file('a', Buffer.alloc(600)), file('b', Buffer.alloc(600))]);
    expect(await refusal(archive, { maxTotalBytes: 1000 })).toBe('files exceed 1000 bytes in total');
  });

  it('a gzip bomb hiding its bytes where no entry declares them', async () => {
    // 16 MiB of zeros after the end marker compress to ~16 KiB; the byte budget stops it early.
    const bomb = gzipSync(Buffer.concat([await tarOf([file('pack.toml', PACK_TOML)]), Buffer.alloc(16 * 1024 * 1024)]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const limits = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };
    expect(await refusal(bomb, limits)).toMatch(/^decompressed archive exceeds \d+ bytes$/);
  });

  it('more than maxEntries entries', async () => {
    expect(await refusal(await tgzOf([file('a'), file('b'), file('c')]), { maxEntries: 3 })).toBe(
      'more than 3 entries',
    );
  });

  it('an archive without pack.toml at its root', async () => {
    expect(await refusal(await tgzOf([file('sub/pack.toml', PACK_TOML)], false))).toBe(
      'no pack.toml at the archive root',
    );
    expect(await refusal(await tgzOf([entry('pack.toml', 'directory')], false))).toBe(
      'no pack.toml at the archive root',
    );
  });

  it('truncated gzip, corrupt gzip, and bytes that are not gzip at all', async () => {
    const archive = await tgzOf([file('a', 'some content '.repeat(500))]);
    expect(await refusal(archive.subarray(0, archive.length - 20))).toMatch(/^gzip: unexpected end of file$/);
    const corrupt = Buffer.from(archive);
    corrupt[corrupt.length - 6]! ^= 0xff; // inside the CRC-32 trailer
    expect(await refusal(corrupt)).toMatch(/^gzip: /);
    expect(await refusal(await tarOf([file('pack.toml', PACK_TOML)]))).toBe('not a gzip stream');
    expect(await refusal(Buffer.alloc(0))).toMatch(/gzip: unexpected end of file|archive ends/);
  });

  it('a truncated or corrupt tar inside valid gzip', async () => {
    const tarball = await tarOf([file('pack.toml', PACK_TOML), file('a', 'x'.repeat(3000))]);
    expect(await refusal(gzipSync(tarball.subarray(0, 1024 + 512 + 1000)))).toBe(
      '"a": archive truncated inside the file',
    );
    expect(await refusal(gzipSync(tarball.subarray(0, 1024 + 100)))).toBe('truncated header at offset 1024');
    expect(await refusal(gzipSync(tarball.subarray(0, 1024 + 512 + 3072)))).toBe(
      'archive ends without an end-of-archive marker',
    );
    expect(await refusal(rawTgz(rawFile('a', 'x', { corruptChecksum: true })))).toBe(
      'header at offset 1024: bad checksum',
    );
    expect(await refusal(rawTgz(rawFile('a', 'x', { magic: 'none' })))).toBe(
      'header at offset 1024: not a ustar header',
    );
  });

  it('one zero block alone, or data after the end-of-archive marker', async () => {
    const tarball = await tarOf([file('pack.toml', PACK_TOML)]);
    const body = tarball.subarray(0, tarball.length - 1024);
    expect(await refusal(gzipSync(Buffer.concat([body, Buffer.alloc(512)])))).toBe(
      'end-of-archive marker is not two zero blocks',
    );
    expect(await refusal(gzipSync(Buffer.concat([tarball, rawFile('smuggled', 'x')])))).toBe(
      'data after the end-of-archive marker',
    );
  });

  it('numeric fields in base-256 or not octal', async () => {
    const negative = Buffer.alloc(12, 0xff);
    expect(await refusal(rawTgz(rawHeader({ name: 'a', rawSize: negative })))).toBe(
      'header at offset 1024: size uses base-256 encoding',
    );
    expect(await refusal(rawTgz(rawHeader({ name: 'a', rawSize: Buffer.from('0000000009\u0000') })))).toBe(
      'header at offset 1024: size is not an octal number',
    );
  });

  it('a name that is not valid UTF-8', async () => {
    expect(await refusal(rawTgz(rawFile('x', 'x', { rawName: Buffer.from([0x61, 0xff, 0x62]) })))).toBe(
      'header at offset 1024: name is not valid UTF-8',
    );
  });

  it('a directory entry that carries content', async () => {
    expect(await refusal(rawTgz(rawHeader({ name: 'd/', typeflag: '5', size: 10 }), Buffer.alloc(512)))).toBe(
      '"d/": directory entry carries 10 bytes',
    );
  });

  it('ustar prefixes that build a forbidden path', async () => {
    expect(await refusal(rawTgz(rawFile('x', 'x', { prefix: '..' })))).toBe('"../x": ".." path segment');
    expect(await refusal(rawTgz(rawFile('x', 'x', { prefix: '/etc' })))).toBe('"/etc/x": absolute path');
  });

  describe('pax headers', () => {
    it.each([
      ['a path escaping with ..', [['path', '../../evil']], /"\.\." path segment/],
      ['an absolute path', [['path', '/etc/cron.d/x']], /absolute path/],
      ['a NUL inside the path', [['path', 'a\u0000b']], /forbidden character "\\u0000"/],
      ['an empty path', [['path', '']], /empty path/],
      ['overriding pack.toml into a duplicate', [['path', 'pack.toml']], /"pack.toml": duplicate entry/],
      ['a link target', [['linkpath', '/etc/passwd']], /linkpath is not allowed/],
      ['sparse-file keywords', [['GNU.sparse.map', '0,10']], /sparse files are not allowed/],
      ['a negative size', [['size', '-5']], /size "-5" is not a byte count/],
      ['a size that is not a number', [['size', '1e3']], /is not a byte count/],
      [
        'a repeated keyword',
        [
          ['path', 'ok'],
          ['path', '../x'],
        ],
        /keyword "path" repeated/,
      ],
    ] as const)('%s', async (_what, records, detail) => {
      const archive = rawTgz(paxHeader(records.map(([k, v]) => [k, v])), rawFile('innocent.txt', 'x'));
      expect(await refusal(archive)).toMatch(detail);
    });

    it('a size override larger than the data that follows', async () => {
      const archive = gzipSync(
        Buffer.concat([
          rawFile('pack.toml', PACK_TOML),
          paxHeader([['size', '100000']]),
          rawFile('a', 'x'),
          END_OF_ARCHIVE,
        ]),
      );
      expect(await refusal(archive)).toBe('"a": archive truncated inside the file');
    });

    it('malformed records', async () => {
      const bad = (body: string) =>
        rawTgz(
          rawHeader({ name: 'PaxHeader', typeflag: 'x', size: body.length }),
          Buffer.from(body.padEnd(512, '\u0000')),
          rawFile('a', 'x'),
        );
      expect(await refusal(bad('99 path=a\n'))).toMatch(/record length does not match/);
      expect(await refusal(bad('x path=a\n'))).toMatch(/malformed record length/);
      expect(await refusal(bad('9 patha\n\n'))).toMatch(/record without key=value/);
      expect(await refusal(bad('11 path=a\n'))).toMatch(/record length does not match/);
    });

    it('headers over 64 KiB, chained pax headers, and a pax header with no entry after it', async () => {
      expect(await refusal(rawTgz(rawHeader({ name: 'PaxHeader', typeflag: 'x', size: 70_000 })))).toMatch(
        /is 70000 bytes; the limit is 65536/,
      );
      expect(
        await refusal(rawTgz(paxHeader([['comment', 'a']]), paxHeader([['comment', 'b']]), rawFile('a', 'x'))),
      ).toMatch(/follows another pax header/);
      expect(await refusal(rawTgz(paxHeader([['comment', 'a']])))).toMatch(/is not followed by an entry/);
    });

    it('ignores informational keywords', async () => {
      const archive = rawTgz(
        paxHeader([
          ['mtime', '123.5'],
          ['uname', 'x'],
          ['path', 'ok.txt'],
        ]),
        rawFile('ignored', 'x'),
      );
      expect((await inspectPackArchive(archive)).files.map((f) => f.path)).toEqual(['pack.toml', 'ok.txt']);
    });
  });

  it('pack.toml that is too large or not UTF-8, as manifest_invalid', async () => {
    const error = (archive: Buffer) => inspectPackArchive(archive).catch((e: unknown) => e);
    expect(await error(await tgzOf([file('pack.toml', Buffer.from([0xc3, 0x28]))], false))).toMatchObject({
      code: 'manifest_invalid',
      detail: 'pack.toml is not valid UTF-8',
    });
    expect(await error(await tgzOf([file('pack.toml', Buffer.alloc(300 * 1024, 0x20))], false))).toMatchObject({
      code: 'manifest_invalid',
    });
  });
});
