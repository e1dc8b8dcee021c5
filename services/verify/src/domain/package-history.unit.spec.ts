import { newEvent, streams, type DecodedEvent, type DomainEvent } from '@market/contracts';
import { describe, expect, it } from 'vitest';
import { findVerdict, findVersionClaim, type SubmittedRef } from './package-history.js';

const stream = streams.package('acme/widgets');
const digest = { sha256: 'a'.repeat(64), blake3: 'b'.repeat(64), size: 10 };
const id = (n: number) => `0190f5e2-7d1c-7abc-9def-${String(n).padStart(12, '0')}`;

let revision = 0n;
const recorded = (event: DomainEvent): DecodedEvent =>
  ({ ...event, position: revision + 1n, revision: revision++ }) as DecodedEvent;
const submitted = (n: number, version = '1.0.0') =>
  recorded(
    newEvent(
      'PackageVersionSubmitted',
      stream,
      {
        submissionId: id(n),
        name: 'acme/widgets',
        version,
        ...digest,
        keyId: 'f'.repeat(32),
        signature: 'c2ln',
        stagingRef: `staging/${id(n)}`,
      },
      { actor: 'test' },
    ),
  );
const verified = (n: number, cause: DecodedEvent, version = '1.0.0') =>
  recorded(
    newEvent(
      'PackageVersionVerified',
      stream,
      {
        submissionId: id(n),
        name: 'acme/widgets',
        version,
        ...digest,
        keyId: 'f'.repeat(32),
        signature: 'c2ln',
        stagingRef: `staging/${id(n)}`,
        manifest: { description: '', license: 'MIT', authors: [], categories: [], keywords: [], dependencies: {} },
        files: [],
      },
      { actor: 'service:verify', causationId: cause.eventId },
    ),
  );
const rejectedFor = (n: number, cause: DecodedEvent) =>
  recorded(
    newEvent(
      'PackageVersionRejected',
      stream,
      { submissionId: id(n), name: 'acme/widgets', version: '1.0.0', reason: 'signature_invalid', detail: 'x' },
      { actor: 'service:verify', causationId: cause.eventId },
    ),
  );
const stored = (n: number) =>
  recorded(
    newEvent(
      'PackageVersionStored',
      stream,
      {
        submissionId: id(n),
        name: 'acme/widgets',
        version: '1.0.0',
        sha256: digest.sha256,
        size: 10,
        deduplicated: false,
      },
      { actor: 'service:storage' },
    ),
  );
const refOf = (event: DecodedEvent): SubmittedRef => {
  if (event.type !== 'PackageVersionSubmitted') throw new Error('not a submission');
  return {
    eventId: event.eventId,
    revision: event.revision,
    submissionId: event.data.submissionId,
    version: event.data.version,
  };
};

describe('findVerdict', () => {
  it('finds the verdict caused by this submitted event, and nothing for another', () => {
    const s1 = submitted(1);
    const s2 = submitted(2);
    const v1 = verified(1, s1);
    expect(findVerdict([s1, s2, v1], refOf(s1))?.eventId).toBe(v1.eventId);
    expect(findVerdict([s1, s2, v1], refOf(s2))).toBeUndefined();
  });
});

describe('findVersionClaim', () => {
  it('an earlier pending, verified or stored submission of the same version holds it', () => {
    const s1 = submitted(1);
    const s2 = submitted(2);
    expect(findVersionClaim([s1, s2], refOf(s2))).toEqual({ submissionId: id(1), status: 'pending' });
    expect(findVersionClaim([s1, s2, verified(1, s1)], refOf(s2))).toEqual({ submissionId: id(1), status: 'verified' });
    expect(findVersionClaim([s1, s2, verified(1, s1), stored(1)], refOf(s2))).toEqual({
      submissionId: id(1),
      status: 'published',
    });
  });

  it('a later submission never takes the version from an earlier one', () => {
    const s1 = submitted(1);
    const s2 = submitted(2);
    expect(findVersionClaim([s1, s2], refOf(s1))).toBeNull();
  });

  it('a rejected earlier submission frees the version', () => {
    const s1 = submitted(1);
    const s2 = submitted(2);
    expect(findVersionClaim([s1, s2, rejectedFor(1, s1)], refOf(s2))).toBeNull();
  });

  it('other versions and build metadata: 1.0.1 is free, 1.0.0+build is not', () => {
    const s1 = submitted(1, '1.0.0');
    const other = submitted(2, '1.0.1');
    const build = submitted(3, '1.0.0+build.7');
    expect(findVersionClaim([s1, other], refOf(other))).toBeNull();
    expect(findVersionClaim([s1, other, build], refOf(build))).toEqual({ submissionId: id(1), status: 'pending' });
  });

  it('the same submission submitted twice is no claim against itself', () => {
    const s1 = submitted(1);
    const again = submitted(1);
    expect(findVersionClaim([s1, again], refOf(again))).toBeNull();
  });
});
