import { categoryOf } from './stream-names.js';

/**
 * The one JetStream stream that carries domain events, and how events map to subjects:
 * `market.events.<category>.<type>`. Consumers filter by category or type with wildcards
 * (single filter subjects only: nats-server 2.9 has no multi-subject filters).
 */
export const EVENTS_STREAM = 'MARKET_EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'market.events';
export const DEAD_LETTER_STREAM = 'MARKET_DEADLETTER';
export const DEAD_LETTER_SUBJECT_PREFIX = 'market.deadletter';

export const subjectFor = (stream: string, type: string): string =>
  `${EVENTS_SUBJECT_PREFIX}.${sanitizeToken(categoryOf(stream))}.${sanitizeToken(type)}`;

export const deadLetterSubject = (consumer: string): string =>
  `${DEAD_LETTER_SUBJECT_PREFIX}.${sanitizeToken(consumer)}`;

/** NATS tokens may not contain `.`, `*`, `>` or whitespace. */
const sanitizeToken = (token: string): string => token.replace(/[.*>\s]/g, '_') || '_';

/** Header names used on every relayed message (besides Nats-Msg-Id = eventId). */
export const headers = {
  position: 'Market-Position',
  stream: 'Market-Stream',
  type: 'Market-Type',
  schemaVersion: 'Market-Schema-Version',
  traceparent: 'traceparent',
  correlationId: 'Market-Correlation-Id',
} as const;
