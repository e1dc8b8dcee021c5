import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counter, gauge, histogram, metricsRegistry } from './metrics-registry.js';

type ConsumerLabels = 'service' | 'consumer';
type EventLabels = ConsumerLabels | 'type';

/** The metrics every event consumer reports, labelled by service so one dashboard fits all. */
export interface ServiceMetrics {
  readonly service: string;
  readonly registry: Registry;
  readonly eventsApplied: Counter<EventLabels>;
  /** A gauge, not a counter: lag goes down as a consumer catches up. */
  readonly consumerLag: Gauge<ConsumerLabels>;
  readonly applyLatency: Histogram<EventLabels>;
  /** Counts one applied event and observes how long applying it took. */
  recordApplied(consumer: string, type: string, seconds: number): void;
  /** Events between the store's head and the consumer's position. */
  setConsumerLag(consumer: string, events: number | bigint): void;
}

export const createMetrics = (service: string, options: { registry?: Registry } = {}): ServiceMetrics => {
  const registry = options.registry ?? metricsRegistry;
  const eventsApplied = counter<EventLabels>(
    {
      name: 'market_events_applied_total',
      help: 'Events applied by a consumer',
      labelNames: ['service', 'consumer', 'type'],
    },
    registry,
  );
  const consumerLag = gauge<ConsumerLabels>(
    {
      name: 'market_consumer_lag_events',
      help: 'Events appended to the store that a consumer has not handled yet',
      labelNames: ['service', 'consumer'],
    },
    registry,
  );
  const applyLatency = histogram<EventLabels>(
    {
      name: 'market_event_apply_duration_seconds',
      help: 'Time to apply one event, read-model transaction included',
      labelNames: ['service', 'consumer', 'type'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    },
    registry,
  );
  return {
    service,
    registry,
    eventsApplied,
    consumerLag,
    applyLatency,
    recordApplied(consumer, type, seconds) {
      eventsApplied.inc({ service, consumer, type });
      applyLatency.observe({ service, consumer, type }, seconds);
    },
    setConsumerLag(consumer, events) {
      consumerLag.set({ service, consumer }, Number(events));
    },
  };
};
