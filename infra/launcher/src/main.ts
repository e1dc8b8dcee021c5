import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, waitForPort } from './free-port.js';
import { findNatsServer } from './nats-binary.js';
import { startRouter } from './router.js';
import type { ServiceName } from './route-table.js';
import { SupervisedProcess } from './supervised-process.js';

/**
 * `npm start`: the whole marketplace on its embedded defaults — nats-server with JetStream,
 * the relay, the five services as separate processes, and one base URL that routes /v1/... to
 * them. Stops everything on Ctrl-C / SIGTERM; data lives in MARKET_DATA_DIR and survives restarts.
 */
const services: { name: ServiceName; portVar: string }[] = [
  { name: 'ingest', portVar: 'INGEST_PORT' },
  { name: 'verify', portVar: 'VERIFY_PORT' },
  { name: 'storage', portVar: 'STORAGE_PORT' },
  { name: 'registry-projection', portVar: 'REGISTRY_PORT' },
  { name: 'search-indexer', portVar: 'SEARCH_PORT' },
];

/** Everything started so far, so that a failed start stops what it already started. */
const children: SupervisedProcess[] = [];

const fail = (message: string): never => {
  console.error(`[launcher] ${message}`);
  process.exit(2);
};

const failAfterStopping = async (message: string): Promise<never> => {
  console.error(`[launcher] ${message}; stopping what was started`);
  await Promise.all(children.map((c) => c.stop(5_000)));
  return fail('start failed');
};

const portFrom = (name: string, fallback: number | undefined): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} must be a TCP port (0-65535), got ${JSON.stringify(raw)}`);
  return port;
};

const main = async () => {
  const marketPort = portFrom('MARKET_PORT', 7100)!;
  const dataDir = resolve(process.env.MARKET_DATA_DIR || '.market-data');
  const rebuild = process.argv.includes('--rebuild');
  const echo = !process.argv.includes('--quiet');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  mkdirSync(join(dataDir, 'nats'), { recursive: true });

  const natsBinary = findNatsServer() ?? fail('nats-server not found: run `npm run setup` (installs it with apt-get)');
  const natsPort = portFrom('MARKET_NATS_PORT', undefined) ?? (await freePort());
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  const env = {
    ...process.env,
    MARKET_DATA_DIR: dataDir,
    NATS_URL: natsUrl,
    MARKET_EVENT_STORE_URL: process.env.MARKET_EVENT_STORE_URL || `sqlite:${join(dataDir, 'events.sqlite')}`,
    MARKET_BLOB_STORE_URL: process.env.MARKET_BLOB_STORE_URL || `file:${join(dataDir, 'blobs')}`,
  };
  const log = (name: string) => join(dataDir, 'logs', `${name}.log`);
  const tsx = (script: string, args: string[] = []) => ['--import', 'tsx', script, ...args];

  // Written after every (re)start so tests and operators can find each process.
  const state = { url: '', natsUrl, dataDir, ports: {} as Record<string, number>, pids: {} as Record<string, number | undefined> };
  const writeState = () => {
    const file = join(dataDir, 'launcher.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  const onStart = (name: string) => (pid: number | undefined) => {
    state.pids[name] = pid;
    writeState();
  };
  const nats = new SupervisedProcess({
    name: 'nats-server',
    command: natsBinary,
    args: ['-js', '-sd', join(dataDir, 'nats'), '-a', '127.0.0.1', '-p', String(natsPort)],
    env,
    logFile: log('nats-server'),
    echo: false,
    onStart: onStart('nats-server'),
  });
  nats.start();
  children.push(nats);
  await waitForPort(natsPort, 15_000);

  const relay = new SupervisedProcess({ name: 'relay', command: process.execPath, args: tsx('libs/relay/src/main.ts'), env, logFile: log('relay'), echo, onStart: onStart('relay') });
  relay.start();
  children.push(relay);

  const ports: Partial<Record<ServiceName, number>> = {};
  for (const svc of services) {
    const port = portFrom(svc.portVar, undefined) ?? (await freePort());
    ports[svc.name] = port;
    state.ports[svc.name] = port;
    const proc = new SupervisedProcess({
      name: svc.name,
      command: process.execPath,
      args: tsx(`services/${svc.name}/src/main.ts`, rebuild ? ['--rebuild'] : []),
      env: { ...env, [svc.portVar]: String(port) },
      logFile: log(svc.name),
      echo,
      onStart: onStart(svc.name),
    });
    proc.start();
    children.push(proc);
  }

  const router = await startRouter({ port: marketPort, upstreams: () => ports });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[launcher] ${signal}: stopping`);
    await router.close();
    // Services and relay first, the bus last, so nothing loses its connection mid-work.
    await Promise.all(children.filter((c) => c !== nats).map((c) => c.stop()));
    await nats.stop();
    console.log('[launcher] stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Generous: on a loaded 2-core machine a cold tsx start of a Nest service can take a minute.
  const startTimeoutMs = Number(process.env.MARKET_START_TIMEOUT_MS) || 300_000;
  await Promise.all(services.map((s) => waitForPort(ports[s.name]!, startTimeoutMs)));
  state.url = router.url;
  state.ports.router = marketPort;
  writeState();
  console.log(`[launcher] marketplace ready at ${router.url}  (data: ${dataDir}, logs: ${join(dataDir, 'logs')})`);
};

main().catch((err: unknown) => failAfterStopping(err instanceof Error ? err.message : String(err)));
