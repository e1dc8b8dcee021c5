import { createHash } from 'node:crypto';
import type { DomainEvent } from '@market/contracts';
import { newEvent, streams, uuidv7 } from '@market/contracts';

/** Realistic package events for tests, built through the real `newEvent`. */
export interface PublishSpec {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  at?: Date;
  keyId?: string;
  description?: string;
}

const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
const ctx = (at: Date | undefined, actor = 'test') => ({ actor, ...(at ? { now: at } : {}) });

/** Submitted → Verified → Stored for one version, all under one correlation id. */
export const publishEvents = (spec: PublishSpec): DomainEvent[] => {
  const submissionId = uuidv7();
  const stream = streams.package(spec.name);
  const facts = {
    submissionId,
    name: spec.name,
    version: spec.version,
    sha256: hex(`${spec.name}@${spec.version}`),
    size: 1000 + spec.version.length,
    keyId: spec.keyId ?? 'abcdef0123456789',
    signature: Buffer.from(`sig:${spec.name}@${spec.version}`).toString('base64'),
  };
  const context = { actor: 'key:' + facts.keyId, correlationId: submissionId, ...(spec.at ? { now: spec.at } : {}) };
  const submitted = newEvent(
    'PackageVersionSubmitted',
    stream,
    {
      ...facts,
      blake3: hex(`b3:${spec.name}@${spec.version}`),
      stagingRef: `staging/${submissionId}`,
    },
    context,
  );
  const verified = newEvent(
    'PackageVersionVerified',
    stream,
    {
      ...facts,
      blake3: hex(`b3:${spec.name}@${spec.version}`),
      stagingRef: `staging/${submissionId}`,
      manifest: {
        description: spec.description ?? `${spec.name} pack`,
        license: 'MIT',
        authors: ['Ada <ada@example.com>'],
        categories: ['templates'],
        keywords: ['codegen'],
        homepage: 'https://example.com',
        dependencies: spec.dependencies ?? {},
      },
      files: [{ path: 'pack.toml', size: 120 }],
    },
    { ...context, causationId: submitted.eventId, actor: 'verify' },
  );
  const stored = newEvent(
    'PackageVersionStored',
    stream,
    {
      submissionId,
      name: spec.name,
      version: spec.version,
      sha256: facts.sha256,
      size: facts.size,
      deduplicated: false,
    },
    { ...context, causationId: verified.eventId, actor: 'storage' },
  );
  return [submitted, verified, stored];
};

export const yankEvent = (name: string, version: string, reason = 'broken', at?: Date) =>
  newEvent('PackageVersionYanked', streams.package(name), { name, version, reason }, ctx(at, 'owner'));

export const unyankEvent = (name: string, version: string, at?: Date) =>
  newEvent('PackageVersionUnyanked', streams.package(name), { name, version, reason: '' }, ctx(at, 'owner'));

export const deprecateEvent = (name: string, version: string, message: string, at?: Date) =>
  newEvent('PackageVersionDeprecated', streams.package(name), { name, version, message }, ctx(at, 'owner'));

export const distTagSetEvent = (name: string, tag: string, version: string, at?: Date) =>
  newEvent('DistTagSet', streams.package(name), { name, tag, version }, ctx(at, 'owner'));

export const distTagRemovedEvent = (name: string, tag: string, at?: Date) =>
  newEvent('DistTagRemoved', streams.package(name), { name, tag }, ctx(at, 'owner'));

export const keyRegisteredEvent = (keyId: string, namespaces: string[], owner = 'ada', at?: Date) =>
  newEvent(
    'PublisherKeyRegistered',
    streams.key(keyId),
    { keyId, publicKey: Buffer.alloc(32, 7).toString('base64'), namespaces, owner },
    ctx(at, owner),
  );

/** Submitted → Rejected: leaves history but no published trace. */
export const rejectedEvents = (spec: PublishSpec): DomainEvent[] => {
  const [submitted] = publishEvents(spec) as [DomainEvent & { type: 'PackageVersionSubmitted' }];
  const rejected = newEvent(
    'PackageVersionRejected',
    submitted.stream,
    {
      submissionId: submitted.data.submissionId,
      name: spec.name,
      version: spec.version,
      reason: 'signature_invalid',
      detail: 'signature does not verify',
    },
    {
      actor: 'verify',
      correlationId: submitted.correlationId,
      causationId: submitted.eventId,
      ...(spec.at ? { now: spec.at } : {}),
    },
  );
  return [submitted, rejected];
};
