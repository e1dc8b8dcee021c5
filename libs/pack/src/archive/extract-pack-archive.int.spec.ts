import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tempDir, type TempDir } from '@market/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { extractPackArchive } from './extract-pack-archive.js';
import { file, PACK_TOML, paxHeader, rawFile, rawTgz, tgzOf } from './testing/tar-fixtures.js';

const dirs: TempDir[] = [];
const workspace = (): string => {
  const dir = tempDir('pack-extract');
  dirs.push(dir);
  return dir.path;
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/** Everything under a directory, recursively, as relative paths. */
const listing = (root: string): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();

describe('extractPackArchive', () => {
  it('writes the files with normalised modes and reports what it wrote', async () => {
    const root = workspace();
    const target = join(root, 'out');
    const archive = await tgzOf([
      file('bin/run.sh', '#!/bin/sh\n', { mode: 0o4777 }),
      file('templates/a.tmpl', 'hello'),
      { header: { name: 'empty-dir', type: 'directory', mode: 0o777 } },
    ]);
    const result = await extractPackArchive(archive, target);
    expect(result.files.map((f) => f.path)).toEqual(['pack.toml', 'bin/run.sh', 'templates/a.tmpl']);
    expect(result.manifestText).toBe(PACK_TOML);
    expect(listing(root)).toEqual([
      'out',
      'out/bin',
      'out/bin/run.sh',
      'out/empty-dir',
      'out/pack.toml',
      'out/templates',
      'out/templates/a.tmpl',
    ]);
    expect(readFileSync(join(target, 'templates/a.tmpl'), 'utf8')).toBe('hello');
    expect(statSync(join(target, 'bin/run.sh')).mode & 0o7777).toBe(0o755);
    expect(statSync(join(target, 'templates/a.tmpl')).mode & 0o7777).toBe(0o644);
  });

  it('accepts a stream and an existing empty target directory', async () => {
    const target = join(workspace(), 'out');
    mkdirSync(target);
    const archive = await tgzOf([file('a.txt', 'a'.repeat(200_000))]);
    await extractPackArchive(Readable.from([archive.subarray(0, 1000), archive.subarray(1000)]), target);
    expect(readFileSync(join(target, 'a.txt')).length).toBe(200_000);
  });

  it('refuses a target that exists and is not empty, touching nothing', async () => {
    const root = workspace();
    const target = join(root, 'out');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const error = await extractPackArchive(await tgzOf([]), target).catch((e: unknown) => e);
    expect(isPackError(error, 'extract_target_exists')).toBe(true);
    expect(listing(root)).toEqual(['out', 'out/keep.txt']);
  });

  it.each([
    [
      'a pax path escaping the target',
      () => rawTgz(paxHeader([['path', '../../escaped.txt']]), rawFile('ok.txt', 'x')),
    ],
    ['an absolute path', () => tgzOf([file('/tmp/escaped.txt')])],
    [
      'a symlink followed by a write through it',
      () => tgzOf([{ header: { name: 'link', type: 'symlink', linkname: '..' } }, file('link/escaped.txt')]),
    ],
    [
      'a valid file then a truncated tail',
      async () => (await tgzOf([file('a.txt'), file('b.bin', randomBytes(20_000))])).subarray(0, 10_000),
    ],
    ['files written before a later rule fails', () => tgzOf([file('one.txt'), file('two.txt'), file('one.txt')])],
  ])('leaves nothing behind on %s', async (_what, build) => {
    const root = workspace();
    const target = join(root, 'out');
    const error = await extractPackArchive(await build(), target).catch((e: unknown) => e);
    expect(isPackError(error, 'archive_invalid')).toBe(true);
    expect(listing(root)).toEqual([]);
    expect(existsSync(join(root, '..', 'escaped.txt'))).toBe(false);
  });

  it('destroys the source stream when a rule stops the read early', async () => {
    const root = workspace();
    const archive = await tgzOf([file('../escape.txt', 'x'), file('b.txt', randomBytes(100_000).toString('hex'))]);
    let offset = 0;
    const source = new Readable({
      read() {
        // 1 KiB at a time: the rule fails long before the source is drained.
        this.push(offset < archive.length ? archive.subarray(offset, (offset += 1024)) : null);
      },
    });
    const error = await extractPackArchive(source, join(root, 'out')).catch((e: unknown) => e);
    expect(isPackError(error, 'archive_invalid')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
    expect(offset).toBeLessThan(archive.length);
  });

  it('keeps a source stream failure as the source error, not as a bad archive', async () => {
    const root = workspace();
    const archive = await tgzOf([file('a.txt', 'x'.repeat(100_000))]);
    const source = new Readable({
      read() {
        this.push(archive.subarray(0, 100));
        this.destroy(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
      },
    });
    const error = await extractPackArchive(source, join(root, 'out')).catch((e: unknown) => e);
    expect(isPackError(error)).toBe(false);
    expect((error as Error).message).toBe('connection reset');
    expect(listing(root)).toEqual([]);
  });
});
