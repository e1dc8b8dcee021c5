import type { DecodedEventOf, EventType } from '@market/contracts';
import type { SqliteReadModel } from '@market/read-model';
import type { Database } from 'better-sqlite3';
import type { ConsumerHandle, ConsumerOptions, HandlerContext } from './consumer-options.js';
import { startConsumer } from './start-consumer.js';

export interface ProjectionOptions<T extends EventType = EventType>
  extends Omit<ConsumerOptions<T>, 'handle' | 'startAfter'> {
  readModel: SqliteReadModel;
  /**
   * Synchronous: runs inside the read model's transaction, together with its checkpoint. Events
   * of types outside `eventTypes` are not applied, so the checkpoint only moves with the next one
   * that is (a restart reads the skipped ones again, and skips them again).
   */
  apply: (db: Database, event: DecodedEventOf<T>, context: HandlerContext) => void;
}

/**
 * A consumer that applies each event to a SQLite read model in the same transaction as the
 * checkpoint, starting after that checkpoint: whatever is redelivered or killed, every event is
 * applied exactly once. Events that arrive together (a catch-up read, or messages buffered while
 * the previous ones were applied) are applied in one transaction; if that fails, one by one.
 */
export const startProjection = <T extends EventType = EventType>(
  options: ProjectionOptions<T>,
): Promise<ConsumerHandle> => {
  const { readModel, apply, onParked, ...consumer } = options;
  return startConsumer<T>({
    ...consumer,
    startAfter: readModel.lastPosition(),
    handle: (event, context) => {
      readModel.apply(event.position, (db) => apply(db, event, context));
    },
    // Events that arrive together commit together: one transaction (and checkpoint) per run.
    handleBatch: (events, contexts) => {
      readModel.applyBatch(
        events.map((event, i) => ({
          position: event.position,
          change: (db: Database) => apply(db, event, contexts[i]!),
        })),
      );
    },
    onParked: async (parked) => {
      // Move the checkpoint past the parked event, or the next start would try (and park) it again.
      readModel.apply(parked.position, () => undefined);
      await onParked?.(parked);
    },
  });
};

/** Drops the read model and projects all of history into it again, from the event store. */
export const rebuildProjection = <T extends EventType = EventType>(
  options: ProjectionOptions<T>,
): Promise<ConsumerHandle> => {
  options.readModel.drop();
  return startProjection(options);
};
