import { describe, expect, it } from 'vitest';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { decodeEvent } from '@market/contracts';
import {
  UNKNOWN_POSITION,
  isSystemEvent,
  toClientConnectionString,
  toEsdbExpected,
  toStoredEvent,
} from './esdb-mapping.js';

const resolved = (overrides: Partial<NonNullable<AllStreamResolvedEvent['event']>>, commitPosition?: bigint) =>
  ({
    event: {
      streamId: 'package-acme/widgets',
      id: '0190f5d2-7a1b-7c3d-8e4f-123456789abc',
      isJson: true,
      revision: 3n,
      type: 'DistTagSet',
      created: new Date(0),
      data: { name: 'acme/widgets' },
      metadata: { eventId: 'x' },
      position: { commit: 42n, prepare: 42n },
      ...overrides,
    },
    commitPosition,
  }) as AllStreamResolvedEvent;

describe('EventStoreDB mapping', () => {
  it('rewrites kurrentdb schemes for the v6 client, leaving esdb ones alone', () => {
    expect(toClientConnectionString('kurrentdb://h:2113?tls=false')).toBe('esdb://h:2113?tls=false');
    expect(toClientConnectionString('kurrentdb+discover://h:2113')).toBe('esdb+discover://h:2113');
    expect(toClientConnectionString('esdb://h:2113')).toBe('esdb://h:2113');
  });

  it('maps every expected revision', () => {
    expect([
      toEsdbExpected('no_stream'),
      toEsdbExpected('stream_exists'),
      toEsdbExpected('any'),
      toEsdbExpected(7n),
    ]).toEqual(['no_stream', 'stream_exists', 'any', 7n]);
  });

  it('treats $ streams, $ types and missing events as system events', () => {
    expect(isSystemEvent(resolved({}))).toBe(false);
    expect(isSystemEvent(resolved({ streamId: '$stats-127.0.0.1:2113' }))).toBe(true);
    expect(isSystemEvent(resolved({ type: '$metadata' }))).toBe(true);
    expect(isSystemEvent({} as AllStreamResolvedEvent)).toBe(true);
  });

  it('uses the commit position as the global position, and flags a missing one', () => {
    expect(toStoredEvent(resolved({}, 40n)).position).toBe(40n);
    expect(toStoredEvent(resolved({})).position).toBe(42n);
    expect(toStoredEvent(resolved({ position: { commit: 0xffff_ffff_ffff_ffffn, prepare: 0n } })).position).toBe(
      UNKNOWN_POSITION,
    );
  });

  it('hands a binary (non-JSON) payload over as text, which decodeEvent reports instead of throwing', () => {
    const stored = toStoredEvent(
      resolved({ isJson: false, data: new TextEncoder().encode('\u0001bin'), metadata: new Uint8Array([1]) } as never),
    );
    expect(typeof stored.data).toBe('string');
    expect(decodeEvent(stored)).toMatchObject({ ok: false, reason: 'bad_metadata', position: 42n });
  });
});
