import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tempDir, type TempDir } from '@market/testing';
import fc from 'fast-check';
import tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isPackError } from '../errors/pack-error.js';
import { createPackArchive, createPackArchiveStream } from './create-pack-archive.js';
import { inspectPackArchive } from './inspect-pack-archive.js';
import { PACK_TOML } from './testing/tar-fixtures.js';

interface TreeFile {
  path: string;
  content: string;
  executable: boolean;
}

const dirs: TempDir[] = [];
const newDir = (): string => {
  const dir = tempDir('pack-create');
  dirs.push(dir);
  return dir.path;
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/** Writes the tree in the given order, with the given mtime and permission flavour. */
const writeTree = (files: TreeFile[], options: { mtime: number; loosePermissions: boolean }): string => {
  const root = newDir();
  writeFileSync(join(root, 'pack.toml'), PACK_TOML);
  for (const f of files) {
    const path = join(root, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
    // Only "any exec bit or none" may matter, never the exact bits.
    chmodSync(
      path,
      f.executable ? (options.loosePermissions ? 0o775 : 0o700) : options.loosePermissions ? 0o664 : 0o600,
    );
    utimesSync(path, options.mtime, options.mtime);
  }
  return root;
};

const headersOf = async (gz: Buffer): Promise<tar.Headers[]> => {
  const headers: tar.Headers[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      headers.push(header);
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(gz));
  await done;
  return headers;
};

const segment = fc.constantFrom('a', 'b', 'src', 'x.txt', 'é', 'Z-1', 'templates');
const treeFile = fc.record({
  path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
  content: fc.string({ maxLength: 200 }),
  executable: fc.boolean(),
});
/** Unique paths, none of which is also used as a directory by another. */
const tree = fc
  .uniqueArray(treeFile, { selector: (f) => f.path.toLowerCase(), minLength: 1, maxLength: 8 })
  .map((files) => files.filter((f) => !files.some((o) => o.path.toLowerCase().startsWith(`${f.path.toLowerCase()}/`))));

describe('createPackArchive', () => {
  it('gives the same bytes for the same tree, whatever the creation order, mtimes and exact modes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.integer({ min: 1, max: 2_000_000_000 }), async (files, mtime) => {
        const a = await createPackArchive(writeTree(files, { mtime, loosePermissions: false }));
        const b = await createPackArchive(
          writeTree([...files].reverse(), { mtime: mtime + 12345, loosePermissions: true }),
        );
        expect(b.sha256).toBe(a.sha256);
        expect(b.blake3).toBe(a.blake3);
        expect(b.bytes.equals(a.bytes)).toBe(true);
      }),
      { numRuns: 12 },
    );
  });

  it('gives a different digest for any content change, rename or added file (property)', async () => {
    const change = fc.constantFrom('content', 'rename', 'add', 'exec');
    await fc.assert(
      fc.asyncProperty(tree, change, fc.nat(), async (files, kind, pick) => {
        const i = pick % files.length;
        const target = files[i]!;
        const changed = files.map((f) => ({ ...f }));
        if (kind === 'content') changed[i] = { ...target, content: `${target.content}!` };
        if (kind === 'rename') changed[i] = { ...target, path: `${target.path}.renamed` };
        if (kind === 'add') changed.push({ path: 'added-file', content: '', executable: false });
        if (kind === 'exec') changed[i] = { ...target, executable: !target.executable };
        const before = await createPackArchive(writeTree(files, { mtime: 1, loosePermissions: false }));
        const after = await createPackArchive(writeTree(changed, { mtime: 1, loosePermissions: false }));
        expect(after.sha256).not.toBe(before.sha256);
      }),
      { numRuns: 12 },
    );
  });

  it('writes canonical headers: byte order, zero times and owners, normalised modes', async () => {
    const root = writeTree(
      [
        { path: 'b/z.sh', content: '#!/bin/sh', executable: true },
        { path: 'b.txt', content: 'b', executable: false },
        { path: 'a/é.txt', content: 'e', executable: false },
      ],
      { mtime: 999, loosePermissions: true },
    );
    const archive = await createPackArchive(root);
    expect(archive.bytes.subarray(0, 10).toString('hex')).toBe('1f8b08000000000002ff');
    const headers = await headersOf(archive.bytes);
    expect(headers.map((h) => [h.name, h.type, h.mode])).toEqual([
      ['a/', 'directory', 0o755],
      ['a/é.txt', 'file', 0o644],
      ['b/', 'directory', 0o755],
      ['b.txt', 'file', 0o644],
      ['b/z.sh', 'file', 0o755],
      ['pack.toml', 'file', 0o644],
    ]);
    for (const h of headers) {
      expect(h).toMatchObject({ uid: 0, gid: 0, uname: '', gname: '' });
      expect(h.mtime?.getTime()).toBe(0);
    }
    expect(archive.files).toEqual([
      { path: 'a/é.txt', size: 1 },
      { path: 'b.txt', size: 1 },
      { path: 'b/z.sh', size: 9 },
      { path: 'pack.toml', size: PACK_TOML.length },
    ]);
    expect(archive.size).toBe(archive.bytes.length);
  });

  it('round-trips through inspectPackArchive and system tar', async () => {
    const root = writeTree([{ path: 'src/deep/file.tmpl', content: '{{ name }}', executable: false }], {
      mtime: 5,
      loosePermissions: false,
    });
    const archive = await createPackArchive(root);
    const inspected = await inspectPackArchive(archive.bytes);
    expect(inspected.files).toEqual(archive.files);
    expect(inspected.manifestText).toBe(PACK_TOML);
    expect(inspected.digest).toEqual({ sha256: archive.sha256, blake3: archive.blake3, size: archive.size });
    const listing = execFileSync('tar', ['-tzf', '-'], { input: archive.bytes }).toString().trim().split('\n');
    expect(listing).toEqual(['pack.toml', 'src/', 'src/deep/', 'src/deep/file.tmpl']);
  });

  it('streams the same bytes it buffers', async () => {
    const root = writeTree([{ path: 'big.bin', content: 'x'.repeat(300_000), executable: false }], {
      mtime: 1,
      loosePermissions: false,
    });
    const { stream, files } = await createPackArchiveStream(root);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const buffered = await createPackArchive(root);
    expect(Buffer.concat(chunks).equals(buffered.bytes)).toBe(true);
    expect(files).toEqual(buffered.files);
  });

  it('leaves out .git directories but keeps other dotfiles', async () => {
    const root = writeTree([{ path: '.gitignore', content: 'x', executable: false }], {
      mtime: 1,
      loosePermissions: false,
    });
    mkdirSync(join(root, '.git/objects'), { recursive: true });
    writeFileSync(join(root, '.git/HEAD'), 'ref');
    mkdirSync(join(root, 'vendor/.git'), { recursive: true });
    writeFileSync(join(root, 'vendor/.git/config'), 'x');
    const archive = await createPackArchive(root);
    expect(archive.files.map((f) => f.path)).toEqual(['.gitignore', 'pack.toml']);
  });

  const refusal = async (root: string, limits = {}): Promise<string> => {
    const error = await createPackArchive(root, limits).catch((e: unknown) => e);
    if (!isPackError(error, 'pack_dir_invalid')) throw new Error(`expected pack_dir_invalid, got ${String(error)}`);
    return error.detail;
  };

  it('refuses symlinks, even ones pointing inside the pack', async () => {
    const root = writeTree([{ path: 'real.txt', content: 'x', executable: false }], {
      mtime: 1,
      loosePermissions: false,
    });
    symlinkSync('real.txt', join(root, 'link.txt'));
    expect(await refusal(root)).toBe('"link.txt" is a symbolic link; packs hold regular files only');
  });

  it('refuses special files', async () => {
    const root = writeTree([], { mtime: 1, loosePermissions: false });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await refusal(root)).toBe('"pipe" is not a regular file or directory');
  });

  it('refuses a directory without pack.toml, and a missing directory', async () => {
    const root = newDir();
    writeFileSync(join(root, 'other.txt'), 'x');
    expect(await refusal(root)).toMatch(/^no pack.toml file at the root/);
    mkdirSync(join(root, 'pack.toml'));
    expect(await refusal(root)).toMatch(/^no pack.toml file at the root/);
    expect(await refusal(join(root, 'missing'))).toMatch(/cannot read/);
  });

  it('refuses what readers would refuse: limits, unsafe names, case collisions', async () => {
    const root = writeTree([{ path: 'big', content: 'x'.repeat(2000), executable: false }], {
      mtime: 1,
      loosePermissions: false,
    });
    expect(await refusal(root, { maxEntryBytes: 1000 })).toBe('"big" is 2000 bytes; the limit is 1000');
    expect(await refusal(root, { maxTotalBytes: 1000 })).toBe('files exceed 1000 bytes in total');
    expect(await refusal(root, { maxEntries: 1 })).toBe('more than 1 files and directories');
    writeFileSync(join(root, 'BIG'), 'x');
    expect(await refusal(root)).toMatch(/collide on case-insensitive filesystems/);
    const other = writeTree([], { mtime: 1, loosePermissions: false });
    writeFileSync(join(other, 'a\\b'), 'x');
    expect(await refusal(other)).toMatch(/forbidden character/);
    expect(readFileSync(join(other, 'pack.toml'), 'utf8')).toBe(PACK_TOML);
  });
});
