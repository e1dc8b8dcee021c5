import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecodeResult } from '@market/contracts';
import { decodeEvent, uuidv7 } from '@market/contracts';
import type { TempDir } from '@market/testing';
import { tempDir } from '@market/testing';
import { tagEvent } from '../testing/sample-events.js';
import { appendRawForTesting } from './append-raw-for-testing.js';
import type { SqliteEventStore } from './sqlite-event-store.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

describe('SQLite rows that are not valid events', () => {
  let dir: TempDir;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir('sqlite-malformed');
    path = join(dir.path, 'events.sqlite');
    store = openSqliteEventStore({ path });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const metadataFor = (type: string, eventId: string) =>
    JSON.stringify({ ...tagEvent('bad-1'), type, eventId, data: undefined, schemaVersion: 1 });

  it('are read back in place and reported by decodeEvent with position and reason, without throwing', async () => {
    await store.append('good-1', [tagEvent('good-1')]);
    const badJsonId = uuidv7();
    const unknownId = uuidv7();
    const badDataId = uuidv7();
    const positions = {
      badJson: appendRawForTesting(path, {
        stream: 'bad-1',
        eventId: badJsonId,
        type: 'DistTagSet',
        metadata: '{"eventId": "oops',
        data: '{}',
      }),
      unknownType: appendRawForTesting(path, {
        stream: 'bad-1',
        eventId: unknownId,
        type: 'NoSuchEvent',
        metadata: metadataFor('NoSuchEvent', unknownId),
        data: '{}',
      }),
      badData: appendRawForTesting(path, {
        stream: 'bad-1',
        eventId: badDataId,
        type: 'DistTagSet',
        metadata: metadataFor('DistTagSet', badDataId),
        data: JSON.stringify({ name: 'not a package name', tag: 'UPPER', version: 'v1' }),
      }),
      notJsonData: appendRawForTesting(path, {
        stream: 'bad-1',
        eventId: uuidv7(),
        type: 'DistTagSet',
        metadata: metadataFor('DistTagSet', uuidv7()),
        data: '\u0000not json',
      }),
    };
    await store.append('good-1', [tagEvent('good-1')], { expectedRevision: 0n });

    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    const results: DecodeResult[] = all.map((raw) => decodeEvent(raw));
    const failures = new Map(results.filter((r) => !r.ok).map((r) => [r.position, r]));

    expect(results[0]!.ok && results[5]!.ok).toBe(true);
    expect(failures.get(positions.badJson)).toMatchObject({ ok: false, position: 2n, reason: 'bad_metadata' });
    expect(failures.get(positions.unknownType)).toMatchObject({
      ok: false,
      position: 3n,
      reason: 'unknown_type',
      eventId: unknownId,
    });
    expect(failures.get(positions.badData)).toMatchObject({
      ok: false,
      position: 4n,
      reason: 'bad_data',
      eventId: badDataId,
    });
    expect(failures.get(positions.notJsonData)).toMatchObject({ ok: false, position: 5n, reason: 'bad_data' });
    for (const failure of failures.values()) expect(failure.ok === false && failure.detail.length).toBeGreaterThan(0);
    expect((await store.readStream('bad-1')).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('reach a live subscriber like any other row', async () => {
    const controller = new AbortController();
    const seen: DecodeResult[] = [];
    const consuming = (async () => {
      for await (const raw of store.subscribeToAll({ signal: controller.signal })) {
        seen.push(decodeEvent(raw));
        if (seen.length === 2) controller.abort();
      }
    })();
    appendRawForTesting(path, { stream: 'bad-1', eventId: uuidv7(), type: 'X', metadata: 'null', data: 'null' });
    await store.append('good-1', [tagEvent('good-1')]);
    await consuming;
    expect(seen.map((r) => r.ok)).toEqual([false, true]);
    expect(seen[0]).toMatchObject({ position: 1n, reason: 'bad_metadata' });
  });
});
