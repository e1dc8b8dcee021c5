import { newEvent, streams, type DomainEvent } from '@market/contracts';

/** Builders for package-stream events in unit specs (given/when/then over plain data). */
const stream = (name: string) => streams.package(name);
const ctx = { actor: 'test' };
const HEX = 'a'.repeat(64);

export const submitted = (name: string, version: string, submissionId: string): DomainEvent =>
  newEvent(
    'PackageVersionSubmitted',
    stream(name),
    {
      submissionId,
      name,
      version,
      sha256: HEX,
      blake3: HEX,
      size: 10,
      keyId: 'ab'.repeat(8),
      signature: 'c2ln',
      stagingRef: `staging/${submissionId}`,
    },
    ctx,
  );

export const rejected = (name: string, version: string, submissionId: string): DomainEvent =>
  newEvent(
    'PackageVersionRejected',
    stream(name),
    { submissionId, name, version, reason: 'signature_invalid', detail: 'bad' },
    ctx,
  );

export const stored = (name: string, version: string, submissionId: string): DomainEvent =>
  newEvent(
    'PackageVersionStored',
    stream(name),
    { submissionId, name, version, sha256: HEX, size: 10, deduplicated: false },
    ctx,
  );

export const yanked = (name: string, version: string): DomainEvent =>
  newEvent('PackageVersionYanked', stream(name), { name, version, reason: 'oops' }, ctx);

export const unyanked = (name: string, version: string): DomainEvent =>
  newEvent('PackageVersionUnyanked', stream(name), { name, version, reason: '' }, ctx);

export const distTagSet = (name: string, tag: string, version: string): DomainEvent =>
  newEvent('DistTagSet', stream(name), { name, tag, version }, ctx);
