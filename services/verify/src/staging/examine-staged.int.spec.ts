import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlobStore, WHOLE_READ_MAX_BYTES } from '@market/blob-store';
import { digestBytes } from '@market/pack';
import { streamsOnly, tempDir } from '@market/testing';
import { buildPack, packToml, rawTarGz } from '../testing/pack-fixtures.js';
import { examineStaged } from './examine-staged.js';

const dir = tempDir('examine-staged');
afterAll(() => dir.remove());

const fs = new FsBlobStore(`${dir.path}/blobs`);
const streamsOnlyFs = streamsOnly(fs);

const stage = async (key: string, bytes: Buffer) => {
  await fs.put(key, Readable.from([bytes]));
  return key;
};

describe.each([
  ['read whole (filesystem store)', fs],
  ['streamed (store without positional reads)', streamsOnlyFs],
])('examineStaged, %s', (_how, blobs) => {
  it('reports the digest, the manifest and the files of a good archive', async () => {
    const pack = await buildPack(dir.path, 'good', packToml('acme/good', '1.0.0'));
    const result = await examineStaged(blobs, await stage('staging/good', pack.bytes));
    expect(result).toMatchObject({
      kind: 'read',
      digest: { sha256: pack.sha256, blake3: pack.blake3, size: pack.size },
      archive: { ok: true, manifestText: packToml('acme/good', '1.0.0') },
    });
  });

  it('digests a broken archive to its end and says why it is broken', async () => {
    const notGzip = randomBytes(5_000);
    const result = await examineStaged(blobs, await stage('staging/not-gzip', notGzip));
    expect(result).toEqual({
      kind: 'read',
      digest: digestBytes(notGzip),
      archive: { ok: false, code: 'archive_invalid', detail: 'not a gzip stream' },
    });
    const traversal = await rawTarGz([{ name: '../evil', content: 'x' }]);
    const judged = await examineStaged(blobs, await stage('staging/traversal', traversal.bytes));
    expect(judged).toMatchObject({ kind: 'read', digest: digestBytes(traversal.bytes), archive: { ok: false } });
  });

  it('says missing for an absent blob or a key that is no blob key', async () => {
    expect(await examineStaged(blobs, 'staging/never-written')).toMatchObject({ kind: 'missing' });
    expect(await examineStaged(blobs, '../outside')).toMatchObject({ kind: 'missing' });
  });
});

describe('examineStaged, large archives', () => {
  it('streams an archive over the whole-read size and still digests all of it', async () => {
    const large = randomBytes(WHOLE_READ_MAX_BYTES + 1);
    const result = await examineStaged(fs, await stage('staging/large', large));
    expect(result).toMatchObject({ kind: 'read', digest: digestBytes(large), archive: { ok: false } });
  });
});
