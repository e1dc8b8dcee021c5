import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, streams, type DecodedEvent } from '@market/contracts';
import { generateSigningKey, keyIdOf } from '@market/pack';
import { tempDir } from '@market/testing';
import { VerifyReadModel } from './verify-read-model.js';

const dir = tempDir('verify-rm');
afterAll(() => dir.remove());

const keyEvent = (position: bigint, publicKey: string, namespaces: string[]) => {
  const keyId = keyIdOf(publicKey);
  const event = newEvent(
    'PublisherKeyRegistered',
    streams.key(keyId),
    { keyId, publicKey, namespaces, owner: 'ada' },
    { actor: 'test' },
  );
  return { ...event, position, revision: 0n } as DecodedEvent & { type: 'PublisherKeyRegistered' };
};

describe('VerifyReadModel (real SQLite file)', () => {
  it('applies a key once, keeps the first registration of a key id, and rebuilds to the same state', () => {
    const rm = VerifyReadModel.open(join(dir.path, 'read-model.sqlite'));
    const { publicKey } = generateSigningKey();
    const first = keyEvent(3n, publicKey, ['acme']);
    expect(rm.applyKeyRegistered(first)).toBe(true);
    expect(rm.applyKeyRegistered(first)).toBe(false);
    expect(rm.applyKeyRegistered(keyEvent(7n, publicKey, ['evil']))).toBe(true);
    const before = rm.key(keyIdOf(publicKey));
    expect(before).toEqual({
      keyId: keyIdOf(publicKey),
      publicKey,
      namespaces: ['acme'],
      owner: 'ada',
      revokedFrom: null,
    });
    expect(rm.lastPosition()).toBe(7n);
    expect(rm.key('0'.repeat(32))).toBeNull();

    rm.drop();
    expect(rm.lastPosition()).toBe(0n);
    expect(rm.key(keyIdOf(publicKey))).toBeNull();
    rm.applyKeyRegistered(first);
    rm.applyKeyRegistered(keyEvent(7n, publicKey, ['evil']));
    expect(rm.key(keyIdOf(publicKey))).toEqual(before);
    rm.close();
  });
});
