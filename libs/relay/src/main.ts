import { resolve } from 'node:path';
import { connect } from 'nats';
import { openEventStore } from '@market/event-store';
import { startRelay } from './start-relay.js';
import { startRelayHttp } from './relay-http.js';

/**
 * The relay process: `node dist/libs/relay/main.js` as bundled by infra/build (the launcher builds
 * and starts it), or `node --import tsx libs/relay/src/main.ts` from source. Reads NATS_URL and
 * MARKET_EVENT_STORE_URL (defaults as in @market/config), and RELAY_PORT for GET /metrics and
 * /v1/health (none when unset). Exits 0 on SIGTERM/SIGINT after its
 * outstanding acks; any number of relays may run at once, and killing one loses nothing.
 */
const log = (level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, component: 'relay', msg, ...fields })}\n`,
  );

/** A TCP port from the environment, undefined when unset; exits 1 naming the variable when it is not one. */
const portFromEnv = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log('error', 'bad configuration', { error: `${name} must be a TCP port (0-65535), got ${JSON.stringify(raw)}` });
    process.exit(1);
  }
  return port;
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const retrying = async <T>(what: string, attempt: () => Promise<T>, onError: (error: unknown) => void): Promise<T> => {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as { type?: string }).type === 'invalid_event_store_url') throw error;
      onError(new Error(`could not ${what}: ${errorText(error)}`));
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 5_000)));
    }
  }
};

const main = async () => {
  const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  const dataDir = resolve(process.env.MARKET_DATA_DIR || '.market-data');
  const storeUrl = process.env.MARKET_EVENT_STORE_URL || `sqlite:${resolve(dataDir, 'events.sqlite')}`;
  const httpPort = portFromEnv('RELAY_PORT');

  // Until the relay runs, a stop request just exits: nothing has been published yet, and a relay
  // is built to be killed at any moment (a restarted one re-syncs from the stream's last message).
  let shutdown = async (signal: string): Promise<void> => {
    log('info', 'relay stopped while starting', { signal });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  log('info', 'relay starting', { nats: natsUrl });

  const onError = (error: unknown) => log('warn', 'relay error, retrying', { error: errorText(error) });
  // A busy store file or a server still starting is not a reason to exit: keep trying.
  const store = await retrying('open the event store', () => openEventStore(storeUrl), onError);
  const nats = await connect({
    servers: natsUrl,
    name: 'market-relay',
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    noAsyncTraces: true,
  });
  const relay = await retrying('start the relay', () => startRelay({ store, nats, onError }), onError);
  // GET /metrics and /v1/health on RELAY_PORT when it is set (compose: 7106; the launcher picks a free port).
  const web =
    httpPort === undefined
      ? undefined
      : await startRelayHttp({
          port: httpPort,
          host: process.env.MARKET_HOST || '127.0.0.1',
          publishedUpTo: () => relay.publishedUpTo(),
          storeHead: () => store.headPosition(),
        });
  log('info', 'relay started', {
    nats: natsUrl,
    publishedUpTo: relay.publishedUpTo().toString(),
    ...(web ? { url: web.url } : {}),
  });

  let stopping = false;
  shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await web?.close();
    await relay.stop();
    log('info', 'relay stopped', { signal, publishedUpTo: relay.publishedUpTo().toString() });
    await nats.drain().catch(() => undefined);
    await store.close();
    process.exit(0);
  };
};

main().catch((error: unknown) => {
  log('error', 'relay failed to start', { error: errorText(error) });
  process.exit(1);
});
