import { EVENTS_STREAM, headers as marketHeaders } from '@market/contracts';
import type { JetStreamManager } from 'nats';
import { RelayError } from './relay-error.js';

/** Where the events stream ends: its last sequence and the store position of the event stored there. */
export interface StreamTip {
  lastSeq: number;
  position: bigint;
}

/**
 * The stream itself is the relay's only checkpoint: whatever it holds last is what was relayed
 * last, whichever relay process put it there.
 */
export const readStreamTip = async (jsm: JetStreamManager): Promise<StreamTip> => {
  const info = await jsm.streams.info(EVENTS_STREAM);
  const lastSeq = info.state.last_seq;
  if (lastSeq === 0) return { lastSeq, position: 0n };
  let raw: string | undefined;
  try {
    raw = (await jsm.streams.getMessage(EVENTS_STREAM, { seq: lastSeq })).header.get(marketHeaders.position);
  } catch (cause) {
    throw new RelayError(
      'stream_tip_unreadable',
      `${EVENTS_STREAM} message ${lastSeq} cannot be read (purged?): ${(cause as Error).message}`,
      { cause },
    );
  }
  if (!raw || !/^\d+$/.test(raw)) {
    throw new RelayError(
      'stream_tip_unreadable',
      `${EVENTS_STREAM} message ${lastSeq} has no valid ${marketHeaders.position} header (${JSON.stringify(raw)}): was it published by something other than the relay?`,
    );
  }
  return { lastSeq, position: BigInt(raw) };
};
