import { EVENTS_STREAM } from '@market/contracts';
import { AckPolicy, DeliverPolicy, ReplayPolicy, nanos, type JetStreamManager } from 'nats';

export interface DurableSettings {
  name: string;
  startSeq: number;
  filterSubject?: string;
  ackWaitMs: number;
  maxDeliver: number;
}

/** JetStream durable names may not contain `.`, `*`, `>`, path separators or whitespace. */
export const durableNameFor = (consumer: string): string => consumer.replace(/[^A-Za-z0-9_-]/g, '_');

const CONSUMER_NOT_FOUND = 10014;

/**
 * Deletes the instance's durable consumer and creates it again to start exactly at `startSeq`.
 * Reusing the old one would be wrong: messages it delivered to a crashed process and never got
 * acked would come back only after their ack wait, i.e. after newer messages, and an in-order
 * consumer would then skip them (position already passed) or apply them out of order. Starting
 * over from the first unhandled sequence keeps delivery strictly in stream order.
 */
export const recreateDurable = async (jsm: JetStreamManager, settings: DurableSettings): Promise<string> => {
  const durable = durableNameFor(settings.name);
  try {
    await jsm.consumers.delete(EVENTS_STREAM, durable);
  } catch (error) {
    if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== CONSUMER_NOT_FOUND) throw error;
  }
  const ackWait = nanos(settings.ackWaitMs);
  await jsm.consumers.add(EVENTS_STREAM, {
    durable_name: durable,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: settings.startSeq,
    ack_policy: AckPolicy.Explicit,
    ack_wait: ackWait,
    // Backstop only: the consumer retries in-process and acks every event it has dealt with, so
    // JetStream redelivers only what a stuck or vanished process left unacked.
    max_deliver: settings.maxDeliver,
    backoff: [ackWait, ackWait * 2, ackWait * 4],
    replay_policy: ReplayPolicy.Instant,
    ...(settings.filterSubject ? { filter_subject: settings.filterSubject } : {}),
  });
  return durable;
};
