import type { DecodedEvent, DomainEvent } from '@market/contracts';
import { isWrongExpectedRevision, type EventStore } from '@market/event-store';
import { ProblemError } from '@market/http';
import { readDecoded } from './read-decoded.js';

export type Decision<TRefusal> = { ok: true; events: DomainEvent[] } | ({ ok: false } & TRefusal);

/** Every attempt lost its race: the stream is too busy right now (503, the client may retry). */
export class StreamContentionError extends Error {
  readonly type = 'stream_contention' as const;
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(`stream ${stream} changed under ${attempts} consecutive attempts`);
    this.name = 'StreamContentionError';
  }
}

/**
 * Read a stream, decide on its current state, append with the revision that was read. If
 * another writer got in between, the store refuses the append and the decision is made again on
 * the fresh state: of two racing writers for one `name@version`, exactly one proceeds.
 */
export const decideAndAppend = async <TState, TRefusal>(
  store: EventStore,
  stream: string,
  fold: (events: DecodedEvent[]) => TState,
  decide: (state: TState) => Decision<TRefusal>,
  maxAttempts = 8,
): Promise<Decision<TRefusal>> => {
  for (let attempt = 1; ; attempt++) {
    const { events, revision } = await readDecoded(store, stream);
    const decision = decide(fold(events));
    if (!decision.ok || decision.events.length === 0) return decision;
    try {
      await store.append(stream, decision.events, { expectedRevision: revision ?? 'no_stream' });
      return decision;
    } catch (error) {
      if (!isWrongExpectedRevision(error)) throw error;
      if (attempt >= maxAttempts) throw new StreamContentionError(stream, attempt);
    }
  }
};

/** Maps losing every race to 503 `contention`: nothing was appended, a retry is safe. */
export const appendOrContention = async <T>(append: () => Promise<T>): Promise<T> => {
  try {
    return await append();
  } catch (error) {
    if (error instanceof StreamContentionError) {
      throw new ProblemError(503, 'contention', `${error.message}; nothing was appended, retry`);
    }
    throw error;
  }
};
