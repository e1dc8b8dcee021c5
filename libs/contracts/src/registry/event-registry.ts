import type { z } from 'zod';
import type { EventEnvelope } from '../envelope/event-envelope.js';
import * as pkg from '../events/package-events.js';
import * as key from '../events/key-events.js';
import { consumerEventParkedV1 } from '../events/consumer-events.js';

/**
 * The catalogue of every event type: its stable name, each schema version it ever had, and how
 * each older version is upcast to the next. Readers only ever see the current version.
 */
interface TypeSpec<TCurrent extends z.ZodTypeAny> {
  current: TCurrent;
  /** Older versions, keyed by version number, each with its upcaster to version+1's shape. */
  older?: Record<number, { schema: z.ZodTypeAny; upcast: (data: never) => unknown }>;
}

const spec = <T extends z.ZodTypeAny>(s: TypeSpec<T>) => s;

export const eventTypes = {
  PackageVersionSubmitted: spec({ current: pkg.packageVersionSubmittedV1 }),
  PackageVersionVerified: spec({ current: pkg.packageVersionVerifiedV1 }),
  PackageVersionRejected: spec({ current: pkg.packageVersionRejectedV1 }),
  PackageVersionStored: spec({ current: pkg.packageVersionStoredV1 }),
  PackageVersionYanked: spec({ current: pkg.packageVersionYankedV1 }),
  PackageVersionUnyanked: spec({ current: pkg.packageVersionUnyankedV1 }),
  PackageVersionDeprecated: spec({ current: pkg.packageVersionDeprecatedV1 }),
  DistTagSet: spec({ current: pkg.distTagSetV1 }),
  DistTagRemoved: spec({ current: pkg.distTagRemovedV1 }),
  DownloadsCounted: spec({ current: pkg.downloadsCountedV1 }),
  PublisherKeyRegistered: spec({
    current: key.publisherKeyRegisteredV2,
    older: { 1: { schema: key.publisherKeyRegisteredV1, upcast: key.upcastPublisherKeyRegisteredV1 } },
  }),
  NamespacesClaimed: spec({ current: key.namespacesClaimedV1 }),
  ConsumerEventParked: spec({ current: consumerEventParkedV1 }),
} as const;

export type EventType = keyof typeof eventTypes;
export type EventData<T extends EventType> = z.output<(typeof eventTypes)[T]['current']>;
export type DomainEvent = { [T in EventType]: EventEnvelope<T, EventData<T>> }[EventType];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventTypes, type);

export const currentSchemaVersion = (type: EventType): number => {
  const older = (eventTypes[type] as TypeSpec<z.ZodTypeAny>).older;
  return older ? Math.max(...Object.keys(older).map(Number)) + 1 : 1;
};

export const typeSpec = (type: EventType): TypeSpec<z.ZodTypeAny> => eventTypes[type] as TypeSpec<z.ZodTypeAny>;
