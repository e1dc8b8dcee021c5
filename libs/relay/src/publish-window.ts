import type { StoredEvent } from '@market/event-store';
import { createInbox, type Msg, type NatsConnection, type Subscription } from 'nats';
import { JetStreamPublishError, RelayError } from './relay-error.js';
import { toRelayMessage } from './relay-message.js';
import type { StreamTip } from './stream-tip.js';

interface Pending {
  token: number;
  /** The stream sequence this event must land at. */
  seq: number;
  event: StoredEvent;
  sentAt: number;
}

interface PubAckBody {
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

const decoder = new TextDecoder();

/**
 * Publishes events in order with many acks outstanding. Every publish carries
 * `Nats-Expected-Last-Sequence` = the sequence the stream must end at for this event to be the
 * next one; the server refuses it otherwise. That makes the stream a gap-free, duplicate-free
 * prefix of the store's order whatever else publishes: a second relay, or this one resumed from
 * a stale tip, can only add the very event that comes next (a re-publish of an event already
 * there is refused, or acked as a duplicate, and then only at the sequence we expected).
 *
 * Acks are settled in send order and `onAck` only moves over a contiguous run of them. The
 * window does its own request/reply over one wildcard inbox rather than `js.publish` per event:
 * no per-request timer, error object and mux entry, which is what keeps it above 20k events/s.
 */
export class PublishWindow {
  private nextSeq: number;
  private nextToken = 0;
  private readonly queue: Pending[] = [];
  private head = 0;
  private readonly answers = new Map<number, PubAckBody | Error>();
  private failure: unknown;
  private waiters: (() => void)[] = [];
  private readonly inbox = createInbox();
  private readonly subscription: Subscription;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly nats: NatsConnection,
    tip: StreamTip,
    private readonly options: {
      maxInFlight: number;
      timeoutMs: number;
      onAck: (position: bigint) => void;
      onFailure: (error: unknown) => void;
    },
  ) {
    this.nextSeq = tip.lastSeq + 1;
    this.subscription = nats.subscribe(`${this.inbox}.*`, {
      callback: (error, message) => this.onReply(error, message),
    });
    this.timer = setInterval(() => this.checkTimeout(), Math.min(250, options.timeoutMs));
  }

  get failed(): unknown {
    return this.failure;
  }

  get inFlight(): number {
    return this.queue.length - this.head;
  }

  hasRoom(): boolean {
    return this.inFlight < this.options.maxInFlight && this.failure === undefined;
  }

  /**
   * Waits for a free slot; throws the first failure seen so the caller re-syncs. Callers send a
   * whole batch without awaiting in between while there is room: nats.js flushes its outbound
   * buffer on a microtask, so sends made in one tick leave in one socket write.
   */
  async room(): Promise<void> {
    while (this.inFlight >= this.options.maxInFlight && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends now (call when `hasRoom()`). */
  send(event: StoredEvent): void {
    if (this.failure !== undefined) throw this.failure;
    const seq = this.nextSeq++;
    const token = this.nextToken++;
    const message = toRelayMessage(event);
    message.headers.set('Nats-Msg-Id', event.eventId);
    message.headers.set('Nats-Expected-Last-Sequence', String(seq - 1));
    this.queue.push({ token, seq, event, sentAt: Date.now() });
    this.nats.publish(message.subject, message.payload, { headers: message.headers, reply: `${this.inbox}.${token}` });
  }

  /** Resolves once every publish sent so far is acked, or (after a failure) answered or timed out. */
  async settled(): Promise<void> {
    while (this.inFlight > 0) {
      if (this.failure !== undefined && Date.now() - this.queue[this.queue.length - 1]!.sentAt > this.options.timeoutMs)
        break;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.subscription.unsubscribe();
    this.wake();
  }

  private onReply(error: Error | null, message: Msg): void {
    const token = Number(message.subject.slice(this.inbox.length + 1));
    if (error) this.answers.set(token, error);
    else if (message.headers?.code === 503)
      this.answers.set(token, new Error('no JetStream stream answers for this subject (503)'));
    else {
      try {
        this.answers.set(token, JSON.parse(decoder.decode(message.data)) as PubAckBody);
      } catch {
        this.answers.set(token, new Error(`unreadable publish ack: ${decoder.decode(message.data).slice(0, 200)}`));
      }
    }
    this.settleInOrder();
  }

  private settleInOrder(): void {
    let acked: bigint | undefined;
    while (this.head < this.queue.length) {
      const pending = this.queue[this.head]!;
      const answer = this.answers.get(pending.token);
      if (answer === undefined) break;
      this.answers.delete(pending.token);
      this.head++;
      if (this.failure !== undefined) continue;
      const problem = this.check(pending, answer);
      if (problem) this.fail(problem);
      else acked = pending.event.position;
    }
    if (this.head > 4_096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (acked !== undefined && this.failure === undefined) this.options.onAck(acked);
    // Refill in bursts (half a window at a time), so sends keep sharing socket writes.
    if (this.inFlight <= this.options.maxInFlight / 2 || this.failure !== undefined) this.wake();
  }

  private check(pending: Pending, answer: PubAckBody | Error): Error | undefined {
    if (answer instanceof Error) return answer;
    if (answer.error)
      return new JetStreamPublishError(answer.error.description ?? 'publish refused', answer.error.err_code);
    if (answer.seq !== pending.seq) {
      return new RelayError(
        'stream_diverged',
        `event ${pending.event.eventId} (position ${pending.event.position}) is at stream sequence ${answer.seq}, expected ${pending.seq}`,
      );
    }
    return undefined;
  }

  private checkTimeout(): void {
    const oldest = this.queue[this.head];
    if (!oldest || Date.now() - oldest.sentAt < this.options.timeoutMs) return;
    if (this.failure === undefined)
      this.fail(
        new RelayError(
          'publish_timeout',
          `no ack for position ${oldest.event.position} within ${this.options.timeoutMs} ms`,
        ),
      );
    else this.wake();
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.options.onFailure(error);
    this.wake();
  }

  private wake(): void {
    this.waiters.splice(0).forEach((resolve) => resolve());
  }
}
