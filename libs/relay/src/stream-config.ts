import {
  DEAD_LETTER_STREAM,
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENTS_STREAM,
  EVENTS_SUBJECT_PREFIX,
} from '@market/contracts';
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';

/** Two minutes: longer than any relay restart, so a re-publish after a crash is dropped by the server. */
export const DUPLICATE_WINDOW_MS = 120_000;

export const eventsStreamConfig = (): Partial<StreamConfig> & { name: string } => ({
  name: EVENTS_STREAM,
  description: 'Every domain event, in event-store order (published only by the relay)',
  subjects: [`${EVENTS_SUBJECT_PREFIX}.>`],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(DUPLICATE_WINDOW_MS),
});

export const deadLetterStreamConfig = (): Partial<StreamConfig> & { name: string } => ({
  name: DEAD_LETTER_STREAM,
  description: 'Events a consumer gave up on, with the reason (see ConsumerEventParked in the store)',
  subjects: [`${DEAD_LETTER_SUBJECT_PREFIX}.>`],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(DUPLICATE_WINDOW_MS),
});

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

const apiCode = (error: unknown): number | undefined =>
  (error as { api_error?: { err_code?: number } } | undefined)?.api_error?.err_code;

/** Creates the stream, or updates it to `config` when it exists (also when another process creates it at the same moment). */
export const ensureStream = async (
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> => {
  let existing: StreamConfig | undefined;
  try {
    existing = (await jsm.streams.info(config.name)).config;
  } catch (error) {
    if (apiCode(error) !== STREAM_NOT_FOUND) throw error;
  }
  if (!existing) {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      if (apiCode(error) !== STREAM_NAME_IN_USE) throw error;
      existing = (await jsm.streams.info(config.name)).config;
    }
  }
  const wanted = { ...existing, ...config };
  if (JSON.stringify(wanted) !== JSON.stringify({ ...existing })) await jsm.streams.update(config.name, wanted);
};

/** The events stream and the dead-letter stream, as the relay and the bus both expect them. */
export const ensureEventStreams = async (jsm: JetStreamManager): Promise<void> => {
  await ensureStream(jsm, eventsStreamConfig());
  await ensureStream(jsm, deadLetterStreamConfig());
};
