import { createHash, randomUUID } from 'node:crypto';
import { type DomainEvent, type PackManifest, newEvent, streams } from '@market/contracts';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const context = { actor: 'test' };

export interface PackSpec {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  categories?: string[];
  authors?: string[];
}

const manifestOf = (spec: PackSpec): PackManifest => ({
  description: spec.description ?? '',
  license: 'MIT',
  authors: spec.authors ?? ['Test Author'],
  categories: spec.categories ?? [],
  keywords: spec.keywords ?? [],
  dependencies: {},
});

/** Submitted + Verified, and Stored unless `stored: false`: what the pipeline appends for one publish. */
export const publishEvents = (spec: PackSpec, { stored = true }: { stored?: boolean } = {}): DomainEvent[] => {
  const stream = streams.package(spec.name);
  const submissionId = randomUUID();
  const sha256 = hex(`${spec.name}@${spec.version}`);
  const ref = { submissionId, name: spec.name, version: spec.version, sha256, size: 10 };
  const common = {
    ...ref,
    blake3: sha256,
    keyId: 'ab'.repeat(8),
    signature: 'AAAA',
    stagingRef: `staging/${submissionId}`,
  };
  const events: DomainEvent[] = [
    newEvent('PackageVersionSubmitted', stream, common, context),
    newEvent('PackageVersionVerified', stream, { ...common, manifest: manifestOf(spec), files: [] }, context),
  ];
  if (stored) events.push(newEvent('PackageVersionStored', stream, { ...ref, deduplicated: false }, context));
  return events;
};

export const storedEvent = (verified: DomainEvent): DomainEvent => {
  const data = verified.data as { submissionId: string; name: string; version: string; sha256: string; size: number };
  const { submissionId, name, version, sha256, size } = data;
  return newEvent(
    'PackageVersionStored',
    verified.stream,
    { submissionId, name, version, sha256, size, deduplicated: false },
    context,
  );
};

export const yankEvent = (name: string, version: string): DomainEvent =>
  newEvent('PackageVersionYanked', streams.package(name), { name, version, reason: 'broken' }, context);

export const unyankEvent = (name: string, version: string): DomainEvent =>
  newEvent('PackageVersionUnyanked', streams.package(name), { name, version, reason: '' }, context);

export const deprecateEvent = (name: string, version: string, message = 'use something else'): DomainEvent =>
  newEvent('PackageVersionDeprecated', streams.package(name), { name, version, message }, context);

export const downloadsEvent = (name: string, version: string, count: number, windowEnd: Date): DomainEvent =>
  newEvent(
    'DownloadsCounted',
    streams.package(name),
    { name, version, count, windowEnd: windowEnd.toISOString() },
    context,
  );
