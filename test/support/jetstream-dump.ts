import type { NatsConnection } from 'nats';

export interface DumpedMessage {
  seq: number;
  subject: string;
  headers: Record<string, string>;
  data: string;
}

/** Every message a JetStream stream holds, in sequence order (an ordered consumer; fast for tens of thousands). */
export const dumpStream = async (nc: NatsConnection, stream: string): Promise<DumpedMessage[]> => {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await nc.jetstream().consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 1_000 });
  const out: DumpedMessage[] = [];
  try {
    for await (const m of messages) {
      const headers: Record<string, string> = {};
      for (const [key, values] of m.headers ?? []) headers[key] = values[0] ?? '';
      out.push({ seq: m.seq, subject: m.subject, headers, data: m.string() });
      if (m.seq >= state.last_seq) break;
    }
  } finally {
    messages.stop();
  }
  return out;
};
