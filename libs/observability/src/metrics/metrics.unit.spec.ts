import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { counter, ensureDefaultMetrics } from './metrics-registry.js';

describe('createMetrics', () => {
  it('records applied events, apply latency and lag labelled by service and consumer', async () => {
    const registry = new Registry();
    const metrics = createMetrics('verify', { registry });
    metrics.recordApplied('verify', 'PackageVersionSubmitted', 0.004);
    metrics.recordApplied('verify', 'PackageVersionSubmitted', 0.02);
    metrics.setConsumerLag('verify', 12n);
    const text = await registry.metrics();
    expect(text).toContain(
      'market_events_applied_total{service="verify",consumer="verify",type="PackageVersionSubmitted"} 2',
    );
    expect(text).toContain(
      'market_event_apply_duration_seconds_count{service="verify",consumer="verify",type="PackageVersionSubmitted"} 2',
    );
    expect(text).toContain('market_consumer_lag_events{service="verify",consumer="verify"} 12');
  });

  it('lets two services in one process share the metric names instead of throwing', async () => {
    const registry = new Registry();
    const a = createMetrics('storage', { registry });
    const b = createMetrics('search-indexer', { registry });
    expect(b.eventsApplied).toBe(a.eventsApplied);
    a.recordApplied('storage', 'PackageVersionVerified', 0.001);
    b.recordApplied('search', 'PackageVersionStored', 0.001);
    const text = await registry.metrics();
    expect(text).toContain('service="storage"');
    expect(text).toContain('service="search-indexer"');
  });

  it('registers default process metrics once per registry', async () => {
    const registry = new Registry();
    ensureDefaultMetrics(registry);
    ensureDefaultMetrics(registry);
    expect(await registry.metrics()).toContain('process_cpu_user_seconds_total');
  });

  it('get-or-create returns the registered metric', () => {
    const registry = new Registry();
    const first = counter({ name: 'x_total', help: 'x' }, registry);
    expect(counter({ name: 'x_total', help: 'x' }, registry)).toBe(first);
  });
});
