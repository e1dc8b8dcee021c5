import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chooseAllocator } from './allocator.js';
import { buildBundles, ENTRY_POINTS, type EntryName } from './build-bundles.js';
import { freePort, waitForPort } from './free-port.js';
import { findNatsServer } from './nats-binary.js';
import { startRouter } from './router.js';
import type { ServiceName } from './route-table.js';
import { SupervisedProcess } from './supervised-process.js';

/**
 * `npm start`: the whole marketplace on its embedded defaults — nats-server with JetStream,
 * the relay, the five services as separate processes, and one base URL that routes /v1/... to
 * them. Stops everything on Ctrl-C / SIGTERM; data lives in MARKET_DATA_DIR and survives restarts.
 *
 * The relay and the services run as esbuild bundles under plain node (docs/adr: bundle services
 * with esbuild): the launcher rebuilds dist/ from the current sources before it spawns anything,
 * so a stale bundle never runs. MARKET_RUN_FROM_SOURCE=1 runs the .ts sources under tsx instead.
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
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`${name} must be a TCP port (0-65535), got ${JSON.stringify(raw)}`);
  return port;
};

/**
 * How to start each program: `node [flags] dist/.../main.js` (built now, from the current sources)
 * or, with MARKET_RUN_FROM_SOURCE=1, `node --import tsx <source>.ts`.
 */
const programs = async (): Promise<(name: EntryName, args?: string[]) => string[]> => {
  if (process.env.MARKET_RUN_FROM_SOURCE === '1') {
    console.log('[launcher] MARKET_RUN_FROM_SOURCE=1: running the .ts sources under tsx');
    return (name, args = []) => ['--import', 'tsx', ENTRY_POINTS[name], ...args];
  }
  const built = await buildBundles().catch((err: unknown) =>
    fail(`build failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  console.log(
    `[launcher] built dist/ in ${built.ms} ms (${built.written.length === 0 ? 'unchanged' : `${built.written.length} files written`})`,
  );
  return (name, args = []) => [...SERVICE_NODE_FLAGS, built.bundles[name], ...args];
};

/** Source maps cost ~5-8 MB RSS per process; MARKET_SOURCE_MAPS=1 turns them on. No V8 heap flags: a capped semi-space made a 100 MB upload grow ingest RSS by ~72 MB instead of ~3 MB. */
const SERVICE_NODE_FLAGS = process.env.MARKET_SOURCE_MAPS === '1' ? ['--enable-source-maps'] : [];

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
  const program = await programs();
  const choice = chooseAllocator(process.env);
  const allocator = choice.ok ? choice : fail(choice.message);
  console.log(`[launcher] the relay and the services allocate with ${allocator.description}`);
  /** The node processes' environment: the allocator (nats-server is Go and manages its own memory). */
  const nodeEnv = { ...env, ...allocator.env };

  // Written after every (re)start so tests and operators can find each process.
  const state = {
    url: '',
    natsUrl,
    dataDir,
    ports: {} as Record<string, number>,
    // The router runs in the launcher itself.
    pids: { router: process.pid } as Record<string, number | undefined>,
  };
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

  const relayPort = portFrom('RELAY_PORT', undefined) ?? (await freePort());
  state.ports.relay = relayPort;
  const relay = new SupervisedProcess({
    name: 'relay',
    command: process.execPath,
    args: program('relay'),
    env: { ...nodeEnv, RELAY_PORT: String(relayPort) },
    logFile: log('relay'),
    echo,
    onStart: onStart('relay'),
  });
  relay.start();
  children.push(relay);

  const ports: Partial<Record<ServiceName, number>> = {};
  const processes: Partial<Record<ServiceName, SupervisedProcess>> = {};
  for (const svc of services) {
    const port = portFrom(svc.portVar, undefined) ?? (await freePort());
    ports[svc.name] = port;
    state.ports[svc.name] = port;
    const proc = new SupervisedProcess({
      name: svc.name,
      command: process.execPath,
      args: program(svc.name, rebuild ? ['--rebuild'] : []),
      env: { ...nodeEnv, [svc.portVar]: String(port) },
      logFile: log(svc.name),
      echo,
      onStart: onStart(svc.name),
      ipc: true,
    });
    proc.start();
    children.push(proc);
    processes[svc.name] = proc;
  }

  const router = await startRouter({
    port: marketPort,
    upstreams: () => ports,
    handOff: (service, socket, bytes, onFailed) => processes[service]?.handOff(socket, bytes, onFailed) ?? false,
  });
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
