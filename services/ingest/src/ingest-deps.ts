import type { BlobStore } from '@market/blob-store';
import type { EventStore } from '@market/event-store';
import type { Logger } from '@market/observability';
import type { IngestReadModel } from './read-model/ingest-read-model.js';

/** Everything the Nest module needs from the outside, built by startIngestService. */
export interface IngestDeps {
  store: EventStore;
  blobs: BlobStore;
  readModel: IngestReadModel;
  /** Resolves once the read model has applied every event up to `position` (the projection's waitFor). */
  readModelCaughtUp: (position: bigint) => Promise<void>;
  logger: Logger;
  /** Largest accepted archive, in bytes. */
  maxPackBytes: number;
  /** Injectable clock for signed commands' issuedAt window. */
  now?: () => Date;
  /** Runs when the app closes: stop the projection, then whatever the caller opened. */
  onShutdown?: () => Promise<void>;
}

export const INGEST_DEPS = Symbol('INGEST_DEPS');
