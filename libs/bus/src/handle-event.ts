import { decodeEvent } from '@market/contracts';
import type { StoredEvent } from '@market/event-store';
import type { EventHandler, HandlerContext } from './consumer-options.js';
import { BusError } from './bus-error.js';
import { pause } from './pause.js';

export type HandleOutcome = { kind: 'handled' } | { kind: 'give_up'; attempts: number; reason: string };

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: readonly number[];
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Decodes and hands one event to the handler, retrying with backoff. An undecodable event is
 * given up at once (retrying cannot fix it). Throws BusError('stopped') when the consumer stops
 * mid-way, so the caller neither acks nor moves on.
 */
export const handleEvent = async (
  event: StoredEvent,
  handler: EventHandler,
  policy: RetryPolicy,
  context: Pick<HandlerContext, 'source' | 'signal'>,
): Promise<HandleOutcome> => {
  const decoded = decodeEvent(event);
  if (!decoded.ok)
    return { kind: 'give_up', attempts: 1, reason: `undecodable (${decoded.reason}): ${decoded.detail}` };
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (context.signal.aborted) throw new BusError('stopped', 'consumer stopped');
    try {
      await handler(decoded.event, { ...context, attempt, traceparent: decoded.event.traceparent });
      return { kind: 'handled' };
    } catch (error) {
      lastError = error;
    }
    if (attempt < policy.maxAttempts) {
      const delays = policy.backoffMs;
      await pause(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0, context.signal);
    }
  }
  if (context.signal.aborted) throw new BusError('stopped', 'consumer stopped');
  return { kind: 'give_up', attempts: policy.maxAttempts, reason: describe(lastError) };
};
