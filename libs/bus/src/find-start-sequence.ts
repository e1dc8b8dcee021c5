import { EVENTS_STREAM, headers as marketHeaders } from '@market/contracts';
import type { JetStreamManager } from 'nats';

export interface StartPoint {
  /** First stream sequence to deliver. */
  seq: number;
  /** Store position of the message at `seq`, when the stream already holds one beyond `after`. */
  position?: bigint;
}

const NO_MESSAGE = 10037;

/**
 * Binary search for the first message whose Market-Position is after `after`. The relay stores
 * events in store order, so positions increase with the sequence. Sequences the stream no longer
 * holds (deleted) are stepped over.
 */
export const findStartSequence = async (jsm: JetStreamManager, after: bigint): Promise<StartPoint> => {
  const { state } = await jsm.streams.info(EVENTS_STREAM);
  let lo = state.first_seq;
  let hi = state.last_seq;
  let found: StartPoint = { seq: state.last_seq + 1 };
  if (state.messages === 0) return found;
  while (lo <= hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const probe = await firstPositionFrom(jsm, mid, hi);
    if (!probe) {
      hi = mid - 1;
      continue;
    }
    if (probe.position > after) {
      found = probe;
      hi = mid - 1;
    } else {
      lo = probe.seq + 1;
    }
  }
  return found;
};

const firstPositionFrom = async (
  jsm: JetStreamManager,
  from: number,
  to: number,
): Promise<{ seq: number; position: bigint } | undefined> => {
  for (let seq = from; seq <= to; seq++) {
    try {
      const message = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
      const raw = message.header.get(marketHeaders.position);
      if (/^\d+$/.test(raw)) return { seq, position: BigInt(raw) };
    } catch (error) {
      if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== NO_MESSAGE) throw error;
    }
  }
  return undefined;
};
