import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, SqliteEventStore } from '@market/event-store';
import { StorageFixture, type StorageService } from './storage-fixture.js';

/**
 * A version is published when Stored is appended, and ingest reports it published as soon as it
 * sees Stored: the blob must be downloadable by then. The store given to storage downloads the
 * blob the moment storage's own append of Stored returns, before storage can apply that Stored
 * to its index, which is the earliest anyone can observe it.
 */
describe('storage: a blob is downloadable as soon as its Stored is appended', () => {
  let fixture: StorageFixture;
  let service: StorageService | undefined;
  const seenAtAppend: { sha256: string; status: number }[] = [];

  /** The real store, except that an append of Stored is followed at once by a download of its blob. */
  const observingStore = (inner: SqliteEventStore): EventStore =>
    new Proxy(inner, {
      get(target, property, receiver) {
        if (property !== 'append') {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
        return async (...args: Parameters<EventStore['append']>) => {
          const result = await target.append(...args);
          for (const event of args[1]) {
            if (event.type !== 'PackageVersionStored' || !service) continue;
            const { sha256 } = event.data as { sha256: string };
            const response = await fetch(`${service.url}/v1/blobs/sha256/${sha256}`);
            await response.arrayBuffer();
            seenAtAppend.push({ sha256, status: response.status });
          }
          return result;
        };
      },
    });

  beforeAll(async () => {
    fixture = await StorageFixture.create('storage-visible');
    service = await fixture.start({ wrapStore: observingStore });
  });

  afterAll(async () => {
    await service?.stop();
    await fixture?.stop();
  });

  it('answers 200 for the blob when Stored is appended, before the blob index applies it', async () => {
    const pack = await fixture.archive('acme/early', 'downloadable at once');
    await fixture.appendVerified('acme/early', '1.0.0', pack);
    await fixture.settle(service!);
    expect(seenAtAppend).toEqual([{ sha256: pack.sha256, status: 200 }]);
    const row = service!.readModel.db.prepare('SELECT refs FROM blobs WHERE sha256 = ?').get(pack.sha256) as {
      refs: number | bigint;
    };
    expect(Number(row.refs)).toBe(1);
  });
});
