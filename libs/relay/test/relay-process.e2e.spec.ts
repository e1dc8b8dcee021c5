import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from '@market/event-store';
import {
  downloadsCounted,
  freePort,
  spawnTsx,
  startNatsServer,
  tempDir,
  waitUntil,
  type NatsServer,
  type TempDir,
  type TsxProcess,
} from '@market/testing';

/** The relay as the launcher runs it: its own process, stopped by a signal. */
describe('relay process (e2e)', () => {
  let dir: TempDir | undefined;
  let relay: TsxProcess | undefined;
  let nats: NatsServer | undefined;
  let store: SqliteEventStore | undefined;

  afterEach(async () => {
    relay?.kill('SIGKILL');
    await relay?.exited;
    await store?.close();
    await nats?.stop();
    dir?.remove();
    [relay, nats, store, dir] = [undefined, undefined, undefined, undefined];
  });

  it('exits 0 on SIGTERM while it is still starting (here: waiting for a NATS server that is not up)', async () => {
    dir = tempDir('relay-process');
    relay = spawnTsx('libs/relay/src/main.ts', {
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      MARKET_EVENT_STORE_URL: `sqlite:${join(dir.path, 'events.sqlite')}`,
    });
    await relay.waitForOutput(/relay starting/);
    relay.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    expect(relay.output()).toContain('relay stopped while starting');
  });

  it('serves /metrics with its published position and the store head on RELAY_PORT, and /v1/health', async () => {
    dir = tempDir('relay-metrics');
    nats = await startNatsServer();
    const path = join(dir.path, 'events.sqlite');
    store = openSqliteEventStore({ path });
    const port = await freePort();
    relay = spawnTsx('libs/relay/src/main.ts', {
      NATS_URL: nats.url,
      MARKET_EVENT_STORE_URL: `sqlite:${path}`,
      RELAY_PORT: String(port),
    });
    await relay.waitForOutput(/relay started/);
    const events = Array.from({ length: 5 }, () => downloadsCounted(1, 1));
    const { position } = await store.append(events[0]!.stream, events, { expectedRevision: 'any' });

    const gauge = (text: string, name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
    let text = '';
    await waitUntil(
      async () => {
        text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return gauge(text, 'market_relay_published_position') === Number(position);
      },
      { timeoutMs: 15_000, intervalMs: 20, message: 'the relay to report the appended position as published' },
    );
    expect(gauge(text, 'market_relay_store_head_position')).toBe(Number(position));
    expect(text).toContain('process_resident_memory_bytes');

    const health = await fetch(`http://127.0.0.1:${port}/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', service: 'relay', publishedUpTo: String(position) });
    const unknown = await fetch(`http://127.0.0.1:${port}/v1/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(((await unknown.json()) as { code: string }).code).toBe('not_found');

    relay.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses a RELAY_PORT that is not a port, naming the variable', async () => {
    dir = tempDir('relay-bad-port');
    relay = spawnTsx('libs/relay/src/main.ts', {
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      MARKET_EVENT_STORE_URL: `sqlite:${join(dir.path, 'events.sqlite')}`,
      RELAY_PORT: 'seventy',
    });
    expect((await relay.exited).code).toBe(1);
    expect(relay.output()).toContain('RELAY_PORT must be a TCP port (0-65535), got \\"seventy\\"');
  });
});
