import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { createPackArchive, digestBytes, type Digest } from '@market/pack';

export const packToml = (name: string, version: string) => `[pack]
name = "${name}"
version = "${version}"
description = "A test pack"
license = "MIT"
authors = ["Test"]
keywords = ["test"]
`;

/** A real pack directory under `root`, archived by @market/pack. */
export async function buildPack(root: string, dirName: string, manifest: string): Promise<Digest & { bytes: Buffer }> {
  const dir = join(root, dirName);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'pack.toml'), manifest);
  writeFileSync(join(dir, 'templates', 'hello.tera'), `Hello from ${dirName}\n`);
  const archive = await createPackArchive(dir);
  return { bytes: archive.bytes, sha256: archive.sha256, blake3: archive.blake3, size: archive.size };
}

/** A tar.gz with whatever entries we like (no pack lib in the way): how a hostile client builds one. */
export async function rawTarGz(entries: { name: string; content: string }[]): Promise<Digest & { bytes: Buffer }> {
  const pack = tar.pack();
  for (const entry of entries) pack.entry({ name: entry.name, size: Buffer.byteLength(entry.content) }, entry.content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const bytes = gzipSync(Buffer.concat(chunks));
  return { bytes, ...digestBytes(bytes) };
}
