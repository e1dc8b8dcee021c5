import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration } from 'prom-client';

/**
 * The process's registry, served on GET /metrics. Not prom-client's global one, so a
 * dependency that registers metrics globally cannot collide with ours.
 */
export const metricsRegistry = new Registry();

const withDefaults = new WeakSet<Registry>();

/**
 * Event-loop lag is sampled every 50 ms, not prom-client's 10 ms: its sampling timer woke each
 * idle process 100 times a second, ~0.6% of a core per process (six of them) for a metric whose
 * use is catching stalls, which 50 ms still catches (any stall of 50 ms or more, always).
 */
export const EVENT_LOOP_MONITORING_PRECISION_MS = 50;

/** Node process metrics (CPU, memory, event loop lag, GC), registered once per registry. */
export const ensureDefaultMetrics = (registry: Registry = metricsRegistry): void => {
  if (withDefaults.has(registry)) return;
  withDefaults.add(registry);
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
};

/**
 * Get-or-create, because one process may host several Nest apps or consumers (tests, a
 * single-process launcher) that ask for the same metric: prom-client throws on a second
 * registration of a name.
 */
export const counter = <T extends string>(config: CounterConfiguration<T>, registry = metricsRegistry): Counter<T> =>
  (registry.getSingleMetric(config.name) as Counter<T> | undefined) ??
  new Counter<T>({ ...config, registers: [registry] });

export const gauge = <T extends string>(config: GaugeConfiguration<T>, registry = metricsRegistry): Gauge<T> =>
  (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge<T>({ ...config, registers: [registry] });

export const histogram = <T extends string>(
  config: HistogramConfiguration<T>,
  registry = metricsRegistry,
): Histogram<T> =>
  (registry.getSingleMetric(config.name) as Histogram<T> | undefined) ??
  new Histogram<T>({ ...config, registers: [registry] });
