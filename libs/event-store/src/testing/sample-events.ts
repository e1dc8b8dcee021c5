import type { DomainEvent, EventData, EventType } from '@market/contracts';
import { newEvent } from '@market/contracts';

const hex = (char: string, length: number) => char.repeat(length);
const submissionId = '0190f5d2-7a1b-7c3d-8e4f-123456789abc';
const version = { name: 'acme/widgets', version: '1.2.3-beta.1+build.5' };

/**
 * One valid payload per event type, with every defaulted field spelled out so that a decoded
 * event compares equal to what was appended. Typed as a total map: adding an event type to
 * the contracts fails compilation here until it has a sample.
 */
export const sampleData: { [T in EventType]: EventData<T> } = {
  PackageVersionSubmitted: {
    submissionId,
    ...version,
    sha256: hex('a', 64),
    blake3: hex('b', 64),
    size: 12_345,
    keyId: hex('c', 16),
    signature: 'c2lnbmF0dXJl',
    stagingRef: 'staging/0190f5d2',
  },
  PackageVersionVerified: {
    submissionId,
    ...version,
    sha256: hex('a', 64),
    blake3: hex('b', 64),
    size: 12_345,
    keyId: hex('c', 16),
    signature: 'c2lnbmF0dXJl',
    stagingRef: 'staging/0190f5d2',
    manifest: {
      description: 'Widgets — with ünïcödé and "quotes"',
      license: 'MIT',
      authors: ['Ada <ada@example.com>'],
      categories: ['templates'],
      keywords: ['rust', 'cli'],
      homepage: 'https://example.com',
      repository: 'https://example.com/repo.git',
      dependencies: { 'acme/base': '^1.0.0' },
    },
    files: [{ path: 'templates/main.tmpl', size: 42 }],
  },
  PackageVersionRejected: { submissionId, ...version, reason: 'signature_invalid', detail: 'bad signature' },
  PackageVersionStored: { submissionId, ...version, sha256: hex('a', 64), size: 12_345, deduplicated: false },
  PackageVersionYanked: { ...version, reason: 'security issue' },
  PackageVersionUnyanked: { ...version, reason: '' },
  PackageVersionDeprecated: { ...version, message: 'use acme/gadgets' },
  DistTagSet: { name: version.name, tag: 'latest', version: version.version },
  DistTagRemoved: { name: version.name, tag: 'next' },
  DownloadsCounted: { ...version, count: 7, windowEnd: '2025-01-01T00:00:00.000Z' },
  PublisherKeyRegistered: {
    keyId: hex('d', 16),
    publicKey: 'cHVibGljS2V5',
    namespaces: ['acme', 'tools'],
    owner: 'ada',
  },
  NamespacesClaimed: { keyId: hex('d', 16), namespaces: ['acme', 'tools'] },
  ConsumerEventParked: {
    consumer: 'verify',
    eventId: submissionId,
    eventType: 'PackageVersionSubmitted',
    stream: 'package-acme/widgets',
    position: '12',
    attempts: 5,
    reason: 'boom',
  },
};

/** A sample event of every type, all in `stream`. */
export const sampleEventsOfEveryType = (stream: string): DomainEvent[] =>
  (Object.keys(sampleData) as EventType[]).map((type) =>
    newEvent(type, stream, sampleData[type] as never, {
      actor: 'contract-test',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    }),
  );

/** A small valid event for tests that only care about positions and revisions. */
export const tagEvent = (stream: string, tag = 'latest'): DomainEvent =>
  newEvent('DistTagSet', stream, { name: version.name, tag, version: version.version }, { actor: 'contract-test' });
