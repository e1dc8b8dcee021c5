import type { StoredEvent } from '../event-store.js';

export interface SqliteEventRow {
  position: bigint;
  stream: string;
  revision: bigint;
  event_id: string;
  type: string;
  metadata: string;
  data: string;
}

export const selectEventColumns = 'position, stream, revision, event_id, type, metadata, data';

/**
 * A row whose JSON does not parse is still returned, with the raw text in place of the value:
 * decodeEvent then reports it (with its position) instead of the whole read failing.
 */
export const toStoredEvent = (row: SqliteEventRow): StoredEvent => ({
  position: row.position,
  revision: row.revision,
  stream: row.stream,
  type: row.type,
  eventId: row.event_id,
  metadata: parseOrRaw(row.metadata),
  data: parseOrRaw(row.data),
});

const parseOrRaw = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
